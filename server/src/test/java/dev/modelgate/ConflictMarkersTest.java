package dev.modelgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No source, resource or document of the project holds a line a merge left behind ({@code <<<<<<< ours},
 * {@code >>>>>>> theirs}). Java would not compile with one, but a browser silently drops the CSS rule after it and a
 * script or document just reads wrong, so the console's files and the READMEs are read here.
 */
class ConflictMarkersTest {

    private static final Path ROOT = Path.of("..");
    private static final List<Path> TREES = List.of(Path.of("server", "src"), Path.of("emulator", "src"),
            Path.of("bench", "src"), Path.of(".ci"));
    private static final List<Path> FILES = List.of(Path.of("README.md"), Path.of("bench", "README.md"),
            Path.of("modelgate"));

    @Test
    void noFileHoldsAConflictMarker() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path tree : TREES) {
            if (Files.isDirectory(ROOT.resolve(tree))) {
                try (Stream<Path> walk = Files.walk(ROOT.resolve(tree))) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        FILES.stream().map(ROOT::resolve).filter(Files::isRegularFile).forEach(files::add);
        assertThat(files).as("files read").hasSizeGreaterThan(100);

        List<String> found = new ArrayList<>();
        for (Path file : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file);
            } catch (MalformedInputException binary) {
                continue; // an image or other binary resource
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("<<<<<<< ") || line.startsWith(">>>>>>> ") || line.equals("<<<<<<<")
                        || line.equals(">>>>>>>")) {
                    found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + line);
                }
            }
        }
        assertThat(found).as("lines left by a merge").isEmpty();
    }
}
