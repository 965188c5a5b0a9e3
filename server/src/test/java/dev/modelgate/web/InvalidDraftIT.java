package dev.modelgate.web;

import static dev.modelgate.web.Api.MODELS;
import static dev.modelgate.web.Api.invalid;
import static dev.modelgate.web.Api.violation;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each class of invalid configuration, sent as a new model and as an update of a saved one: a 422 listing every
 * violation with its field, rule, message and (in a template) line and column; and nothing changes.
 */
class InvalidDraftIT extends ApiTestBase {

    private static final String ROLE_SHAPE = "role ARN must look like arn:aws:iam::<12 digits>:role/<name>";
    private static final String STS_EXAMPLE = "https://sts.us-east-1.amazonaws.com";
    private static final String INTEGER = "INTEGER (a JSON integer, without fraction or exponent)";

    private static Arguments invalidCase(String name, Consumer<ObjectNode> breakIt, String detail,
                                         ObjectNode... violations) {
        return Arguments.of(name, breakIt, detail, violations);
    }

    private static Arguments invalidCase(String name, Consumer<ObjectNode> breakIt, ObjectNode violation) {
        return invalidCase(name, breakIt, violation.get("message").stringValue(), violation);
    }

    private static Consumer<ObjectNode> set(String field, String value) {
        return draft -> draft.put(field, value);
    }

    private static Consumer<ObjectNode> variable(int index, String field, String value) {
        return draft -> ((ObjectNode) draft.get("variables").get(index)).put(field, value);
    }

    private static Consumer<ObjectNode> mapping(String field, String value) {
        return draft -> ((ObjectNode) draft.get("outputMapping")).put(field, value);
    }

    private static Consumer<ObjectNode> timeouts(Long connectMillis, Long totalMillis) {
        return draft -> {
            ObjectNode timeouts = draft.putObject("timeouts");
            if (connectMillis != null) {
                timeouts.put("connectMillis", connectMillis);
            }
            if (totalMillis != null) {
                timeouts.put("totalMillis", totalMillis);
            }
        };
    }

