package dev.modelgate.emulator.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The emulator's listener: Jetty on the loopback address, speaking HTTP/1.1 and HTTP/2 cleartext (prior knowledge,
 * as the AWS SDK's Netty client does over {@code http://}), each request on a virtual thread. It turns a request into
 * a {@link Request} with the path and query exactly as sent (SigV4 signs them), asks the handler for a
 * {@link Reply}, and writes it. Bodies larger than {@link #MAX_BODY_BYTES} are refused before they are read.
 *
 * <p>Every answer's {@code Date} header carries the emulator's time, not the host's: the SDKs correct their clock
 * skew from it after a "Signature expired" refusal, so it must agree with the clock that refused.
 */
public final class HttpFrontEnd implements AutoCloseable {

    /** The largest request body read: Bedrock's 25,000,000-byte limit. */
    public static final int MAX_BODY_BYTES = 25_000_000;

    /** How much of an oversized body is read and thrown away so the client sees the refusal (see {@code drain}). */
    static final long MAX_DRAINED_BYTES = 64L * 1024 * 1024;

    /** How long draining waits for more of an oversized body before it gives up and closes. */
    static final long DRAIN_IDLE_MS = 2_000;

    /**
     * Connections the kernel may hold for the listener before it accepts them (the {@code listen} backlog; Jetty's
     * default, 0, leaves the JDK's 50). Benchmarks open thousands of connections at once against a slow emulator;
     * Linux caps the figure at {@code net.core.somaxconn} (4096 by default since 5.4).
     */
    public static final int ACCEPT_QUEUE_SIZE = 4096;

    /** Longer than the longest latency the emulator may be told to add (10 minutes). */
    private static final long IDLE_TIMEOUT_MS = 11 * 60 * 1000L;

    private static final System.Logger LOG = System.getLogger(HttpFrontEnd.class.getName());
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final Server server;
    private final ServerConnector connector;

    private HttpFrontEnd(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /**
     * Starts listening on 127.0.0.1.
     *
     * @param port      the port, or 0 for a free one
     * @param handler   answers each request; an exception it throws becomes a bare 500
     * @param tooLarge  answers a request whose declared body exceeds {@link #MAX_BODY_BYTES}
     * @param dateClock the time every answer's {@code Date} header carries
     */
    public static HttpFrontEnd start(int port, Function<Request, Reply> handler, Function<Request, Reply> tooLarge,
                                     Clock dateClock) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("emulator");
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        // The SDK corrects clock skew from the Date header: it is written from the emulator's clock, not Jetty's.
        config.setSendDateHeader(false);
        // The SDK sends model ARNs as one %2F-encoded segment; the emulator must see the path exactly as sent.
        config.setUriCompliance(UriCompliance.UNSAFE);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config),
                new HTTP2CServerConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
        server.addConnector(connector);
        server.setHandler(new Dispatch(handler, tooLarge, dateClock));
        server.setErrorHandler((request, response, callback) -> {
            // Jetty's own refusals (malformed request line, bad headers) answered as JSON, never an HTML page.
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.getHeaders().put(HttpHeader.DATE, httpDate(dateClock));
            response.write(true, ByteBuffer.wrap("{\"message\":\"Malformed HTTP request\"}".getBytes()), callback);
            return true;
        });
        try {
            server.start();
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not start the emulator's HTTP listener on 127.0.0.1:" + port, e);
        }
        return new HttpFrontEnd(server, connector);
    }

    /** The bound port. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "stopping the emulator's HTTP listener failed", e);
        }
    }

    /** Jetty handler: blocking, so Jetty runs it on a virtual thread. */
    private static final class Dispatch extends Handler.Abstract {
        private final Function<Request, Reply> handler;
        private final Function<Request, Reply> tooLarge;
        private final Clock dateClock;

        Dispatch(Function<Request, Reply> handler, Function<Request, Reply> tooLarge, Clock dateClock) {
            super(InvocationType.BLOCKING);
            this.handler = handler;
            this.tooLarge = tooLarge;
            this.dateClock = dateClock;
        }

        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, Response response, Callback callback) {
            String requestId = UUID.randomUUID().toString();
            try {
                Map<String, List<String>> headers = headers(request);
                String rawQuery = request.getHttpURI().getQuery();
                String rawPath = request.getHttpURI().getPath();
                String method = request.getMethod().toUpperCase(Locale.ROOT);
                long declared = request.getLength();
                Reply reply;
                if (declared > MAX_BODY_BYTES) {
                    refuse(request, response, tooLarge.apply(new Request(method, rawPath, rawQuery, headers, new byte[0],
                            requestId)), requestId, dateClock, callback);
                    return true;
                } else {
                    byte[] body = readBody(request, declared);
                    if (body == null) {
                        refuse(request, response, tooLarge.apply(new Request(method, rawPath, rawQuery, headers,
                                new byte[0], requestId)), requestId, dateClock, callback);
                        return true;
                    } else {
                        reply = answer(new Request(method, rawPath, rawQuery, headers, body, requestId));
                    }
                }
                response.getHeaders().put(HttpHeader.DATE, httpDate(dateClock));
                write(request, response, reply, requestId, callback);
            } catch (IOException | UncheckedIOException e) {
                LOG.log(Level.DEBUG, "connection failed while answering: {0}", e.toString());
                callback.failed(e);
            }
            return true;
        }

        private Reply answer(Request request) {
            try {
                return handler.apply(request);
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, "unhandled failure answering " + request, e);
                return Reply.json(500, "{\"message\":\"The emulator failed to answer this request; see its log.\"}");
            }
        }
    }

    /** IMF-fixdate (RFC 9110), e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static String httpDate(Clock clock) {
        return HTTP_DATE.format(clock.instant());
    }

    private static Map<String, List<String>> headers(org.eclipse.jetty.server.Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getLowerCaseName(), name -> new ArrayList<>(1)).add(field.getValue());
        }
        String authority = request.getHttpURI().getAuthority();
        if (request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_2 && authority != null) {
            // The :authority pseudo-header, for signatures that sign it by that name (the AWS SDK for JavaScript
            // v3 over HTTP/2 does): SigV4 takes it as the canonical header ":authority".
            headers.put(":authority", List.of(authority));
        }
        if (!headers.containsKey("host") && authority != null) {
            // HTTP/2 carries the host in the :authority pseudo-header; a signer that signed "host" (the Java SDK
            // does, over HTTP/2 too) signed that value.
            headers.put("host", List.of(authority));
        }
        return headers;
    }

    /** Reads the whole body, or returns null when it is longer than {@link #MAX_BODY_BYTES}. */
    /**
     * Answers an oversized request, then closes its connection. Over HTTP/1.1 the refusal is flushed first and what
     * the client is still sending is read and thrown away — up to {@link #MAX_DRAINED_BYTES}, and only while it keeps
     * coming ({@link #DRAIN_IDLE_MS}) — so a client without {@code Expect: 100-continue} reads the refusal instead of
     * a connection reset. Nothing of the body is kept.
     */
    private static void refuse(org.eclipse.jetty.server.Request request, Response response, Reply reply,
                               String requestId, Clock dateClock, Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
        response.getHeaders().put(HttpHeader.DATE, httpDate(dateClock));
        Reply.Full full = (Reply.Full) reply;
        response.setStatus(full.status());
        full.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.getHeaders().put("x-amzn-RequestId", requestId);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, full.body().length);
        try (org.eclipse.jetty.util.Blocker.Callback written = org.eclipse.jetty.util.Blocker.callback()) {
            response.write(true, ByteBuffer.wrap(full.body()), written);
            written.block();
        }
        if (request.getConnectionMetaData().getHttpVersion() == org.eclipse.jetty.http.HttpVersion.HTTP_1_1) {
            request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(DRAIN_IDLE_MS);
            try (InputStream in = Content.Source.asInputStream(request)) {
                byte[] scratch = new byte[64 * 1024];
                long drained = 0;
                int n;
                while (drained <= MAX_DRAINED_BYTES && (n = in.read(scratch)) >= 0) {
                    drained += n;
                }
            } catch (IOException | RuntimeException stalled) {
                LOG.log(Level.DEBUG, "stopped draining an oversized body: {0}", stalled.toString());
            }
        }
        callback.succeeded();
    }

    private static byte[] readBody(org.eclipse.jetty.server.Request request, long declared) throws IOException {
        if (declared == 0) {
            return new byte[0];
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            if (declared > 0) {
                return in.readNBytes((int) declared);
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static void write(org.eclipse.jetty.server.Request request, Response response, Reply reply,
                              String requestId, Callback callback) throws IOException {
        response.setStatus(reply.status());
        reply.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        if (!reply.headers().containsKey("x-amzn-RequestId")) {
            response.getHeaders().put("x-amzn-RequestId", requestId);
        }
        switch (reply) {
            case Reply.Full full -> {
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, full.body().length);
                response.write(true, ByteBuffer.wrap(full.body()), callback);
            }
            case Reply.Streamed streamed -> {
                // A client that goes away (an HTTP/2 stream reset, a connection Jetty sees closed) interrupts the
                // writer at once, even while it waits between frames: no further frame is generated.
                Thread writer = Thread.currentThread();
                Object lock = new Object();
                boolean[] writing = {true};
                request.addFailureListener(failure -> {
                    synchronized (lock) {
                        if (writing[0]) {
                            writer.interrupt();
                        }
                    }
                });
                try (OutputStream out = Content.Sink.asOutputStream(response)) {
                    streamed.body().writeTo(frame -> {
                        out.write(frame);
                        out.flush();
                    });
                } catch (InterruptedException e) {
                    callback.failed(e);
                    return;
                } finally {
                    synchronized (lock) {
                        writing[0] = false;
                    }
                    Thread.interrupted();
                }
                callback.succeeded();
            }
        }
    }
}
