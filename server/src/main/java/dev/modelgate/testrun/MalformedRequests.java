package dev.modelgate.testrun;

import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.template.TemplateLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads Bedrock's "Malformed input request" message — JSON-schema violations, each a JSON pointer into the body and
 * a problem ({@code #/max_tokens: expected type: Integer, found: String}, {@code #: required key [max_tokens] not
 * found}, {@code #/messages/0: extraneous key [x] is not permitted}) — and finds each one's place in the request
 * template: the line and column, and the variable whose value stands there.
 */
final class MalformedRequests {

    private static final String PREFIX = "Malformed input request: ";
    private static final String SUFFIX = ", please reformat your input and try again.";
    private static final Pattern VIOLATION = Pattern.compile("#(/[^:\\s]*)?: ");
    private static final Pattern REQUIRED = Pattern.compile("required key \\[(.+?)] not found");
    private static final Pattern EXTRANEOUS = Pattern.compile("extraneous key \\[(.+?)] is not permitted");
    /** Claude's bodies are checked against the legacy text-completion schema first; that alternative's failure is noise. */
    private static final String OTHER_ALTERNATIVE = "subject must not be valid against schema";
    private static final int SNIPPET = 80;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MalformedRequests() {
    }

    /** One schema violation: where ({@code ""} for the whole body, else {@code /a/0/b}) and what. */
    record Violation(String pointer, String problem) {
    }

    /** The violations in Bedrock's message, in its order; empty when it names none. */
    static List<Violation> parse(String message) {
        if (!message.startsWith(PREFIX)) {
            return List.of();
        }
        String inner = message.substring(PREFIX.length());
        if (inner.endsWith(SUFFIX)) {
            inner = inner.substring(0, inner.length() - SUFFIX.length());
        }
        List<Violation> violations = new ArrayList<>();
        Matcher matcher = VIOLATION.matcher(inner);
        int previousEnd = -1;
        String previousPointer = null;
        while (matcher.find()) {
            if (previousPointer != null) {
                add(violations, previousPointer, inner.substring(previousEnd, matcher.start()));
            }
            previousPointer = matcher.group(1) == null ? "" : matcher.group(1);
            previousEnd = matcher.end();
        }
        if (previousPointer != null) {
            add(violations, previousPointer, inner.substring(previousEnd));
        }
        return violations;
    }

    private static void add(List<Violation> violations, String pointer, String problem) {
        if (!problem.startsWith(OTHER_ALTERNATIVE)) {
            violations.add(new Violation(pointer, problem.strip()));
        }
    }

    /** A fix and a location for one violation, found in {@code template}; {@code body} is what was sent. */
    record Finding(String fix, Diagnosis.BodyLocation location) {
    }

    static Finding find(Violation violation, RequestTemplate template, byte[] body) {
        Matcher required = REQUIRED.matcher(violation.problem());
        Matcher extraneous = EXTRANEOUS.matcher(violation.problem());
        boolean missing = required.matches();
        String key = missing ? required.group(1) : extraneous.matches() ? extraneous.group(1) : null;
        String pointer = key != null && !missing ? violation.pointer() + "/" + escape(key) : violation.pointer();
        Optional<TemplateLocation> found = template.locate(pointer);
        if (found.isEmpty()) {
            return new Finding(where(violation.pointer()) + ": " + violation.problem(),
                    new Diagnosis.BodyLocation(pointer, violation.problem(), 0, 0, List.of()));
        }
        TemplateLocation at = found.get();
        String position = "line " + at.line() + ", column " + at.column() + " of the request template";
        boolean filledByVariable = at.kind() == TemplateLocation.Kind.PLACEHOLDER
                || at.kind() == TemplateLocation.Kind.STRING && !at.variables().isEmpty();
        List<String> atFault = filledByVariable ? at.variables() : List.of();
        String fix;
        if (at.kind() == TemplateLocation.Kind.PLACEHOLDER) {
            String name = at.variables().getFirst();
            fix = "The value of variable \"" + name + "\"" + type(template, name) + ", inserted at " + position
                    + (at.exact() ? "" : " (at " + at.unresolved() + " inside it)") + ", is at fault: "
                    + violation.problem() + "; it was " + snippet(body, pointer) + ".";
        } else if (missing) {
            fix = "Add \"" + key + "\" to the object at " + position + (at.exact() ? "" : " (at " + at.unresolved()
                    + " inside it)") + declared(template, key) + ".";
        } else if (key != null && at.exact()) {
            fix = "Remove \"" + key + "\" at " + position + ": the model does not accept it.";
        } else if (!atFault.isEmpty()) {
            fix = "The string at " + position + ", built with " + names(atFault) + ", is at fault: "
                    + violation.problem() + "; it was " + snippet(body, pointer) + ".";
        } else {
            fix = "The template writes " + where(pointer) + " at " + position + ": " + violation.problem() + ".";
        }
        return new Finding(fix, new Diagnosis.BodyLocation(pointer, violation.problem(), at.line(), at.column(),
                atFault));
    }

    private static String type(RequestTemplate template, String name) {
        return template.variables().stream().filter(v -> v.name().equals(name)).findFirst()
                .map(v -> " (" + v.type() + ")").orElse("");
    }

    private static String declared(RequestTemplate template, String key) {
        return template.variables().stream().map(PromptVariable::name).filter(key::equals).findFirst()
                .map(name -> "; the template declares a variable \"" + name + "\": write \"" + key + "\": {{" + name
                        + "}}")
                .orElse("");
    }

    private static String names(List<String> variables) {
        return variables.size() == 1 ? "variable \"" + variables.getFirst() + "\""
                : "variables " + variables.stream().map(v -> "\"" + v + "\"").toList();
    }

    private static String where(String pointer) {
        return pointer.isEmpty() ? "the body" : pointer;
    }

    /** The value at {@code pointer} in the body that was sent, cut short. */
    private static String snippet(byte[] body, String pointer) {
        try {
            JsonNode value = JSON.readTree(body).at(JsonPointer.compile(pointer));
            if (value.isMissingNode()) {
                return "absent";
            }
            String text = value.toString();
            return text.length() <= SNIPPET ? text : text.substring(0, SNIPPET - 1) + "…";
        } catch (JacksonException | IllegalArgumentException e) {
            return "not readable";
        }
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
