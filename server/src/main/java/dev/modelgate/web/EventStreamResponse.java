package dev.modelgate.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-Sent Events on a servlet response, one JSON object per event, flushed as each is sent:
 *
 * <pre>
 * event: delta
 * data: {"type":"delta","text":"Hel"}
 *
 * </pre>
 *
 * Use: {@link #open(HttpServletResponse)} (touches nothing yet), {@link #send(String, ObjectNode)} (or
 * {@link #data(String)}, for streams of data lines alone) for each event,
 * {@link #close()} at the end. Nothing is written, and the status and headers are not set, before the first
 * {@code send}: until then {@link #started()} is false and a failure may still be answered as an ordinary
 * problem+json. The first {@code send} sets 200, {@code Content-Type: text/event-stream;charset=UTF-8},
 * {@code Cache-Control: no-store} and {@code X-Accel-Buffering: no} (so that a proxy does not hold events back).
 *
 * <p>A client that went away is noticed on a write: {@code send} and {@link #heartbeat()} then return false and
 * {@link #clientGone()} is true from then on; later calls write nothing. A stream that waits long for its next event
 * should call {@link #heartbeat()} (an SSE comment line, ignored by clients) now and then to notice a departed client
 * without an event to send. Never throws {@link IOException}. One thread at a time (the request's).
 */
public final class EventStreamResponse implements AutoCloseable {

    /** The media type of the answer. */
    public static final String MEDIA_TYPE = "text/event-stream";
    /** The longest event type name accepted, in characters. */
    static final int MAX_TYPE_LENGTH = 64;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMENT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServletResponse response;
    private ServletOutputStream out;
    private boolean gone;
    private boolean closed;
    private long events;

    private EventStreamResponse(HttpServletResponse response) {
        this.response = Objects.requireNonNull(response, "response");
    }

    /** An event stream on {@code response}; nothing is written or set until the first {@link #send}. */
    public static EventStreamResponse open(HttpServletResponse response) {
        return new EventStreamResponse(response);
    }

    /**
     * Sends one event: {@code event: <type>} and {@code data: <json>}, where the JSON is {@code data} with a
     * {@code "type"} member set to {@code type} (put first when {@code data} has none), on one line (JSON text
     * never holds a raw line break). Flushes it to the client.
     *
     * @param type the event type, such as {@code delta}, {@code done} or {@code error}: letters only
     * @return false when the client has gone away (now or before); the event was not delivered
     */
    public boolean send(String type, ObjectNode data) {
        Objects.requireNonNull(data, "data");
        if (type == null || type.isEmpty() || type.length() > MAX_TYPE_LENGTH || !type.chars().allMatch(Character::isLetter)) {
            throw new IllegalArgumentException("an event type is 1 to " + MAX_TYPE_LENGTH + " letters, got " + type);
        }
        if (gone || closed) {
            return false;
        }
        ObjectNode event = data;
        if (!type.equals(data.path("type").asString(null))) {
            event = JSON.createObjectNode().put("type", type);
            for (var member : data.properties()) {
                if (!member.getKey().equals("type")) {
                    event.set(member.getKey(), member.getValue());
                }
            }
        }
        byte[] json = JSON.writeValueAsBytes(event);
        try {
            ServletOutputStream stream = start();
            stream.write(EVENT);
            stream.write(type.getBytes(StandardCharsets.US_ASCII));
            stream.write(DATA);
            stream.write(json);
            stream.write(END);
            stream.flush();
            events++;
            return true;
        } catch (IOException e) {
            gone = true; // Tomcat's ClientAbortException, a reset connection: nobody reads any more
            return false;
        }
    }

    /**
     * Sends one event of data alone, {@code data: <text>} with no {@code event:} line, as OpenAI's streams are: a
     * chunk's JSON, or {@code [DONE]}. Flushes it to the client.
     *
     * @param text one line (JSON text never holds a raw line break)
     * @return false when the client has gone away (now or before); the event was not delivered
     */
    public boolean data(String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an event's data is one line");
        }
        if (gone || closed) {
            return false;
        }
        try {
            ServletOutputStream stream = start();
            stream.write(DATA, 1, DATA.length - 1);
            stream.write(text.getBytes(StandardCharsets.UTF_8));
            stream.write(END);
            stream.flush();
            events++;
            return true;
        } catch (IOException e) {
            gone = true;
            return false;
        }
    }

    /** {@link #data(String)} of {@code json}'s text. */
    public boolean data(ObjectNode json) {
        return data(JSON.writeValueAsString(json));
    }

    /**
     * Sends a {@code delta} event, {@code {"type":"delta","text":…}}: the one sent per chunk, built with its type
     * first so that {@link #send} copies nothing.
     *
     * @return false when the client has gone away
     */
    public boolean delta(String text) {
        return send("delta", JSON.createObjectNode().put("type", "delta").put("text", text));
    }

    /**
     * Writes an SSE comment line (clients ignore it) to learn whether the client is still there. Writes nothing, and
     * answers true, before the first {@link #send}: it never commits the answer.
     *
     * @return false when the client has gone away
     */
    public boolean heartbeat() {
        if (gone || closed) {
            return !gone && out == null;
        }
        if (out == null) {
            return true;
        }
        try {
            out.write(COMMENT);
            out.flush();
            return true;
        } catch (IOException e) {
            gone = true;
            return false;
        }
    }

    /** Whether the first event was sent: the status and headers are on their way and cannot change any more. */
    public boolean started() {
        return out != null;
    }

    /** Whether a write found the client gone. */
    public boolean clientGone() {
        return gone;
    }

    /** How many events were delivered (flushed without failure). */
    public long events() {
        return events;
    }

    /** Ends the stream (the response completes when the handler returns); later sends write nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (out != null && !gone) {
            try {
                out.flush();
            } catch (IOException e) {
                gone = true;
            }
        }
    }

    private ServletOutputStream start() throws IOException {
        if (out == null) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MEDIA_TYPE + ";charset=UTF-8");
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no");
            ProblemHeaders.apply(response);
            out = response.getOutputStream();
        }
        return out;
    }

    @Override
    public String toString() {
        return "EventStreamResponse[events=" + events + ", started=" + started() + ", gone=" + gone + "]";
    }
}
