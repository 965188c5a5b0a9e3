package dev.modelgate.testrun;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * The last stage of a saved model's Test when the model has routing ({@link dev.modelgate.model.ModelRouting}): its
 * chain, each link (fallbacks in order, then the balanced models not among them) with its live revision, whether it
 * may be invoked now, and a real call to it with the Test's values (the link's own template, role and Region, as a
 * fallback would be called). A link's failure does not fail the model's Test (the model itself passed or failed in
 * its own stages, and its revision is promoted or not by those); it is shown with its diagnosis, and warned of. The
 * stage is PASSED, or SKIPPED for a model without routing.
 *
 * <p>JSON: {@code {"stage": "ROUTE", "outcome", "latencyMs", "links": [{"kind": "FALLBACK"|"BALANCE", "model",
 * "weight", "revision", "invocable", "notInvocable", "outcome", "latencyMs", "region", "modelId", "attempts",
 * "diagnosis"}], "warnings", "diagnosis": null}}.
 *
 * @param links    each link tested, in the order a call tries the fallbacks
 * @param warnings one line per link that may not be invoked or whose call failed
 */
@JsonPropertyOrder({"stage", "outcome", "latencyMs", "links", "warnings", "diagnosis"})
public record RouteStage(Outcome outcome, long latencyMs, List<Link> links, List<String> warnings)
        implements StageResult {

    public RouteStage {
        Objects.requireNonNull(outcome, "outcome");
        if (outcome == Outcome.FAILED) {
            throw new IllegalArgumentException("the ROUTE stage never fails the Test; its links do");
        }
        links = List.copyOf(links);
        warnings = List.copyOf(warnings);
    }

    @Override
    public Stage stage() {
        return Stage.ROUTE;
    }

    @Override
    public Diagnosis diagnosis() {
        return null;
    }

    /**
     * One link, tested.
     *
     * @param kind         {@code FALLBACK} or {@code BALANCE}
     * @param model        its name
     * @param weight       its weight in the balance; null for a fallback
     * @param revision     its live revision; null when none is live
     * @param invocable    whether a routed call may be served by it now (live, inference on)
     * @param notInvocable why not ({@code INFERENCE_DISABLED}, {@code NOT_READY}); null when it may
     * @param outcome      PASSED or FAILED when called, SKIPPED when it may not be invoked
     * @param region       the Region called; null when skipped
     * @param modelId      the model ID sent; null when skipped
     * @param attempts     calls made, retries included
     * @param diagnosis    what went wrong, when FAILED
     */
    @JsonPropertyOrder({"kind", "model", "weight", "revision", "invocable", "notInvocable", "outcome", "latencyMs",
            "region", "modelId", "attempts", "diagnosis"})
    public record Link(String kind, String model, Integer weight, Long revision, boolean invocable,
                       String notInvocable, Outcome outcome, long latencyMs, String region, String modelId,
                       int attempts, Diagnosis diagnosis) {
        public Link {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(outcome, "outcome");
            if ((outcome == Outcome.FAILED) != (diagnosis != null)) {
                throw new IllegalArgumentException("a link has a diagnosis exactly when it failed, got " + outcome);
            }
        }
    }

    /** The stage of a model without routing (or a draft). */
    static RouteStage skipped() {
        return new RouteStage(Outcome.SKIPPED, 0, List.of(), List.of());
    }
}
