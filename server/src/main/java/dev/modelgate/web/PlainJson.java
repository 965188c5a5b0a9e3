package dev.modelgate.web;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reads JSON that is not a request body (a body Modelgate rendered, a recorded Test answer holding Bedrock's answer
 * as it came) with Jackson's own limits: the request bodies' read limits ({@code modelgate.api.json.*}) bound what a
 * caller may send, and such JSON may rightly exceed them (a prompt rendered twice, an answer nested deeper).
 */
final class PlainJson {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private PlainJson() {
    }
}
