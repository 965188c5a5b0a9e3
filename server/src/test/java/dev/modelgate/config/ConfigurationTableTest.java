package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * README's "Configuration" table and the {@code modelgate.*} properties agree: the table is checked against the
 * metadata Spring Boot's configuration processor generates from the property records (their names, Javadoc and
 * {@code @DefaultValue}s), so a property added, renamed or given another default fails here until the table says so.
 * And every property is one of those records: a property read any other way would be missing from the metadata, the
 * table and IDE completion alike.
 */
class ConfigurationTableTest {

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    /** Tests run in the server module's directory. */
    private static final Path README = Path.of("..", "README.md");
    private static final Path MAIN = Path.of("src", "main", "java");
    private static final String NO_DEFAULT = "none";
    private static final Pattern VALUE =
            Pattern.compile("@(org\\.springframework\\.beans\\.factory\\.annotation\\.)?Value\\(");

    @Test
    void everyProperty_hasADescriptionInTheMetadata() {
        Map<String, JsonNode> properties = properties();

        assertThat(properties).as("modelgate.* properties in %s", METADATA).hasSizeGreaterThan(30);
        assertThat(properties.values().stream()
                .filter(property -> property.path("description").asString("").isBlank())
                .map(property -> property.get("name").asString()))
                .as("properties without a description (Javadoc @param of their record's component)").isEmpty();
    }

    @Test
    void readmeTable_hasOneRowPerProperty_withItsDefault() {
        Map<String, JsonNode> properties = properties();
        Map<String, String> rows = readmeRows();
        List<String> problems = new ArrayList<>();

        properties.forEach((name, property) -> {
            if (!rows.containsKey(name)) {
                problems.add(name + " is missing from README's Configuration table");
            } else if (!defaultOf(property).equals(rows.get(name))) {
                problems.add(name + " defaults to " + defaultOf(property) + ", README's table says " + rows.get(name));
            }
        });
        rows.keySet().stream().filter(name -> !properties.containsKey(name))
                .forEach(name -> problems.add("README's Configuration table has a row for " + name
                        + ", which is no modelgate.* property"));

        assertThat(problems).isEmpty();
    }

    @Test
    void mainSources_readNoPropertyThroughValue() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> offending = files.filter(file -> file.toString().endsWith(".java"))
                    .filter(file -> VALUE.matcher(read(file)).find()).map(Path::toString).toList();

            assertThat(offending).as("sources reading a property with @Value instead of a @ConfigurationProperties "
                    + "record").isEmpty();
        }
    }

    /** The default as README writes it: the value in backticks, or {@value #NO_DEFAULT}. */
    private static String defaultOf(JsonNode property) {
        JsonNode value = property.get("defaultValue");
        return value == null || value.isNull() ? NO_DEFAULT : "`" + value.asString() + "`";
    }

    /** The server's own metadata (not a dependency's), by property name. */
    private static Map<String, JsonNode> properties() {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (URL url : metadataFiles()) {
            try (InputStream in = url.openStream()) {
                for (JsonNode property : JsonMapper.builder().build().readTree(in).path("properties")) {
                    String name = property.get("name").asString();
                    if (name.startsWith("modelgate.")) {
                        properties.put(name, property);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    /** Dependencies' metadata comes in jars; the server's is a file among its compiled classes. */
    private static List<URL> metadataFiles() {
        try {
            List<URL> files = Collections.list(ConfigurationTableTest.class.getClassLoader().getResources(METADATA))
                    .stream().filter(url -> url.getProtocol().equals("file")).toList();
            assertThat(files).as("%s among the compiled classes (spring-boot-configuration-processor)", METADATA)
                    .isNotEmpty();
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README's "Configuration" table: the default (second cell) by property (first cell, unquoted). */
    private static Map<String, String> readmeRows() {
        List<String> lines = read(README).lines().toList();
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("a \"## Configuration\" section in %s", README).isNotNegative();
        Map<String, String> rows = new LinkedHashMap<>();
        List<String> table = lines.subList(start + 1, lines.size()).stream().takeWhile(line -> !line.startsWith("## "))
                .filter(line -> line.startsWith("|")).toList();
        assertThat(table).as("the Configuration section's table").hasSizeGreaterThan(2);
        for (String row : table.subList(2, table.size())) {
            String[] cells = row.split("\\|");
            assertThat(cells).as("row %s: | property | default | what it does |", row).hasSizeGreaterThanOrEqualTo(4);
            String name = cells[1].strip().replace("`", "");
            assertThat(rows.put(name, cells[2].strip())).as("README rows for %s", name).isNull();
        }
        return rows;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
