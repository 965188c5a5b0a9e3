package dev.modelgate.usage;

/** Where a usage record's token counts came from. */
public enum TokenSource {
    /** The model's output mapping extracted them from the answer's body. */
    MAPPING,
    /** Bedrock's {@code X-Amzn-Bedrock-Input-Token-Count} / {@code -Output-Token-Count} headers. */
    HEADERS,
    /** Unknown: both counts are null. */
    NONE
}
