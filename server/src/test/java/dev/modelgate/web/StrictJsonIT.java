package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.problem;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every request body is read by one strict parse: a key given twice in one object is refused (Jackson would keep the
 * last value, a proxy in front may read the first), and a body past a JSON limit is refused naming the limit. Nothing
 * is saved.
 */
class StrictJsonIT extends ApiTestBase {

    private static final String KEYS = "/api/v1/keys";

    private static ObjectNode duplicate(String instance, String field, String message, int line, int column) {
        return problem(400, "duplicate-key", "Duplicate key",
                message + " (line " + line + ", column " + column + ")", instance)
                .set("violations", Api.array(violation(field, "duplicate-key", message, line, column)));
    }

    /** Before the fix the last value won: an AGENT key request with a second "role" created an ADMIN key. */
    @Test
    void createKey_roleGivenTwice_is400AndCreatesNoKey() {
        int before = api.get(KEYS).json().get("keys").size();

        api.post(KEYS, "{\"name\": \"ci\", \"role\": \"AGENT\", \"role\": \"ADMIN\"}").assertProblem(duplicate(KEYS,
                "role", "duplicate key \"role\": a key may appear only once in an object", 1, 33));

        assertThat(api.get(KEYS).json().get("keys").size()).isEqualTo(before);
    }

    @Test
    void createModel_duplicateKeyInAVariable_namesItsPathAndPosition() {
        api.post(MODELS, "{\n  \"name\": \"a\",\n  \"variables\": [{\"name\": \"x\", \"name\": \"y\"}]}")
                .assertProblem(duplicate(MODELS, "variables[0].name",
                        "duplicate key \"name\" in variables[0]: a key may appear only once in an object", 3, 31));
        assertThat(api.get(MODELS).json().get("totalItems").intValue()).isZero();
    }

    @Test
    void preview_duplicateKeyInsideAValue_is400() {
        api.post(MODELS + "/preview", "{\"values\": {\"prompt\": {\"k\": 1, \"k\": 2}}}")
                .assertProblem(duplicate(MODELS + "/preview", "values.prompt.k",
                        "duplicate key \"k\" in values.prompt: a key may appear only once in an object", 1, 32));
    }

    @Test
    void preview_duplicateVariableValue_is400() {
        api.post(MODELS + "/preview", "{\"values\": {\"prompt\": \"a\", \"prompt\": \"b\"}}")
                .assertProblem(duplicate(MODELS + "/preview", "values.prompt",
                        "duplicate key \"prompt\" in values: a key may appear only once in an object", 1, 28));
    }

    @Test
    void signIn_usernameGivenTwice_is400() {
        Api anonymous = api.anonymous();
        String csrf = Api.cookie(anonymous.get("/api/v1/session"), "XSRF-TOKEN");

        anonymous.post("/api/v1/session", "{\"username\": \"a\", \"password\": \"p\", \"username\": \"operator\"}",
                "Cookie", "XSRF-TOKEN=" + csrf, "X-XSRF-TOKEN", csrf).assertProblem(duplicate("/api/v1/session",
                "username", "duplicate key \"username\": a key may appear only once in an object", 1, 36));
    }

    @Test
    void preview_valueNestedTooDeep_is400NamingTheLimit() {
        String deep = "[".repeat(101) + "]".repeat(101);

        api.post(MODELS + "/preview", "{\"values\": {\"prompt\": " + deep + "}}").assertProblem(limit(
                MODELS + "/preview", "values.prompt", "max-nesting-depth",
                "values.prompt nests objects and arrays more than 100 deep"));
    }

    @Test
    void preview_numberTooLong_is400NamingTheLimit() {
        String number = "1" + "0".repeat(100);

        // The number is refused as it is read, before the map has taken its key: the field is the map.
        api.post(MODELS + "/preview", "{\"values\": {\"prompt\": " + number + "}}").assertProblem(limit(
                MODELS + "/preview", "values", "max-number-length",
                "values has a number of 101 characters; the limit is 100"));
    }

    private static ObjectNode limit(String instance, String field, String rule, String message) {
        return problem(400, "json-limit-exceeded", "JSON limit exceeded", message, instance)
                .set("violations", Api.array(violation(field, rule, message)));
    }
}
