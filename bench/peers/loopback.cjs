// Preload (node -r): every server this process starts listens on 127.0.0.1 only, whatever host it asks for.
// Portkey's gateway binds every interface by default (@hono/node-server calls listen(port, undefined, cb)).
'use strict';
const net = require('net');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (args[0] !== null && typeof args[0] === 'object') {
    // listen(options[, callback]); a Unix socket path (options.path) stays as it is
    if (args[0].path === undefined) {
      args[0] = { ...args[0], host: '127.0.0.1' };
    }
  } else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    // listen(port[, host][, backlog][, callback])
    if (args.length === 1 || typeof args[1] === 'function') {
      args.splice(1, 0, '127.0.0.1');
    } else {
      args[1] = '127.0.0.1';
    }
  } else if (args.length === 0 || typeof args[0] === 'function') {
    args.unshift(0, '127.0.0.1'); // listen([callback]): a free port, on loopback
  }
  return listen.apply(this, args);
};
