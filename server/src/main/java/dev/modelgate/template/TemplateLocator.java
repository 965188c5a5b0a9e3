package dev.modelgate.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follows a JSON pointer through a template's text, as {@link TemplateScanner} filled it (placeholders blanked, every
 * offset the template's own), to the part of the template that writes what the pointer names in a rendered body.
 * For diagnoses, not the hot path: it scans and parses the template on each call.
 */
final class TemplateLocator {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private TemplateLocator() {
    }

    /**
     * @throws IllegalArgumentException when {@code pointer} is neither empty nor starts with {@code /}
     */
    static Optional<TemplateLocation> locate(String text, String pointer) {
        List<String> steps = steps(pointer);
        TemplateScanner.Result scan = TemplateScanner.scan(text);
        LineIndex lines = new LineIndex(text);
        try (JsonParser parser = MAPPER.createParser(scan.filled())) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                return Optional.empty();
            }
            int start = offset(parser);
            int shownAt = start;
            int found = 0;
            while (found < steps.size() && token.isStructStart()) {
                int nameAt = token == JsonToken.START_OBJECT ? member(parser, steps.get(found))
                        : element(parser, steps.get(found));
                if (nameAt < 0) {
                    break;
                }
                token = parser.currentToken();
                start = offset(parser);
                shownAt = nameAt;
                found++;
            }
            int end = end(parser, token);
            List<String> variables = new ArrayList<>();
            TemplateLocation.Kind kind = kind(token);
            for (TemplateScanner.Span span : scan.spans()) {
                if (span.start() >= start && span.start() < end && span.name() != null) {
                    variables.add(span.name());
                    if (!span.inString() && span.start() == start) {
                        kind = TemplateLocation.Kind.PLACEHOLDER;
                    }
                }
            }
            return Optional.of(new TemplateLocation(pointer(steps.subList(0, found)), lines.line(shownAt),
                    lines.column(shownAt), kind, variables, pointer(steps.subList(found, steps.size()))));
        } catch (JacksonException e) {
            // Only a template that failed to compile could be unreadable here.
            return Optional.empty();
        }
    }

    /** Moves to the value of member {@code name}; the offset of its name, or -1 (at the object's end) when absent. */
    private static int member(JsonParser parser, String name) {
        for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
            int nameAt = offset(parser);
            boolean match = parser.currentName().equals(name);
            parser.nextToken();
            if (match) {
                return nameAt;
            }
            parser.skipChildren();
        }
        return -1;
    }

    /** Moves to element {@code index}; its offset, or -1 (at the array's end) when there is no such element. */
    private static int element(JsonParser parser, String index) {
        int wanted = index.matches("0|[1-9][0-9]{0,8}") ? Integer.parseInt(index) : -1;
        int i = 0;
        for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.END_ARRAY;
             token = parser.nextToken()) {
            if (i++ == wanted) {
                return offset(parser);
            }
            parser.skipChildren();
        }
        return -1;
    }

    /** The offset just past the value the parser is at. */
    private static int end(JsonParser parser, JsonToken token) {
        if (token.isStructStart()) {
            parser.skipChildren();
        } else {
            parser.getString();
        }
        return (int) parser.currentLocation().getCharOffset();
    }

    private static TemplateLocation.Kind kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> TemplateLocation.Kind.OBJECT;
            case START_ARRAY -> TemplateLocation.Kind.ARRAY;
            case VALUE_STRING -> TemplateLocation.Kind.STRING;
            default -> TemplateLocation.Kind.LITERAL;
        };
    }

    private static int offset(JsonParser parser) {
        return (int) parser.currentTokenLocation().getCharOffset();
    }

    private static List<String> steps(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("a JSON pointer is empty or starts with '/', got \"" + pointer + "\"");
        }
        List<String> steps = new ArrayList<>();
        for (String step : pointer.substring(1).split("/", -1)) {
            steps.add(step.replace("~1", "/").replace("~0", "~"));
        }
        return steps;
    }

    private static String pointer(List<String> steps) {
        StringBuilder out = new StringBuilder();
        steps.forEach(step -> out.append('/').append(step.replace("~", "~0").replace("/", "~1")));
        return out.toString();
    }
}
