package dev.modelgate.emulator.acceptance.control;

import dev.modelgate.emulator.acceptance.sts.RawHttp;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls to the emulator's control API ({@code /_emulator/…}), with JSON bodies. */
final class ControlCalls {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RawHttp http;

    ControlCalls(URI endpoint) {
        this.http = new RawHttp(endpoint);
    }

    RawHttp.Response get(String path) {
        return http.send(http.request(path).GET().build());
    }

    RawHttp.Response put(String path, String json) {
        return http.send(http.request(path).header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString(json)).build());
    }

    RawHttp.Response post(String path, String json) {
        return http.send(http.request(path).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(json)).build());
    }

    RawHttp.Response delete(String path) {
        return http.send(http.request(path).DELETE().build());
    }

    static JsonNode json(RawHttp.Response response) {
        return JSON.readTree(response.body());
    }

    /** The exact error body the control API answers: {@code {"message": ...}}. */
    static String message(String text) {
        return JSON.createObjectNode().put("message", text).toString();
    }
}
