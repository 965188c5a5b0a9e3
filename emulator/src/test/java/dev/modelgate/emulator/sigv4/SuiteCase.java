package dev.modelgate.emulator.sigv4;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One case directory of the aws-c-auth SigV4 test suite (test resources), with a reader for its
 * request files: {@code Header:value} without a space, folded (multiline) values, a request line
 * {@code GET /path?query HTTP/1.1} whose path may hold spaces and raw UTF-8, body after a blank line.
 */
record SuiteCase(String name, Path directory, JsonNode context) {

    static final String ROOT = "sigv4-test-suite/tests/aws-signing-test-suite/v4";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<SuiteCase> all() {
        URL root = SuiteCase.class.getClassLoader().getResource(ROOT);
        if (root == null) {
            throw new IllegalStateException("test resource " + ROOT + " is missing");
        }
        try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
            return dirs.filter(Files::isDirectory).sorted().map(SuiteCase::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static SuiteCase named(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static SuiteCase load(Path directory) {
        return new SuiteCase(directory.getFileName().toString(), directory,
                JSON.readTree(read(directory.resolve("context.json"))));
    }

    String file(String fileName) {
        return read(directory.resolve(fileName));
    }

    String accessKeyId() {
        return context.get("credentials").get("access_key_id").asString();
    }

    String secretAccessKey() {
        return context.get("credentials").get("secret_access_key").asString();
    }

    String region() {
        return context.get("region").asString();
    }

    String service() {
        return context.get("service").asString();
    }

    boolean normalize() {
        return context.get("normalize").asBoolean();
    }

    Instant timestamp() {
        return Instant.parse(context.get("timestamp").asString());
    }

    /** Parses one of the case's {@code *-signed-request.txt} files into what the verifier sees. */
    SignedRequestView request(String fileName) {
        String text = file(fileName);
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text.stripTrailing() : text.substring(0, blank);
        String body = blank < 0 ? "" : text.substring(blank + 2);
        String[] lines = head.split("\n");
        String requestLine = lines[0];
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(" HTTP/1.1"));
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);

        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> lastValues = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(" ") || line.startsWith("\t")) {
                int last = lastValues.size() - 1;
                lastValues.set(last, lastValues.get(last) + "\n" + line);
                continue;
            }
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            lastValues = headers.computeIfAbsent(name, n -> new ArrayList<>());
            lastValues.add(line.substring(colon + 1));
        }
        return new SignedRequestView(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return name;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
