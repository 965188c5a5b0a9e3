package dev.modelgate.usage;

/** Where a usage record's token counts came from. */
public enum TokenSource {
    /** The model's output mapping extracted them from the answer's body. */
    MAPPING,
    /** Bedrock's {@code X-Amzn-Bedrock-Input-Token-Count} / {@code -Output-Token-Count} headers. */
    HEADERS,
    /** Converse's own {@code usage} member (a Converse model has no mapping). */
    CONVERSE,
    /** Unknown: both counts are null. */
    NONE;

    /**
     * The source of a call's two counts: {@link #NONE} when neither is known, {@link #MAPPING} when every known count
     * was mapped, {@link #HEADERS} when any came from Bedrock's headers.
     */
    public static TokenSource of(boolean inputKnown, boolean inputMapped, boolean outputKnown, boolean outputMapped) {
        if (!inputKnown && !outputKnown) {
            return NONE;
        }
        return (inputMapped || !inputKnown) && (outputMapped || !outputKnown) ? MAPPING : HEADERS;
    }
}
