// Preload (node -r) for @portkey-ai/gateway 1.15.2 on Node, for the peers benchmark. Two workarounds, neither of
// which changes what Portkey sends or how it signs beyond what the comments say.
//
// 1. Responses with mutable headers. On Node, fetch() answers carry immutable headers; Portkey's Bedrock pass-through
//    route (/v1/model/{id}/invoke) returns the upstream's Response and then deletes headers from it
//    ("content-encoding", "content-length"), which throws `TypeError: immutable` and answers 500
//    (Portkey-AI/gateway #1389, #1550). Each fetch() answer is rewrapped in a Response with a copy of its headers
//    (same status, same body stream, nothing read or buffered).
//
// 2. The port in the signed host. Portkey's SigV4 signing sets the `host` header to the custom host's hostname
//    without its port, while the request goes out with `Host: hostname:port`; an upstream on a port other than 443
//    that verifies signatures (as AWS does) refuses it. With PORTKEY_SIGNED_HOST=hostname:port, a request to be
//    signed for exactly that hostname is signed for hostname:port instead, which is the Host header sent.
'use strict';
const path = require('path');

const originalFetch = globalThis.fetch;
globalThis.fetch = async function fetchWithMutableHeaders(input, init) {
  const response = await originalFetch(input, init);
  return new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};

const signedHost = process.env.PORTKEY_SIGNED_HOST;
if (signedHost) {
  const hostname = signedHost.replace(/:\d+$/, '');
  // The package Portkey imports: CommonJS only ("main"), so an ESM import and this require share one module instance.
  const gatewayDir = process.env.PORTKEY_DIR || process.cwd();
  const { SignatureV4 } = require(require.resolve('@smithy/signature-v4', { paths: [gatewayDir] }));
  const sign = SignatureV4.prototype.sign;
  SignatureV4.prototype.sign = function signWithPort(request, options) {
    if (request && request.headers && request.headers.host === hostname) {
      request.headers.host = signedHost;
    }
    return sign.call(this, request, options);
  };
}

// 3. Reading memory (not a workaround): started with --expose-gc and PORTKEY_MEMORY_FILE set, on SIGUSR2 the process
//    runs a full garbage collection and writes process.memoryUsage() (heapUsed, external, rss …) as JSON to that
//    file, as `jcmd GC.class_histogram` gives a JVM's live heap.
const memoryFile = process.env.PORTKEY_MEMORY_FILE;
if (memoryFile && typeof globalThis.gc === 'function') {
  const fs = require('fs');
  process.on('SIGUSR2', () => {
    globalThis.gc();
    fs.writeFileSync(memoryFile + '.tmp', JSON.stringify(process.memoryUsage()));
    fs.renameSync(memoryFile + '.tmp', memoryFile);
  });
}