    static Stream<Arguments> invalidDrafts() {
        return Stream.of(
                invalidCase("name with a space", set("name", "bad name!"), violation("name", "invalid-name",
                        "name must be 1 to 64 characters of letters, digits, '.', '_' or '-', starting with a letter "
                                + "or digit, got \"bad name!\"")),
                invalidCase("no name", draft -> draft.remove("name"), violation("name", "required", "name is required")),
                invalidCase("description too long", set("description", "d".repeat(1001)), violation("description",
                        "too-long", "description must be at most 1000 characters, got 1001")),
                invalidCase("role ARN with a short account", set("roleArn", "arn:aws:iam::12:role/x"),
                        violation("roleArn", "arn-account", ROLE_SHAPE + ", got \"arn:aws:iam::12:role/x\"")),
                invalidCase("session ARN instead of a role ARN",
                        set("roleArn", "arn:aws:sts::123456789012:assumed-role/Access/session"),
                        violation("roleArn", "arn-service", "role ARN must be the role's IAM ARN, not an assumed-role "
                                + "session ARN: use arn:aws:iam::<12 digits>:role/<name>, got "
                                + "\"arn:aws:sts::123456789012:assumed-role/Access/session\"")),
                invalidCase("STS host under a foreign domain",
                        set("stsEndpoint", "https://sts.us-east-1.amazonaws.com.evil.com"),
                        violation("stsEndpoint", "not-sts-host", "STS endpoint must be an AWS STS endpoint such as "
                                + STS_EXAMPLE + ", but host \"sts.us-east-1.amazonaws.com.evil.com\" is not one, got "
                                + "\"https://sts.us-east-1.amazonaws.com.evil.com\"")),
                invalidCase("STS over plain http", set("stsEndpoint", "http://sts.us-east-1.amazonaws.com"),
                        violation("stsEndpoint", "scheme",
                                "STS endpoint must use https://, got \"http://sts.us-east-1.amazonaws.com\"")),
                invalidCase("STS with userinfo", set("stsEndpoint", "https://sts.us-east-1.amazonaws.com@evil.com"),
                        violation("stsEndpoint", "userinfo", "STS endpoint must not contain user information (\"…@\"); "
                                + "the host would be what follows the @, got \"https://sts.us-east-1.amazonaws.com@evil.com\"")),
                invalidCase("STS with a port", set("stsEndpoint", "https://sts.us-east-1.amazonaws.com:8443"),
                        violation("stsEndpoint", "port", "STS endpoint must not name a port (STS listens on 443), "
                                + "got \"https://sts.us-east-1.amazonaws.com:8443\"")),
                invalidCase("STS breaking two rules", set("stsEndpoint", "http://evil.com"),
                        "stsEndpoint breaks 2 rules; see violations",
                        violation("stsEndpoint", "scheme", "STS endpoint must use https://, got \"http://evil.com\""),
                        violation("stsEndpoint", "not-sts-host", "STS endpoint must be an AWS STS endpoint such as "
                                + STS_EXAMPLE + ", but host \"evil.com\" is not one, got \"http://evil.com\"")),
                invalidCase("unknown region", set("region", "us-east-9"), violation("region", "unknown-region",
                        "region \"us-east-9\" is not an AWS region; did you mean us-east-1, us-east-2?")),
                invalidCase("EU profile in a US region", set("modelReference", "eu.anthropic.claude-3-haiku-20240307-v1:0"),
                        violation("modelReference", "geo-region-mismatch", "model reference's eu. inference profile can "
                                + "be called only from eu-* Regions, not from the model's region us-east-1 (from "
                                + "us-east-1 use us. or global.), got \"eu.anthropic.claude-3-haiku-20240307-v1:0\"")),
                invalidCase("doubled geo prefix", set("modelReference", "us.us.anthropic.claude-3-haiku-20240307-v1:0"),
                        violation("modelReference", "stacked-geo-prefix", "model reference must start with at most "
                                + "one geography prefix (an inference profile ID is <geo>.<model ID>, and no model ID "
                                + "starts with a geography), but it starts with 2: us.us.; did you mean "
                                + "us.anthropic.claude-3-haiku-20240307-v1:0?, got "
                                + "\"us.us.anthropic.claude-3-haiku-20240307-v1:0\"")),
                invalidCase("stacked geo prefix in a profile ARN", set("modelReference",
                                "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.us.amazon.nova-lite-v1:0"),
                        violation("modelReference", "stacked-geo-prefix", "model ARN resource ID must start with at "
                                + "most one geography prefix (an inference profile ID is <geo>.<model ID>, and no model "
                                + "ID starts with a geography), but it starts with 2: global.us.; did you mean "
                                + "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.amazon.nova-lite-v1:0 "
                                + "or arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-lite-v1:0?, "
                                + "got \"arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.us.amazon.nova-lite-v1:0\"")),
                invalidCase("model ARN of another region", set("modelReference",
                                "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"),
                        violation("modelReference", "arn-region-mismatch", "model ARN is in us-west-2 but the model's "
                                + "region is us-east-1, got \"arn:aws:bedrock:us-west-2::foundation-model/"
                                + "anthropic.claude-3-haiku-20240307-v1:0\"")),
                invalidCase("template that is not JSON",
                        set("requestTemplate", "{\n  \"a\": \"{{prompt}}\",\n  \"b\": {{max_tokens}},\n  \"c\": }"),
                        violation("requestTemplate", "invalid-json", "template is not valid JSON at line 4, column 8: "
                                + "Unexpected character ('}' (code 125)): expected a value", 4, 8)),
                invalidCase("placeholder naming no variable",
                        set("requestTemplate", "{\"a\": \"{{prompt}}\", \"b\": {{max_tokens}}, \"c\": {{nope}}}"),
                        violation("requestTemplate", "undeclared-variable", "placeholder {{nope}} names no declared "
                                + "variable; declare \"nope\" or fix the name", 1, 47)),
                /* Before the bound: each of thousands of placeholders checked and reported one by one. */
                invalidCase("more placeholders than a template may hold",
                        set("requestTemplate", "[" + "{{prompt}}, ".repeat(1_000) + "{{max_tokens}}]"),
                        violation("requestTemplate", "too-many-placeholders",
                                "template must hold at most 1000 placeholders, got 1001")),
                invalidCase("placeholder in a key", set("requestTemplate", "{\"{{prompt}}\": {{max_tokens}}}"),
                        violation("requestTemplate", "placeholder-position", "placeholder {{prompt}} is inside a "
                                + "property name; placeholders may stand for a whole value or sit inside a string "
                                + "value, never in a key", 1, 3)),
                invalidCase("variable name starting with a digit", variable(0, "name", "9lives"),
                        violation("variables[0].name", "invalid-variable-name", "variable name must match "
                                + "[A-Za-z_][A-Za-z0-9_.-]* (a letter or '_', then letters, digits, '_', '.' or '-'), "
                                + "got \"9lives\"")),
                invalidCase("variable of an unknown type", variable(1, "type", "TEXT"), violation("variables[1].type",
                        "invalid-type", "type must be one of [STRING, NUMBER, INTEGER, BOOLEAN, JSON], got \"TEXT\"")),
                invalidCase("default of the wrong type", variable(1, "defaultValue", "many"),
                        violation("variables[1].defaultValue", "wrong-type", "default value of variable \"max_tokens\" "
                                + "must be " + INTEGER + ", got the string \"many\"")),
                invalidCase("two variables of one name", variable(1, "name", "prompt"),
                        "2 fields are invalid; see violations",
                        violation("variables[1].name", "duplicate-variable",
                                "variable \"prompt\" is already declared by variables[0]"),
                        violation("requestTemplate", "undeclared-variable", "placeholder {{max_tokens}} names no "
                                + "declared variable; declare \"max_tokens\" or fix the name", 3, 17)),
                /* Before the fix: a NullPointerException, answered 500. */
                invalidCase("null variable", draft -> ((ArrayNode) draft.get("variables"))
                        .set(0, Api.JSON.nullNode()), violation("variables[0]", "required",
                        "variables[0] is null; each variable is an object with at least a name and a type")),
                invalidCase("invalid JSONPaths", mapping("text", "$.content[0.text").andThen(mapping("inputTokens", "$..[")),
                        "2 fields are invalid; see violations",
                        violation("outputMapping.text", "invalid-jsonpath", "outputMapping.text is not a valid JSONPath "
                                + "at column 12: an index must be an integer, found '.'", 1, 12),
                        violation("outputMapping.inputTokens", "invalid-jsonpath", "outputMapping.inputTokens is not a "
                                + "valid JSONPath at column 5: expected a selector, found the end of the expression", 1, 5)),
                /* Before the fix: accepted, and each further level multiplied the evaluation's work by the answer's size. */
                invalidCase("JSONPath searching the whole document in filters 3 levels deep",
                        mapping("text", "$..[?$..[?$..[?$..[?@.a]]]]"), violation("outputMapping.text",
                                "jsonpath-too-costly", "outputMapping.text is too costly a JSONPath at column 6:"
                                + " filters nest queries that search the whole document ($ with a wildcard, slice,"
                                + " filter or '..', or any '..' segment) 3 levels deep from $..[?$..[?$..[?@.a]]]; at"
                                + " most 2 levels are allowed, since each multiplies the work by the document's size."
                                + " Inside a filter, use queries relative to the current node (@.type, @[*],"
                                + " @.content[?@.type == 'text']) or singular ones ($.a.b)", 1, 6)),
                invalidCase("no output mapping", draft -> draft.remove("outputMapping"), violation("outputMapping.text",
                        "required", "output mapping with at least a text path is required")),
                /* Before the fix: more than the database column holds, answered 500. */
                invalidCase("variables too large to store", variable(0, "defaultValue", "x".repeat(200_000)),
                        violation("variables", "too-large",
                                "variables take 200222 characters as JSON; at most 200000 can be stored")),
                invalidCase("output mapping too large to store", draft -> {
                    ObjectNode extras = ((ObjectNode) draft.get("outputMapping")).putObject("extras");
                    for (int i = 0; i < 20; i++) {
                        extras.put("extra" + i, "$." + "a".repeat(990));
                    }
                }, violation("outputMapping", "too-large",
                        "output mapping takes 20205 characters as JSON; at most 20000 can be stored")),
                invalidCase("connect timeout below the minimum", timeouts(99L, null), violation("timeouts.connectMillis",
                        "out-of-range", "timeouts.connectMillis must be between 100 and 30000, got 99")),
                invalidCase("total timeout above the maximum", timeouts(null, 600_001L), violation("timeouts.totalMillis",
                        "out-of-range", "timeouts.totalMillis must be between 1000 and 600000, got 600001")),
                invalidCase("connect timeout not below the total", timeouts(5_000L, 5_000L),
                        violation("timeouts.connectMillis", "connect-not-below-total",
                                "timeouts.connectMillis (5000) must be below timeouts.totalMillis (5000)")),
                invalidCase("everything at once", set("name", "").andThen(set("roleArn", "nope"))
                                .andThen(set("stsEndpoint", "http://evil.com"))
                                .andThen(set("modelReference", "eu.anthropic.claude-3-haiku-20240307-v1:0"))
                                .andThen(mapping("text", "content")),
                        "5 fields are invalid; see violations",
                        violation("name", "required", "name is required"),
                        violation("roleArn", "malformed-role-arn", ROLE_SHAPE + ", got \"nope\""),
                        violation("stsEndpoint", "scheme", "STS endpoint must use https://, got \"http://evil.com\""),
                        violation("stsEndpoint", "not-sts-host", "STS endpoint must be an AWS STS endpoint such as "
                                + STS_EXAMPLE + ", but host \"evil.com\" is not one, got \"http://evil.com\""),
                        violation("modelReference", "geo-region-mismatch", "model reference's eu. inference profile can "
                                + "be called only from eu-* Regions, not from the model's region us-east-1 (from "
                                + "us-east-1 use us. or global.), got \"eu.anthropic.claude-3-haiku-20240307-v1:0\""),
                        violation("outputMapping.text", "invalid-jsonpath", "outputMapping.text is not a valid JSONPath "
                                + "at column 1: a JSONPath starts with '$', found 'c'", 1, 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDrafts")
    void create_invalidDraft_is422ListingEveryViolationAndSavesNothing(String name, Consumer<ObjectNode> breakIt,
                                                                       String detail, ObjectNode[] violations) {
        JsonNode existing = create(Drafts.valid("existing"));
        String listBefore = api.get(MODELS).body();
        ObjectNode draft = Drafts.valid("haiku");
        breakIt.accept(draft);

        api.post(MODELS, draft).assertProblem(invalid(MODELS, detail, violations));

        assertThat(api.get(MODELS).body()).isEqualTo(listBefore);
        api.get(path(existing)).assertJson(200, existing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDrafts")
    void update_invalidDraft_is422ListingEveryViolationAndChangesNothing(String name, Consumer<ObjectNode> breakIt,
                                                                         String detail, ObjectNode[] violations) {
        JsonNode existing = create(Drafts.valid("haiku"));
        String listBefore = api.get(MODELS).body();
        ObjectNode draft = Drafts.valid("haiku");
        breakIt.accept(draft);

        api.put(path(existing), draft, "If-Match", "\"1\"").assertProblem(invalid(path(existing), detail, violations));

        assertThat(api.get(MODELS).body()).isEqualTo(listBefore);
        Api.Reply after = api.get(path(existing));
        assertThat(after.header("ETag")).isEqualTo("\"1\"");
        after.assertJson(200, existing);
    }
}
