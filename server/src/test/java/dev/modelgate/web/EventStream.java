package dev.modelgate.web;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events answer read line by line as the test pulls it ({@link Api#stream}): {@link #next()} reads
 * one event; {@link #close()} hangs up mid-stream (the connection is closed, not drained).
 */
final class EventStream implements AutoCloseable {

    /** One event: its {@code event:} type and its {@code data:} JSON. */
    record Event(String type, JsonNode data) {
    }

    private final HttpResponse<Stream<String>> response;
    private final Stream<String> body;
    private final Iterator<String> lines;
    /** Every line read so far, comments and blank lines included, as they came. */
    final List<String> raw = new ArrayList<>();

    EventStream(HttpResponse<Stream<String>> response) {
        this.response = response;
        this.body = response.body();
        this.lines = body.iterator();
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The whole body as one text (for a problem, which is not a stream). */
    String text() {
        List<String> rest = new ArrayList<>();
        lines.forEachRemaining(rest::add);
        return String.join("\n", rest);
    }

    /** The next event, or null at the end of the stream; comment lines ({@code :}) are skipped. */
    Event next() {
        String type = null;
        List<String> data = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            raw.add(line);
            if (line.isEmpty()) {
                if (type != null || !data.isEmpty()) {
                    return new Event(type, Api.parse(String.join("\n", data)));
                }
            } else if (line.startsWith("event: ")) {
                type = line.substring("event: ".length());
            } else if (line.startsWith("data: ")) {
                data.add(line.substring("data: ".length()));
            } else if (!line.startsWith(":")) {
                throw new AssertionError("not an event stream line: " + line);
            }
        }
        if (type != null || !data.isEmpty()) {
            throw new AssertionError("the stream ended inside an event: " + raw);
        }
        return null;
    }

    /** Every remaining event. */
    List<Event> rest() {
        List<Event> events = new ArrayList<>();
        for (Event e = next(); e != null; e = next()) {
            events.add(e);
        }
        return events;
    }

    /** The text of the delta events among {@code events}, joined. */
    static String text(List<Event> events) {
        return events.stream().filter(e -> e.type().equals("delta")).map(e -> e.data().get("text").stringValue())
                .collect(Collectors.joining());
    }

    @Override
    public void close() {
        body.close();
    }
}
