package dev.modelgate.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only the web layer speaks HTTP: the core packages throw codes from {@link ErrorCode}, and nothing outside
 * {@code web/} (and {@code config/}, which wires it) imports Spring's HTTP types or the web package.
 */
class HttpOnlyInWebTest {

    private static final Path MAIN = Path.of("src", "main", "java", "dev", "modelgate");

    @Test
    void noCorePackage_importsHttpTypesOrTheWebLayer() throws IOException {
        List<String> offending = sources().filter(file -> !file.startsWith(MAIN.resolve("web"))
                        && !file.startsWith(MAIN.resolve("config")))
                .filter(file -> read(file).lines().anyMatch(line -> line.startsWith("import org.springframework.http")
                        || line.startsWith("import dev.modelgate.web.")))
                .map(Path::toString).toList();

        assertThat(offending).isEmpty();
    }

    @Test
    void theErrorPackage_importsNothingOfSpringNorOfAFeature() throws IOException {
        List<String> imports = sources().filter(file -> file.startsWith(MAIN.resolve("error")))
                .flatMap(file -> read(file).lines()).filter(line -> line.startsWith("import ")).toList();

        assertThat(imports).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("import java."));
    }

    /** The main sources: tests run in the server module's directory. */
    private static Stream<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> java = files.filter(file -> file.toString().endsWith(".java")).toList();
            assertThat(java).as("sources under %s", MAIN.toAbsolutePath()).hasSizeGreaterThan(100);
            return java.stream();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
