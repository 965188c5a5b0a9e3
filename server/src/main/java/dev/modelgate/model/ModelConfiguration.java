package dev.modelgate.model;

import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.converse.ConverseDefaults;
import dev.modelgate.mapping.OutputMapping;
import dev.modelgate.mapping.StreamMapping;
import dev.modelgate.template.PromptVariable;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.template.VariableType;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A validated, compiled external-model configuration: every part parsed once (role ARN, STS endpoint, region,
 * model reference) and compiled once (request template, output mapping), ready for the hot path.
 *
 * @param timeouts how long to wait for Bedrock
 * @param warnings what is allowed but probably unintended (unused variables)
 * @param options  what Bedrock gets beside the body: guardrail, latency, service tier ({@link RequestOptions#NONE})
 * @param api      the Bedrock API the model is called through
 * @param converse a Converse model's compiled defaults and variables; null for a template model, whose
 *                 {@code requestTemplate} and {@code outputMapping} are null when it is a Converse model
 * @param chat     a template model's chat rule in force: the declared one ({@link ChatRule#compile}) or, when it
 *                 declares none, {@link ChatRule#defaults}; null for a Converse model, which takes a chat as it is
 */
public record ModelConfiguration(String name, String description, RoleArn roleArn, StsEndpoint stsEndpoint,
                                 String stsEndpointAsGiven, Region region, ModelReference modelReference,
                                 RequestTemplate requestTemplate, OutputMapping outputMapping, ModelTimeouts timeouts,
                                 List<Violation> warnings, RequestOptions options, ModelApi api,
                                 ConverseDefaults converse, ChatRule chat) {

    /** Whether the model is called through Converse (it then has {@link #converse()}, no template, no mapping). */
    public boolean isConverse() {
        return api == ModelApi.CONVERSE;
    }

    /** Model names: URL-safe, as agents call {@code /api/v1/models/{name}/invoke}. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final int MAX_DESCRIPTION_LENGTH = 1000;

    /**
     * Validates and compiles a draft, reporting every problem at once.
     *
     * @throws InvalidInputException listing every violation, each naming its field and rule
     */
    public static ModelConfiguration compile(ModelDraft draft) {
        List<Violation> violations = new ArrayList<>();
        String name = draft.name();
        if (name == null || name.isBlank()) {
            violations.add(Violation.of("name", "required", "name is required"));
        } else if (!NAME.matcher(name).matches()) {
            violations.add(Violation.of("name", "invalid-name", "name must be 1 to 64 characters of letters, digits, "
                    + "'.', '_' or '-', starting with a letter or digit, got " + dev.modelgate.validation.Quoted.of(name)));
        }
        String description = draft.description() == null ? "" : draft.description();
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            violations.add(Violation.of("description", "too-long", "description must be at most "
                    + MAX_DESCRIPTION_LENGTH + " characters, got " + description.length()));
        }
        RoleArn roleArn = required(violations, "roleArn", "role ARN", draft.roleArn(), () -> RoleArn.parse(draft.roleArn()));
        Region region = required(violations, "region", "region", draft.region(), () -> Region.of(draft.region()));
        StsEndpoint sts = region == null ? null : attempt(violations, () -> StsEndpoint.parse(draft.stsEndpoint(), region));
        ModelReference reference = region == null
                ? required(violations, "modelReference", "model reference", draft.modelReference(), () -> null)
                : attempt(violations, () -> ModelReferenceParser.parse(draft.modelReference(), region));
        List<PromptVariable> variables = attempt(violations, () -> variables(draft.variables()));
        ModelApi api = attempt(violations, () -> ModelApi.parse(draft.api()));
        if (api == ModelApi.CONVERSE) {
            if (draft.requestTemplate() != null && !draft.requestTemplate().isEmpty()) {
                violations.add(Violation.of("requestTemplate", "not-applicable", "a Converse model has no request "
                        + "template: Modelgate builds the Converse request; leave requestTemplate out"));
            }
            if (draft.outputMapping() != null) {
                violations.add(Violation.of("outputMapping", "not-applicable", "a Converse model has no output "
                        + "mapping: Modelgate reads Converse's fixed answer; leave outputMapping out"));
            }
            if (draft.chat() != null) {
                violations.add(Violation.of("chat", "not-applicable", "chat maps a chat onto a template model's "
                        + "variables; a Converse model takes the chat as it is: leave chat out"));
            }
            ConverseDefaults converse = variables == null ? null
                    : attempt(violations, () -> ConverseDefaults.compile(draft.converse(), variables));
            ModelTimeouts timeouts = attempt(violations, () -> ModelTimeouts.of(draft.timeouts()));
            RequestOptions options = attempt(violations, () -> RequestOptions.compile(draft.options(), region));
            if (!violations.isEmpty()) {
                throw new InvalidInputException(violations);
            }
            return new ModelConfiguration(name, description, roleArn, sts,
                    draft.stsEndpoint() == null ? "" : draft.stsEndpoint(), region, reference, null, null, timeouts,
                    List.of(), options, api, converse, null);
        }
        if (draft.converse() != null && !draft.converse().isNull()) {
            violations.add(Violation.of("converse", "not-applicable", "converse holds a Converse model's defaults; "
                    + "this model's api is INVOKE_MODEL"));
        }
        RequestTemplate template = null;
        if (draft.requestTemplate() == null) {
            violations.add(Violation.of("requestTemplate", "required", "request template is required"));
        } else if (variables != null) {
            template = attempt(violations, () -> {
                try {
                    return RequestTemplate.compile(draft.requestTemplate(), variables);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(e.violations().stream().map(ModelConfiguration::templateField).toList());
                }
            });
        }
        OutputMapping mapping = draft.outputMapping() == null
                ? missing(violations, "outputMapping.text", "output mapping with at least a text path is required")
                : attempt(violations, () -> OutputMapping.compile(draft.outputMapping().text(),
                        draft.outputMapping().inputTokens(), draft.outputMapping().outputTokens(),
                        draft.outputMapping().extras() == null ? Map.of() : draft.outputMapping().extras()));
        ChatRule chat = variables == null ? null : attempt(violations, () -> ChatRule.compile(draft.chat(), variables));
        ModelDraft.StreamMapping stream = draft.outputMapping() == null ? null : draft.outputMapping().stream();
        StreamMapping streamMapping = stream == null ? null : attempt(violations,
                () -> StreamMapping.compile(stream.text(), stream.inputTokens(), stream.outputTokens()));
        if (mapping != null && streamMapping != null) {
            mapping = mapping.withStream(streamMapping);
        }
        ModelTimeouts timeouts = attempt(violations, () -> ModelTimeouts.of(draft.timeouts()));
        RequestOptions options = attempt(violations, () -> RequestOptions.compile(draft.options(), region));
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        List<Violation> warnings = template.warnings().stream().map(ModelConfiguration::templateField).toList();
        return new ModelConfiguration(name, description, roleArn, sts,
                draft.stsEndpoint() == null ? "" : draft.stsEndpoint(), region, reference, template, mapping, timeouts, warnings,
                options, api, null, chat);
    }

    private static List<PromptVariable> variables(List<ModelDraft.Variable> inputs) {
        if (inputs == null) {
            return List.of();
        }
        List<Violation> nulls = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == null) {
                nulls.add(Violation.of("variables[" + i + "]", "required", "variables[" + i
                        + "] is null; each variable is an object with at least a name and a type"));
            }
        }
        if (!nulls.isEmpty()) {
            throw new InvalidInputException(nulls);
        }
        return PromptVariable.createAll(inputs, v -> new PromptVariable(v.name(), type(v.type()),
                v.required() == null || v.required(), absentIfNull(v.defaultValue()), absentIfNull(v.testValue()),
                v.description()));
    }

    /** In the API, {@code "defaultValue": null} means "no default" (as leaving it out does), for every type. */
    private static tools.jackson.databind.JsonNode absentIfNull(tools.jackson.databind.JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode() ? null : value;
    }

    private static VariableType type(String text) {
        if (text == null) {
            return null;
        }
        try {
            return VariableType.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(Violation.of("type", "invalid-type", "type must be one of "
                    + List.of(VariableType.values()) + ", got " + dev.modelgate.validation.Quoted.of(text)));
        }
    }

    /** The template engine names its field {@code template}; the API calls it {@code requestTemplate}. */
    private static Violation templateField(Violation v) {
        return v.field().equals("template") || v.field().startsWith("template.")
                ? v.under("requestTemplate" + v.field().substring("template".length())) : v;
    }

    private static <T> T required(List<Violation> violations, String field, String label, String value, Supplier<T> parse) {
        if (value == null) {
            violations.add(Violation.of(field, "required", label + " is required"));
            return null;
        }
        return attempt(violations, parse);
    }

    private static <T> T missing(List<Violation> violations, String field, String message) {
        violations.add(Violation.of(field, "required", message));
        return null;
    }

    private static <T> T attempt(List<Violation> violations, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            violations.addAll(e.violations());
            return null;
        }
    }
}
