package dev.modelgate.emulator.bedrock;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** One model family's native InvokeModel format: request validation, response and stream-chunk shapes. */
interface FamilyCodec {

    /**
     * Validates a native request body and extracts the prompt.
     *
     * @param modelId the model served, for messages that name it; may be null
     * @throws BedrockException ValidationException "Malformed input request: …" when the body is invalid
     */
    Prompt parse(JsonNode body, String modelId);

    /** The output budget when the request does not set one. */
    int defaultMaxTokens();

    /** The stop reason of a reply that ended on its own. */
    String endReason();

    /** The stop reason of a reply cut at the token budget. */
    String maxTokensReason();

    /** The stop reason of a reply ended by a stop sequence. */
    String stopSequenceReason();

    /** The InvokeModel response body. */
    byte[] invokeResponse(Generation g, String modelId);

    /** The decoded chunk payloads of InvokeModelWithResponseStream; the last carries the invocation metrics. */
    List<byte[]> streamChunks(Generation g, String modelId, InvocationMetrics metrics);
}
