package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.access.Role;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests refused before Modelgate's own code runs (by Tomcat, by Spring Security's firewall, by Spring MVC's
 * content negotiation) are problem+json with the security headers of every other problem, never Tomcat's HTML page or
 * Spring Boot's {@code {"timestamp", "status", "error", "path"}}. Sent byte for byte over a socket, as an attacker
 * would: {@code java.net.http} refuses to send most of them.
 */
class RawRequestProblemsIT extends ApiTestBase {

    private static final Map<String, String> PROBLEM_HEADERS = Map.of(
            "Content-Type", "application/problem+json",
            "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer",
            "X-Frame-Options", "DENY",
            "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");

    private RawHttp raw;
    private String authorization;

    @BeforeEach
    void connect() {
        raw = new RawHttp(port);
        authorization = "Bearer " + key(workspace().id(), Role.ADMIN);
    }

    private static void assertProblem(RawHttp.Answer answer, ObjectNode expected) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(expected.get("status").intValue());
        PROBLEM_HEADERS.forEach((name, value) -> assertThat(answer.header(name)).as(name).isEqualTo(value));
        assertThat(Api.canonical(Api.parse(answer.body()))).isEqualTo(Api.canonical(expected));
    }

    private static ObjectNode invalidPath(String rule, String message) {
        ObjectNode problem = Api.problem(400, "invalid-path", "Invalid path", message, null);
        problem.remove("instance");
        return problem.set("violations", Api.array(Api.violation("path", rule, message)));
    }

    /** Tomcat refuses the first six itself, the firewall the others; each names the rule the path broke. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\0', textBlock = """
            /api/v1/models%2Fx            | encoded-slash            | the path must not contain an encoded slash (%2F)
            /api/v1/models%5Cx            | backslash                | the path must not contain a backslash (\\ or %5C)
            /api/v1/models\\x             | backslash                | the path must not contain a backslash (\\ or %5C)
            /api/v1/models%00x            | nul-character            | the path must not contain a NUL character (%00)
            /api/v1/models%ZZ             | invalid-percent-encoding | the path's percent-encoding is invalid: each % must be followed by two hexadecimal digits
            /../etc/passwd                | dot-segment              | the path must not contain . or .. segments; send it normalized
            /api/v1/../v1/models          | dot-segment              | the path must not contain . or .. segments; send it normalized
            /api/v1/%2e%2e/v1/models      | dot-segment              | the path must not contain . or .. segments; send it normalized
            /api/v1/models%2e%2e          | encoded-period           | the path must not contain an encoded period (%2E)
            /api/v1/models;jsessionid=abc | path-parameter           | the path must not contain path parameters (;name=value, such as ;jsessionid=); console sessions use their cookie
            /api/v1/models%25             | encoded-percent          | the path must not contain an encoded percent sign (%25)
            //api/v1/models               | empty-segment            | the path must not contain an empty segment (//)
            """)
    void refusedPath_isAProblemNamingTheRule(String path, String rule, String message) {
        String target = path.replace("\\\\", "\\");

        assertProblem(raw.send("GET", target, "Authorization", authorization), invalidPath(rule, message));
    }

    @ParameterizedTest
    @CsvSource({"TRACE", "FOO", "CONNECT2"})
    void methodModelgateNeverAnswers_is405ListingTheOthers(String method) {
        RawHttp.Answer answer = raw.send(method, Api.MODELS, "Authorization", authorization);

        assertProblem(answer, Api.problem(405, "method-not-allowed", "Method not allowed", method
                + " is not supported here; allowed: DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT", Api.MODELS));
        assertThat(answer.header("Allow")).isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    }

    /** The firewall refuses a header value with a control character (here NEL, 0x85) when the header is read. */
    @Test
    void headerWithAControlCharacter_isRefusedByTheFirewall() {
        assertProblem(raw.send("GET", Api.MODELS, "Authorization", "Bearer mg_\u0085x"), Api.problem(400,
                "request-rejected", "Request rejected", "the request has a header, parameter or host name that is "
                        + "not allowed (control or non-printable characters)", Api.MODELS));
    }

    /** An API answers JSON: a browser's Accept gets a 406, and that too is problem+json, not an HTML page. */
    @Test
    void acceptHtmlOnTheApi_is406AsProblemJson() {
        RawHttp.Answer answer = raw.send("GET", Api.MODELS, "Authorization", authorization, "Accept", "text/html");

        assertProblem(answer, Api.problem(406, "not-acceptable", "Not acceptable", "this endpoint answers "
                + "application/json (and errors as application/problem+json); send an Accept header that allows it, "
                + "or none", Api.MODELS));
        assertThat(answer.header("Accept")).isEqualTo("application/json");
    }

    @Test
    void acceptHtml_errorsStayProblemJson() {
        assertProblem(raw.send("GET", "/api/v1/nothing-here", "Authorization", authorization, "Accept", "text/html"),
                Api.problem(404, "not-found", "Not found", "no such resource: /api/v1/nothing-here",
                        "/api/v1/nothing-here"));
        assertProblem(raw.send("GET", Api.MODELS, "Accept", "text/html"), Api.problem(401, "unauthenticated",
                "Unauthenticated", "sign in to the console, or send an API key as Authorization: Bearer <key>",
                Api.MODELS));
    }

    @Test
    void headerOf64KB_is431() {
        RawHttp.Answer answer = raw.send("GET", Api.MODELS, "Authorization", authorization, "X-Padding",
                "a".repeat(64 * 1024));

        ObjectNode expected = Api.problem(431, "header-too-large", "Request header fields too large",
                "the request's headers are larger than the limit of 16384 bytes", null);
        expected.remove("instance");
        assertProblem(answer, expected);
    }

    private static void assertOpenAiError(RawHttp.Answer answer, int status, String message, String param,
                                          String code) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.header("x-should-retry")).isEqualTo("false");
        ObjectNode expected = Api.JSON.createObjectNode();
        expected.putObject("error").put("message", message).put("type", "invalid_request_error").put("param", param)
                .put("code", code);
        assertThat(Api.canonical(Api.parse(answer.body()))).isEqualTo(Api.canonical(expected));
    }

    /** Under /v1 the refusals of Tomcat (encoded slash, large headers) and the firewall are in OpenAI's shape. */
    @Test
    void openAiApi_refusalsBeforeSpring_areInOpenAisShape() {
        assertOpenAiError(raw.send("GET", "/v1/models%2Fx", "Authorization", authorization), 400,
                "the path must not contain an encoded slash (%2F)", "path", "encoded_slash");
        assertOpenAiError(raw.send("GET", "/v1/models;jsessionid=abc", "Authorization", authorization), 400,
                "the path must not contain path parameters (;name=value, such as ;jsessionid=); console sessions use "
                        + "their cookie", "path", "path_parameter");
        assertOpenAiError(raw.send("GET", "/v1/models", "Authorization", authorization, "X-Padding",
                "a".repeat(64 * 1024)), 431, "the request's headers are larger than the limit of 16384 bytes", null,
                "header_too_large");
        RawHttp.Answer trace = raw.send("FOO", "/v1/models", "Authorization", authorization);
        assertOpenAiError(trace, 405, "FOO is not supported here; allowed: DELETE, GET, HEAD, OPTIONS, PATCH, POST, "
                + "PUT", null, "method_not_allowed");
        assertThat(trace.header("Allow")).isEqualTo("DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT");
    }

    /** What the problems changed leaves the console's page and the actuator as they were. */
    @Test
    void consoleAndActuator_answerAsBefore() {
        RawHttp.Answer page = raw.send("GET", "/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=UTF-8");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(ConsoleHeaders.CONTENT_SECURITY_POLICY);

        RawHttp.Answer missing = raw.send("GET", "/console/missing.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(missing.header("Content-Security-Policy")).isEqualTo(ConsoleHeaders.CONTENT_SECURITY_POLICY);
        assertThat(missing.header("Referrer-Policy")).isEqualTo("no-referrer");

        RawHttp.Answer health = raw.send("GET", "/actuator/health");
        assertThat(health.header("Content-Type")).isEqualTo("application/vnd.spring-boot.actuator.v3+json");
        JsonNode components = Api.parse(health.body()).get("components");
        assertThat(components.get("db").get("status").stringValue()).isEqualTo("UP");
        // No STS answers this test's server: Modelgate's own AWS identity is unknown, so it is not ready for traffic.
        assertThat(components.get("platformIdentity").get("status").stringValue()).isEqualTo("DOWN");
        assertThat(health.status()).isEqualTo(503);
    }
}
