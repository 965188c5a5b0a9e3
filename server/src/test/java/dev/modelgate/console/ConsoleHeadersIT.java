package dev.modelgate.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.web.ConsoleHeaders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console is served at {@code /} with its security headers, and only there: the API keeps its own answers, its
 * problem+json and its request size limit.
 */
class ConsoleHeadersIT extends ConsoleServer {

    private static final Path STATIC = Path.of("src", "main", "resources", "static");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void page_isServedAtTheRoot_withAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleHeaders.CONTENT_SECURITY_POLICY);
        assertThat(ConsoleHeaders.CONTENT_SECURITY_POLICY).contains("default-src 'self'", "script-src 'self'",
                "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
    }

    @Test
    void modules_areJavaScript_underTheSamePolicy() throws Exception {
        HttpResponse<String> module = get("/console/app.js");

        assertThat(module.statusCode()).isEqualTo(200);
        assertThat(module.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        assertThat(module.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleHeaders.CONTENT_SECURITY_POLICY);
        assertThat(get("/console/console.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    }

    @Test
    void api_keepsItsOwnAnswers_withoutTheConsolesHeaders() throws Exception {
        String key = adminKey();
        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/models"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(models.statusCode()).isEqualTo(200);
        assertThat(models.headers().firstValue("Content-Security-Policy")).isEmpty();

        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/nothing-here"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        HttpResponse<String> tooLarge = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/models"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024])).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("payload-too-large");
    }

    @Test
    void missingConsoleFile_isAProblemNotAPage() throws Exception {
        HttpResponse<String> missing = get("/console/missing.js");

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    /** What the policy forbids never appears in the files: inline scripts, inline styles and handlers, HTML from strings. */
    @Test
    void files_holdNoInlineScriptOrStyle_andBuildNoHtmlFromStrings() throws IOException {
        String page = Files.readString(STATIC.resolve("index.html"));
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=").doesNotContainPattern(" on[a-z]+=");
        List<Path> modules;
        try (Stream<Path> files = Files.list(STATIC.resolve("console"))) {
            modules = files.filter(p -> p.toString().endsWith(".js")).toList();
        }
        assertThat(modules).hasSizeGreaterThan(10);
        for (Path module : modules) {
            assertThat(Files.readString(module)).as(module.toString())
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function")
                    .doesNotContainPattern("setAttribute\\('style'");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
