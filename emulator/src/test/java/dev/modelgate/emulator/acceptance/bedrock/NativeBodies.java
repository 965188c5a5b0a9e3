package dev.modelgate.emulator.acceptance.bedrock;

/** Minimal valid native InvokeModel bodies per family, asking one user question (no quotes or newlines in it). */
final class NativeBodies {

    private NativeBodies() {
    }

    static String claude(String question, int maxTokens) {
        return """
                {"anthropic_version":"bedrock-2023-05-31","max_tokens":%d,\
                "messages":[{"role":"user","content":[{"type":"text","text":"%s"}]}]}""".formatted(maxTokens, question);
    }

    static String claude(String question) {
        return claude(question, 256);
    }

    static String nova(String question) {
        return """
                {"messages":[{"role":"user","content":[{"text":"%s"}]}],"inferenceConfig":{"maxTokens":256}}"""
                .formatted(question);
    }

    static String titan(String question) {
        return """
                {"inputText":"%s","textGenerationConfig":{"maxTokenCount":256}}""".formatted(question);
    }

    static String llama(String question) {
        return """
                {"prompt":"%s","max_gen_len":256}""".formatted(question);
    }

    static String mistral(String question) {
        return """
                {"prompt":"<s>[INST] %s [/INST]","max_tokens":256}""".formatted(question);
    }

    /** AI21 Jamba and the other OpenAI-style chat-completions models (the Marketplace example). */
    static String chatCompletions(String question) {
        return """
                {"messages":[{"role":"user","content":"%s"}],"max_tokens":256}""".formatted(question);
    }
}
