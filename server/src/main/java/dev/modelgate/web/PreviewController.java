package dev.modelgate.web;

import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelDraft;
import dev.modelgate.template.RequestTemplate;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.WorkspaceContext;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Render previews: the exact body Bedrock would receive, for given values or the variables' test values, without
 * calling anything.
 */
@RestController
@RequestMapping(path = "/api/v1/models", produces = "application/json")
public class PreviewController {

    private final ExternalModels models;
    private final WorkspaceContext workspaces;

    public PreviewController(ExternalModels models, WorkspaceContext workspaces) {
        this.models = models;
        this.workspaces = workspaces;
    }

    /** A draft to preview and, optionally, the variable values (test values otherwise). */
    public record DraftPreview(ModelDraft draft, Map<String, JsonNode> values) {
    }

    /** Values for a saved model's preview (test values when absent). */
    public record ValuesPreview(Map<String, JsonNode> values) {
    }

    /**
     * @param body     the rendered body as JSON
     * @param bodyText the rendered body exactly as it would be sent
     * @param bytes    its size in bytes
     * @param modelId  the model ID as it would be sent to Bedrock
     */
    public record Preview(JsonNode body, String bodyText, int bytes, String modelId, String valuesFrom) {
    }

    @PostMapping(path = "/preview", consumes = "application/json")
    Preview previewDraft(@RequestBody DraftPreview request) {
        if (request.draft() == null) {
            throw new InvalidInputException(Violation.of("draft", "required", "draft is required: the model configuration to preview"));
        }
        ModelConfiguration configuration;
        try {
            configuration = models.validate(request.draft());
        } catch (InvalidInputException e) {
            // The draft is nested in this request: its fields are draft.name, draft.variables[0].type, ...
            throw new InvalidInputException(e.violations().stream().map(v -> v.under("draft." + v.field())).toList());
        }
        return preview(configuration, request.values());
    }

    @PostMapping(path = "/{id}/preview", consumes = "application/json")
    Preview previewSaved(@PathVariable String id, @RequestBody(required = false) ValuesPreview request) {
        ModelConfiguration configuration = models.get(workspaces.current().id(), id).configuration();
        return preview(configuration, request == null ? null : request.values());
    }

    private Preview preview(ModelConfiguration configuration, Map<String, JsonNode> values) {
        if (configuration.isConverse()) {
            throw new InvalidInputException(dev.modelgate.validation.Violation.of("api", "not-applicable",
                    "a Converse model has no request template to preview: Modelgate builds the Converse request; "
                            + "its Test shows what was sent"));
        }
        RequestTemplate template = configuration.requestTemplate();
        boolean testValues = values == null;
        Map<String, JsonNode> effective = testValues ? testValues(template) : values;
        byte[] body;
        try {
            body = template.render(effective);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.violations());
        }
        String text = new String(body, StandardCharsets.UTF_8);
        JsonNode tree;
        try {
            tree = PlainJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("the template engine rendered invalid JSON", e);
        }
        return new Preview(tree, text, body.length, configuration.modelReference().modelId(),
                testValues ? "testValues" : "request");
    }

    /** Each variable's test value where it has one; the others fall back to their defaults when rendered. */
    private static Map<String, JsonNode> testValues(RequestTemplate template) {
        Map<String, JsonNode> values = new LinkedHashMap<>();
        template.variables().forEach(v -> {
            if (v.testValue() != null) {
                values.put(v.name(), v.testValue());
            }
        });
        return values;
    }
}
