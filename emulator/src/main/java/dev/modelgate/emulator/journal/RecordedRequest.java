package dev.modelgate.emulator.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the emulator answered, kept for assertions (like MockWebServer's recorded requests).
 *
 * @param sequence   1-based arrival order since the last reset
 * @param time       when it arrived (emulator clock)
 * @param requestId  the id the emulator answered with
 * @param service    {@code sts}, {@code bedrock-runtime}, {@code bedrock} or {@code unknown}
 * @param operation  the AWS operation name (e.g. {@code AssumeRole}, {@code InvokeModel}), or null when unknown
 * @param method     HTTP method
 * @param path       the path as on the wire
 * @param query      the query as on the wire, empty when none
 * @param headers    request headers, names in lower case; {@code x-amz-security-token} is reduced to a fingerprint
 * @param body       the body as UTF-8 text, cut to {@value RequestJournal#MAX_BODY_CHARS} characters
 * @param bodyLength the body's length in bytes
 * @param caller     the authenticated principal's ARN, or null when authentication failed
 * @param modelId    the model ID from the path (decoded), or null
 * @param status     the HTTP status answered
 * @param errorCode  the AWS error code answered, or null on success
 * @param stream     for a streamed answer, how it is going / went ({@link #streamOutcome()},
 *                   {@link #framesWritten()}); null for any other answer
 */
public record RecordedRequest(long sequence, Instant time, String requestId, String service, String operation,
                              String method, String path, String query, Map<String, List<String>> headers,
                              String body, int bodyLength, String caller, String modelId, int status,
                              String errorCode, @JsonIgnore StreamProgress stream) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** A request whose answer was not streamed. */
    public RecordedRequest(long sequence, Instant time, String requestId, String service, String operation,
                           String method, String path, String query, Map<String, List<String>> headers,
                           String body, int bodyLength, String caller, String modelId, int status,
                           String errorCode) {
        this(sequence, time, requestId, service, operation, method, path, query, headers, body, bodyLength, caller,
                modelId, status, errorCode, null);
    }

    /**
     * For a streamed answer, {@code STREAMING} while it is written, then {@code COMPLETED}, {@code FAULT} (an
     * injected exception frame ended it) or {@code CLIENT_CLOSED} (the client went away); null for other answers.
     * In the control API's JSON as {@code "streamOutcome"}.
     */
    @JsonProperty("streamOutcome")
    public String streamOutcome() {
        return stream == null ? null : stream.outcome().name();
    }

    /** For a streamed answer, the event-stream frames written so far; null for other answers. */
    @JsonProperty("framesWritten")
    public Integer framesWritten() {
        return stream == null ? null : stream.framesWritten();
    }

    /** The first value of a header (name case-insensitive), or null. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
