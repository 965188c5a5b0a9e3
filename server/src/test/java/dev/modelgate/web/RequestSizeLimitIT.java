package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 1 MiB cap on request bodies, checked by the filter in front of everything: a declared Content-Length over it
 * is refused unread, a chunked body is cut off where it passes it; exactly the limit is still read.
 */
class RequestSizeLimitIT extends ApiTestBase {

    private static final int LIMIT = 1024 * 1024;

    /** {@code draft} as JSON, padded with trailing whitespace (still valid JSON) to exactly {@code size} bytes. */
    private static byte[] padded(ObjectNode draft, int size) {
        byte[] json = Api.JSON.writeValueAsBytes(draft);
        byte[] body = Arrays.copyOf(json, size);
        Arrays.fill(body, json.length, size, (byte) ' ');
        return body;
    }

    private static ObjectNode tooLarge(String instance) {
        return Api.problem(413, "payload-too-large", "Payload too large",
                "the request body is larger than this endpoint's limit of " + LIMIT + " bytes", instance);
    }

    @Test
    void create_bodyOfExactlyTheLimit_isAccepted() {
        Api.Reply withLength = api.sendRaw("POST", MODELS, padded(Drafts.valid("declared"), LIMIT),
                "Content-Type", "application/json");
        Api.Reply chunked = api.sendChunked("POST", MODELS, padded(Drafts.valid("chunked"), LIMIT),
                "Content-Type", "application/json");

        assertThat(withLength.status()).as(withLength.body()).isEqualTo(201);
        assertThat(chunked.status()).as(chunked.body()).isEqualTo(201);
    }

    @Test
    void create_contentLengthOverTheLimit_is413AndSavesNothing() {
        api.sendRaw("POST", MODELS, padded(Drafts.valid("haiku"), LIMIT + 1), "Content-Type", "application/json")
                .assertProblem(tooLarge(MODELS));

        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }

    @Test
    void create_chunkedOverTheLimit_is413AndSavesNothing() {
        api.sendChunked("POST", MODELS, padded(Drafts.valid("haiku"), LIMIT + 1), "Content-Type", "application/json")
                .assertProblem(tooLarge(MODELS));

        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }

    @Test
    void update_overTheLimit_is413AndChangesNothing() {
        JsonNode model = create(Drafts.valid("haiku"));
        byte[] body = padded(Drafts.valid("haiku").put("description", "changed"), LIMIT + 1);

        api.sendRaw("PUT", path(model), body, "Content-Type", "application/json", "If-Match", "\"1\"")
                .assertProblem(tooLarge(path(model)));
        api.sendChunked("PUT", path(model), body, "Content-Type", "application/json", "If-Match", "\"1\"")
                .assertProblem(tooLarge(path(model)));

        api.get(path(model)).assertJson(200, model);
    }

    @Test
    void preview_chunkedOverTheLimit_is413() {
        byte[] draft = padded(Drafts.valid("haiku"), LIMIT);
        byte[] body = ("{\"draft\": " + new String(draft, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);

        api.sendChunked("POST", MODELS + "/preview", body, "Content-Type", "application/json")
                .assertProblem(tooLarge(MODELS + "/preview"));
    }
}
