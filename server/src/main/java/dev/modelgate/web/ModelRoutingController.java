package dev.modelgate.web;

import dev.modelgate.model.ModelRouting;
import dev.modelgate.model.ModelRoutings;
import dev.modelgate.workspace.WorkspaceContext;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET} / {@code PUT /api/v1/models/{id}/routing}: a model's fallbacks and balance ({@link ModelRoutings}), by
 * model name: {@code {"fallbacks": ["haiku-eu", "nova"], "balance": [{"model": "haiku-us", "weight": 3},
 * {"model": "haiku-eu", "weight": 1}]}}. Read by developers, replaced whole by admins (audited); not a change of the
 * model's configuration, so its revision, status and ETag stay. A link breaking a rule is 422 naming it
 * ({@code fallbacks[0]}, {@code balance[1].weight}) and its rule; nothing is saved.
 */
@RestController
@RequestMapping(path = "/api/v1/models/{id}/routing", produces = "application/json")
public class ModelRoutingController {

    private final ModelRoutings routings;
    private final WorkspaceContext workspaces;

    public ModelRoutingController(ModelRoutings routings, WorkspaceContext workspaces) {
        this.routings = routings;
        this.workspaces = workspaces;
    }

    /** A balanced model and its weight. */
    public record Weighted(String model, int weight) {
    }

    /** A routing by name: fallbacks in the order they are tried, balanced models with their weights. */
    public record RoutingView(List<String> fallbacks, List<Weighted> balance) {
        static RoutingView of(ModelRouting routing) {
            return new RoutingView(routing.fallbacks().stream().map(ModelRouting.Link::name).toList(),
                    routing.balance().stream().map(link -> new Weighted(link.name(), link.weight())).toList());
        }
    }

    @GetMapping
    RoutingView get(@PathVariable String id) {
        return RoutingView.of(routings.get(workspaces.current().id(), id));
    }

    @PutMapping(consumes = "application/json")
    RoutingView put(@PathVariable String id, @RequestBody ModelRoutings.Request request) {
        return RoutingView.of(routings.replace(workspaces.current().id(), id, request, workspaces.actor()));
    }
}
