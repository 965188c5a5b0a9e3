package dev.modelgate.web;

import tools.jackson.databind.node.ObjectNode;

/** Valid model drafts, as a client sends them, for tests to send as they are or to break one field of. */
final class Drafts {

    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/ModelgateBedrockAccess";
    static final String PROFILE = "us.anthropic.claude-3-haiku-20240307-v1:0";
    static final String TEMPLATE = """
            {
              "anthropic_version": "bedrock-2023-05-31",
              "max_tokens": {{max_tokens}},
              "messages": [{"role": "user", "content": "{{prompt}}"}]
            }""";

    private Drafts() {
    }

    /** A Claude 3 Haiku model through the US profile: a required prompt, an optional max_tokens (default 256). */
    static ObjectNode valid(String name) {
        ObjectNode draft = Api.JSON.createObjectNode()
                .put("name", name)
                .put("description", "Claude 3 Haiku through the US profile")
                .put("roleArn", ROLE_ARN)
                .put("region", "us-east-1")
                .put("modelReference", PROFILE);
        draft.putArray("variables")
                .add(Api.JSON.createObjectNode().put("name", "prompt").put("type", "STRING").put("required", true)
                        .put("testValue", "Say hello."))
                .add(Api.JSON.createObjectNode().put("name", "max_tokens").put("type", "INTEGER").put("required", false)
                        .put("defaultValue", 256).put("testValue", 32));
        draft.put("requestTemplate", TEMPLATE);
        draft.putObject("outputMapping")
                .put("text", "$.content[0].text")
                .put("inputTokens", "$.usage.input_tokens")
                .put("outputTokens", "$.usage.output_tokens");
        return draft;
    }
}
