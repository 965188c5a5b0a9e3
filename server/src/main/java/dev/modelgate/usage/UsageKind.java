package dev.modelgate.usage;

/** What produced a usage record. */
public enum UsageKind {
    /** A call of the invoke endpoint. */
    INVOKE,
    /** A call of the OpenAI-compatible {@code POST /v1/chat/completions}. */
    CHAT_COMPLETIONS,
    /** A Test run from the console, of a saved model or an unsaved draft. */
    TEST
}
