package dev.modelgate.emulator.bedrock;

/** A valid native InvokeModel body per family, asking {@code text} with a token budget. */
final class FamilyBodies {

    private FamilyBodies() {
    }

    static String body(ModelFamily family, String text, int maxTokens) {
        String t = text.replace("\\", "\\\\").replace("\"", "\\\"").replace("'", "\\u0027")
                .replace("\t", "\\t").replace("\n", "\\n");
        return switch (family) {
            case ANTHROPIC_CLAUDE -> "{'anthropic_version':'bedrock-2023-05-31','max_tokens':" + maxTokens
                    + ",'messages':[{'role':'user','content':'" + t + "'}]}";
            case AMAZON_NOVA -> "{'messages':[{'role':'user','content':[{'text':'" + t + "'}]}],"
                    + "'inferenceConfig':{'maxTokens':" + maxTokens + "}}";
            case AMAZON_TITAN_TEXT -> "{'inputText':'" + t + "','textGenerationConfig':{'maxTokenCount':"
                    + maxTokens + "}}";
            case META_LLAMA -> "{'prompt':'" + t + "','max_gen_len':" + maxTokens + "}";
            case MISTRAL -> "{'prompt':'<s>[INST] " + t + " [/INST]','max_tokens':" + maxTokens + "}";
            case COHERE_COMMAND_R -> "{'message':'" + t + "','max_tokens':" + maxTokens + "}";
            case AI21_JAMBA -> "{'messages':[{'role':'user','content':'" + t + "'}],'max_tokens':" + maxTokens + "}";
            case DEEPSEEK_R1 -> "{'prompt':'" + t + "','max_tokens':" + maxTokens + "}";
        };
    }

    /** A model ID of the family, for responses that name the model. */
    static String modelId(ModelFamily family) {
        return switch (family) {
            case ANTHROPIC_CLAUDE -> "anthropic.claude-3-haiku-20240307-v1:0";
            case AMAZON_NOVA -> "amazon.nova-lite-v1:0";
            case AMAZON_TITAN_TEXT -> "amazon.titan-text-express-v1";
            case META_LLAMA -> "meta.llama3-8b-instruct-v1:0";
            case MISTRAL -> "mistral.mistral-7b-instruct-v0:2";
            case COHERE_COMMAND_R -> "cohere.command-r-v1:0";
            case AI21_JAMBA -> "ai21.jamba-1-5-mini-v1:0";
            case DEEPSEEK_R1 -> "deepseek.r1-v1:0";
        };
    }
}
