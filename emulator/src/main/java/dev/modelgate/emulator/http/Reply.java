package dev.modelgate.emulator.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler answers: a whole body, or an event stream written frame by frame. */
public sealed interface Reply permits Reply.Full, Reply.Streamed {

    int status();

    Map<String, String> headers();

    /** A response with its whole body. */
    record Full(int status, Map<String, String> headers, byte[] body) implements Reply {
        public Full {
            headers = Map.copyOf(headers);
        }
    }

    /** A chunked response whose body is produced frame by frame; each frame is flushed at once. */
    record Streamed(int status, Map<String, String> headers, StreamBody body) implements Reply {
        public Streamed {
            headers = Map.copyOf(headers);
        }
    }

    /** Writes the frames of a streamed response. May sleep between frames (it runs on a virtual thread). */
    @FunctionalInterface
    interface StreamBody {
        void writeTo(FrameSink sink) throws IOException, InterruptedException;
    }

    /** Receives the frames of a streamed response. */
    @FunctionalInterface
    interface FrameSink {
        /** Writes and flushes a frame; throws when the client has gone away. */
        void write(byte[] frame) throws IOException;

        /** Says that the next frame is an exception frame that ends the stream. */
        default void faulting() {
        }
    }

    static Full json(int status, String json) {
        return of(status, "application/json", json);
    }

    static Full xml(int status, String xml) {
        return of(status, "text/xml", xml);
    }

    static Full of(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        return new Full(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
