package dev.modelgate.bench;

import dev.modelgate.emulator.Emulator;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load test of the emulator: how many small InvokeModel requests per second it answers on this machine, with
 * signatures verified and in the fast mode. wrk (loopback only, bounded by -d) replays one request signed with the
 * SDK's own SigV4 signer; a signature stays valid for AWS's 5-minute skew window, and the emulator verifies it on
 * every request.
 *
 * <pre>java -cp ... dev.modelgate.bench.EmulatorLoad [--seconds 10] [--connections 32] [--threads 2]</pre>
 */
public final class EmulatorLoad {

    private static final String MODEL_PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke";
    private static final String BODY = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
    private static final String ACCESS_KEY = "AKIATENANTADMIN00001";

    private EmulatorLoad() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = intOption(args, "--seconds", 10, 1, 120);
        int connections = intOption(args, "--connections", 32, 1, 512);
        int threads = intOption(args, "--threads", 2, 1, 16);
        requireWrk();
        List<String> rows = new ArrayList<>();
        for (boolean verify : new boolean[] {true, false}) {
            try (Emulator emulator = Emulator.builder().verifySignatures(verify).build()) {
                emulator.journal().setEnabled(true);
                Map<String, List<String>> headers = signedHeaders(emulator);
                check(emulator, headers);
                Path script = luaScript(headers);
                run(emulator, script, threads, connections, 2); // warm-up
                Result result = run(emulator, script, threads, connections, seconds);
                rows.add(String.format("| %s | %d | %d | %,.0f | %s | %s | %s | %d |",
                        verify ? "verified" : "fast (--no-verify)", threads, connections, result.rps,
                        result.p50, result.p99, result.max, result.non2xx));
            }
        }
        System.out.println("| signatures | wrk threads | connections | requests/s | p50 | p99 | max | non-2xx |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static Map<String, List<String>> signedHeaders(Emulator emulator) {
        String secret = emulator.world().accessKey(ACCESS_KEY).orElseThrow().key().secret();
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(URI.create(emulator.endpoint() + MODEL_PATH))
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .build();
        return AwsV4HttpSigner.create().sign(r -> r
                        .identity(AwsCredentialsIdentity.create(ACCESS_KEY, secret))
                        .request(request)
                        .payload(ContentStreamProvider.fromUtf8String(BODY))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "bedrock")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1"))
                .request().headers();
    }

    /** One request through the JDK client first: the load run must measure successes, not errors. */
    private static void check(Emulator emulator, Map<String, List<String>> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + MODEL_PATH))
                .POST(HttpRequest.BodyPublishers.ofString(BODY));
        headers.forEach((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the signed request failed before the load run: " + response.statusCode() + " " + response.body());
            }
        }
    }

    private static Path luaScript(Map<String, List<String>> headers) throws IOException {
        StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
        lua.append("wrk.body = ").append(luaString(BODY)).append('\n');
        headers.forEach((name, values) -> lua.append("wrk.headers[").append(luaString(name)).append("] = ")
                .append(luaString(String.join(",", values))).append('\n'));
        Path script = Files.createTempFile("emulator-load", ".lua");
        Files.writeString(script, lua);
        script.toFile().deleteOnExit();
        return script;
    }

    private static String luaString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Result run(Emulator emulator, Path script, int threads, int connections, int seconds)
            throws IOException, InterruptedException {
        Process wrk = new ProcessBuilder("wrk", "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--latency",
                "-s", script.toString(), emulator.endpoint() + MODEL_PATH).redirectErrorStream(true).start();
        String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        return new Result(Double.parseDouble(find(out, "Requests/sec:\\s+([0-9.]+)")), find(out, "\\s50%\\s+(\\S+)"),
                find(out, "\\s99%\\s+(\\S+)"), find(out, "Latency\\s+\\S+\\s+\\S+\\s+(\\S+)"),
                Integer.parseInt(findOr(out, "Non-2xx or 3xx responses:\\s+(\\d+)", "0")));
    }

    /** Group 1 of the first match of {@code regex} in wrk's output; none is an error naming both. */
    static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no match for " + regex + " in wrk output:\n" + text);
        }
        return m.group(1);
    }

    /** Group 1 of the first match of {@code regex} in wrk's output, or {@code fallback}. */
    static String findOr(String text, String regex, String fallback) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : fallback;
    }

    private static void requireWrk() throws InterruptedException {
        try {
            new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start().waitFor();
        } catch (IOException e) {
            System.err.println("EmulatorLoad needs wrk on the PATH: apt-get install wrk");
            System.exit(2);
        }
    }

    private static int intOption(String[] args, String name, int fallback, int min, int max) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                int value = Integer.parseInt(args[i + 1]);
                if (value < min || value > max) {
                    throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
                }
                return value;
            }
        }
        return fallback;
    }

    private record Result(double rps, String p50, String p99, String max, int non2xx) {
    }
}
