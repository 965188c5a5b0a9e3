package dev.modelgate.emulator.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The front end on a raw socket: the Date header, the body limit, the request as sent, the loopback binding. */
class HttpFrontEndTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), ZoneOffset.UTC);

    private final List<Request> received = new CopyOnWriteArrayList<>();
    private HttpFrontEnd frontEnd;

    @BeforeEach
    void start() throws IOException {
        frontEnd = HttpFrontEnd.start(0, request -> {
            received.add(request);
            return Reply.json(200, "{}");
        }, request -> Reply.json(413, "{\"message\":\"too large\"}"), FIXED);
    }

    @AfterEach
    void close() {
        frontEnd.close();
    }

    @Test
    void answer_carriesTheDateOfTheGivenClock_notTheHosts() throws IOException {
        String response = exchange("GET /x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 200 ").containsOnlyOnce("\r\nDate: ")
                .contains("\r\nDate: Wed, 04 Mar 2026 05:06:07 GMT\r\n");
    }

    @Test
    void refusalOfTheHttpLayer_carriesTheDateOfTheGivenClockToo() throws IOException {
        String response = exchange("GET /x HTTP/1.1\r\nHost: h\r\nBad Header\r\n\r\n");

        assertThat(response).startsWith("HTTP/1.1 400 ").contains("\r\nDate: Wed, 04 Mar 2026 05:06:07 GMT\r\n")
                .doesNotContain("<html");
    }

    @Test
    void request_isHandedOverWithRawPathQueryLowerCaseHeadersAndBody() throws IOException {
        exchange("POST /model/a%3Ab/invoke?x=1&y=%2F HTTP/1.1\r\nHost: h\r\nX-Amz-Date: 1\r\n"
                + "Content-Length: 5\r\nConnection: close\r\n\r\nhello");

        Request request = received.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/model/a%3Ab/invoke");
        assertThat(request.rawQuery()).isEqualTo("x=1&y=%2F");
        assertThat(request.headers().get("x-amz-date")).containsExactly("1");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void bodyOneByteOverBedrocksLimit_isAnsweredByTheTooLargeHandlerUnread() throws IOException {
        String response = exchange("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 25000001\r\n\r\nabc");

        assertThat(HttpFrontEnd.MAX_BODY_BYTES).isEqualTo(25_000_000);
        assertThat(response).startsWith("HTTP/1.1 413 ").endsWith("{\"message\":\"too large\"}");
        assertThat(received).isEmpty();
    }

    @Test
    void listener_isOnTheLoopbackAddress() {
        try (Socket socket = connect()) {
            assertThat(socket.getInetAddress().isLoopbackAddress()).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), frontEnd.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** Sends raw bytes and reads until the server closes the connection. */
    private String exchange(String raw) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return drain(socket.getInputStream());
        }
    }

    private static String drain(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // a reset after the answer still leaves the answer read
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
