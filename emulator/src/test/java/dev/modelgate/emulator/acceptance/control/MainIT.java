package dev.modelgate.emulator.acceptance.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.emulator.acceptance.sts.RawHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code java … dev.modelgate.emulator.Main}, as {@code java -jar modelgate-emulator.jar} runs it: in a separate JVM
 * on this test's class path, so that its {@code System.exit} ends only that JVM.
 */
class MainIT {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:\\d+)");
    private static final long TIMEOUT_SECONDS = 60;

    @Test
    void freePort_printsTheEndpointAndServesOnIt() throws Exception {
        Process process = start("--port", "0");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String banner = CompletableFuture.supplyAsync(() -> readUntilListening(out))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Matcher listening = LISTENING.matcher(banner);
            assertThat(listening.find()).as(banner).isTrue();
            URI endpoint = URI.create(listening.group(1));

            RawHttp http = new RawHttp(endpoint);
            RawHttp.Response clock = http.send(http.request("/_emulator/clock").GET().build());

            assertThat(clock.status()).isEqualTo(200);
            assertThat(clock.body()).contains("\"offsetSeconds\":0");
        } finally {
            process.destroy();
            assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        }
    }

    @Test
    void help_printsUsageAndExitsZero() throws Exception {
        Result result = run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).startsWith("usage: java -jar modelgate-emulator.jar [--port N] [--world FILE] [--no-verify]");
    }

    @Test
    void portThatIsNotANumber_exitsTwoNamingIt() throws Exception {
        Result result = run("--port", "http");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("modelgate-emulator: --port must be a number between 0 and 65535, got http");
    }

    @Test
    void unknownOption_exitsTwoNamingIt() throws Exception {
        Result result = run("--verbose");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("modelgate-emulator: unknown option --verbose").contains("usage:");
    }

    @Test
    void worldFileThatDoesNotExist_exitsTwoNamingIt() throws Exception {
        Result result = run("--world", "/no/such/world.yaml");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr())
                .startsWith("modelgate-emulator: world file /no/such/world.yaml does not exist or is not readable");
    }

    @Test
    void optionWithoutItsValue_exitsTwo() throws Exception {
        Result result = run("--port");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).startsWith("modelgate-emulator: --port needs a value");
    }

    private record Result(int exitCode, String stdout, String stderr) {
    }

    private static Result run(String... args) throws Exception {
        Process process = start(args);
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process, false));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process, true));
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("Main " + String.join(" ", args) + " did not exit");
        }
        return new Result(process.exitValue(), stdout.get(TIMEOUT_SECONDS, TimeUnit.SECONDS),
                stderr.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    private static Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "dev.modelgate.emulator.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }

    private static String readUntilListening(BufferedReader out) {
        StringBuilder seen = new StringBuilder();
        try {
            for (String line; (line = out.readLine()) != null; ) {
                seen.append(line).append('\n');
                if (LISTENING.matcher(line).find()) {
                    return seen.toString();
                }
            }
        } catch (IOException e) {
            seen.append(e);
        }
        return seen.toString();
    }

    private static String readAll(Process process, boolean errors) {
        try {
            return new String((errors ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
