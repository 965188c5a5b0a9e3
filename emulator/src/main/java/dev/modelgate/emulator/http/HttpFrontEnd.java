package dev.modelgate.emulator.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The emulator's HTTP/1.1 listener: the JDK's built-in server, bound to the loopback address, one virtual thread
 * per request. It turns each exchange into a {@link Request}, asks the handler for a {@link Reply}, and writes it.
 * Bodies larger than {@link #MAX_BODY_BYTES} are refused before they are read.
 */
public final class HttpFrontEnd implements AutoCloseable {

    /** The largest request body read: Bedrock's 25,000,000-byte limit plus room for its own error. */
    public static final int MAX_BODY_BYTES = 25_000_000 + 1_024;

    private static final System.Logger LOG = System.getLogger(HttpFrontEnd.class.getName());

    static {
        // Without TCP_NODELAY the JDK server holds small responses back for the Nagle delay (~40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private HttpFrontEnd(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts listening on 127.0.0.1.
     *
     * @param port     the port, or 0 for a free one
     * @param handler  answers each request; an exception it throws becomes a bare 500
     * @param tooLarge answers a request whose declared body exceeds {@link #MAX_BODY_BYTES}
     */
    public static HttpFrontEnd start(int port, Function<Request, Reply> handler, Function<Request, Reply> tooLarge)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, handler, tooLarge));
        server.start();
        return new HttpFrontEnd(server, executor);
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serve(HttpExchange exchange, Function<Request, Reply> handler, Function<Request, Reply> tooLarge) {
        try (exchange) {
            Map<String, List<String>> headers = lowerCase(exchange.getRequestHeaders());
            String requestId = UUID.randomUUID().toString();
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String rawPath = exchange.getRequestURI().getRawPath();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            long declared = declaredLength(headers);
            Reply reply;
            if (declared > MAX_BODY_BYTES) {
                reply = tooLarge.apply(new Request(method, rawPath, rawQuery, headers, new byte[0], requestId));
                exchange.getResponseHeaders().set("Connection", "close");
            } else {
                byte[] body = readBody(exchange.getRequestBody(), declared);
                if (body == null) {
                    reply = tooLarge.apply(new Request(method, rawPath, rawQuery, headers, new byte[0], requestId));
                    exchange.getResponseHeaders().set("Connection", "close");
                } else {
                    reply = answer(handler, new Request(method, rawPath, rawQuery, headers, body, requestId));
                }
            }
            write(exchange, reply, requestId);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "connection closed while answering: {0}", e.toString());
        }
    }

    private static Reply answer(Function<Request, Reply> handler, Request request) {
        try {
            return handler.apply(request);
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "unhandled failure answering " + request, e);
            return Reply.json(500, "{\"message\":\"The emulator failed to answer this request; see its log.\"}");
        }
    }

    private static Map<String, List<String>> lowerCase(Map<String, List<String>> headers) {
        Map<String, List<String>> lower = new LinkedHashMap<>(headers.size() * 2);
        headers.forEach((name, values) -> lower.merge(name.toLowerCase(Locale.ROOT), values, (a, b) -> {
            List<String> joined = new java.util.ArrayList<>(a);
            joined.addAll(b);
            return joined;
        }));
        return lower;
    }

    private static long declaredLength(Map<String, List<String>> headers) {
        List<String> values = headers.get("content-length");
        if (values == null || values.isEmpty()) {
            return -1;
        }
        try {
            return Long.parseLong(values.getFirst().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reads the whole body, or returns null when it is longer than {@link #MAX_BODY_BYTES}. */
    private static byte[] readBody(InputStream in, long declared) throws IOException {
        if (declared == 0) {
            return new byte[0];
        }
        if (declared > 0) {
            return in.readNBytes((int) declared);
        }
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        return body.length > MAX_BODY_BYTES ? null : body;
    }

    private static void write(HttpExchange exchange, Reply reply, String requestId) throws IOException {
        var out = exchange.getResponseHeaders();
        reply.headers().forEach(out::set);
        if (!out.containsKey("X-amzn-requestid")) {
            out.set("x-amzn-RequestId", requestId);
        }
        switch (reply) {
            case Reply.Full full -> {
                byte[] body = full.body();
                exchange.sendResponseHeaders(full.status(), body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(body);
                    }
                }
            }
            case Reply.Streamed streamed -> {
                exchange.sendResponseHeaders(streamed.status(), 0);
                try (OutputStream os = exchange.getResponseBody()) {
                    streamed.body().writeTo(frame -> {
                        os.write(frame);
                        os.flush();
                    });
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
