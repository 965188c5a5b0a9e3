package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.Retry;
import dev.modelgate.model.ChatRule;
import dev.modelgate.validation.Violation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/** The one translation of Modelgate's error codes into OpenAI's error shape, and the retry headers with it. */
class OpenAiErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            INVALID_INPUT             | 400 | invalid_request_error | invalid_input
            MALFORMED_JSON            | 400 | invalid_request_error | malformed_json
            UNAUTHENTICATED           | 401 | invalid_request_error | invalid_api_key
            INVALID_API_KEY           | 401 | invalid_request_error | invalid_api_key
            FORBIDDEN                 | 403 | permission_error      | forbidden
            NOT_FOUND                 | 404 | invalid_request_error | not_found
            INFERENCE_DISABLED        | 409 | invalid_request_error | inference_disabled
            MODEL_NOT_READY           | 409 | invalid_request_error | model_not_ready
            PAYLOAD_TOO_LARGE         | 413 | invalid_request_error | payload_too_large
            BEDROCK_VALIDATION        | 422 | invalid_request_error | bedrock_validation
            RATE_LIMITED              | 429 | requests              | rate_limit_exceeded
            THROTTLED                 | 429 | requests              | rate_limit_exceeded
            BUDGET_EXCEEDED           | 429 | insufficient_quota    | insufficient_quota
            INTERNAL_ERROR            | 500 | server_error          | internal_error
            BEDROCK_ACCESS_DENIED     | 502 | server_error          | bedrock_access_denied
            BEDROCK_UNAVAILABLE       | 503 | server_error          | bedrock_unavailable
            TIMEOUT                   | 504 | server_error          | timeout
            """)
    void everyCode_hasItsStatusTypeAndCode(ErrorCode code, int status, String type, String openAiCode) {
        JsonNode error = OpenAiErrors.body(code, "what went wrong", List.of(), null).get("error");

        assertThat(OpenAiErrors.status(code)).isEqualTo(status);
        assertThat(error.propertyNames()).containsExactly("message", "type", "param", "code");
        assertThat(error.get("message").stringValue()).isEqualTo("what went wrong");
        assertThat(error.get("type").stringValue()).isEqualTo(type);
        assertThat(error.get("param").isNull()).isTrue();
        assertThat(error.get("code").stringValue()).isEqualTo(openAiCode);
    }

    @Test
    void violations_nameTheFirstParameterAndRule_andEachIsInTheMessage() {
        JsonNode error = OpenAiErrors.body(ErrorCode.INVALID_INPUT, "2 fields are invalid; see violations", List.of(
                Violation.of("messages[1].role", "one-of", "must be one of system, user"),
                Violation.of("n", "unsupported-value", "must be 1")), null).get("error");

        assertThat(error.get("param").stringValue()).isEqualTo("messages[1].role");
        assertThat(error.get("code").stringValue()).isEqualTo("one_of");
        assertThat(error.get("message").stringValue())
                .isEqualTo("messages[1].role: must be one of system, user; n: must be 1");
    }

    @Test
    void anUnknownModel_isModelNotFound_namingTheParameterThatGaveIt() {
        JsonNode chat = OpenAiErrors.body(ErrorCode.NOT_FOUND, "no model", List.of(), "model").get("error");
        JsonNode retrieve = OpenAiErrors.body(ErrorCode.NOT_FOUND, "no model", List.of(), "").get("error");

        assertThat(chat.get("code").stringValue()).isEqualTo("model_not_found");
        assertThat(chat.get("param").stringValue()).isEqualTo("model");
        assertThat(retrieve.get("code").stringValue()).isEqualTo("model_not_found");
        assertThat(retrieve.get("param").isNull()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void shouldRetryFalse_exactlyWhereWaitingCannotHelp(ErrorCode code) {
        Map<String, String> headers = new LinkedHashMap<>();

        OpenAiErrors.headers(code, null, headers::put);

        // A spent budget's wait runs to the end of its period: the SDKs are told not to retry it.
        boolean waitingHelps = code != ErrorCode.BUDGET_EXCEEDED
                && (code.retry() == Retry.LATER || code.retry() == Retry.AFTER_RETRY_AFTER);
        assertThat(headers).isEqualTo(waitingHelps ? Map.of() : Map.of("x-should-retry", "false"));
    }

    @Test
    void retryAfterSeconds_comeWithRetryAfterMs_andAnHttpDateWithout() {
        Map<String, String> seconds = new LinkedHashMap<>();
        Map<String, String> date = new LinkedHashMap<>();

        OpenAiErrors.headers(ErrorCode.THROTTLED, "2", seconds::put);
        OpenAiErrors.headers(ErrorCode.THROTTLED, "Wed, 21 Oct 2026 07:28:00 GMT", date::put);

        assertThat(seconds).isEqualTo(Map.of("retry-after-ms", "2000"));
        assertThat(date).isEmpty();
    }

    @Test
    void templateVariableViolations_nameTheOpenAiParameterThatFillsTheVariable() {
        ChatRule rule = new ChatRule("prompt", "system.prompt", "messages", "tools", "max_tokens", null, null, null);

        assertThat(OpenAiController.templateParam(rule, "variables.prompt")).isEqualTo("messages");
        assertThat(OpenAiController.templateParam(rule, "variables.system.prompt")).isEqualTo("messages");
        assertThat(OpenAiController.templateParam(rule, "variables.tools[0].name")).isEqualTo("tools");
        assertThat(OpenAiController.templateParam(rule, "variables.max_tokens")).isEqualTo("max_tokens");
        assertThat(OpenAiController.templateParam(rule, "variables.region")).isEqualTo("variables.region");
    }
}
