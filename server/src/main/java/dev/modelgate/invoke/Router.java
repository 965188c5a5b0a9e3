package dev.modelgate.invoke;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.error.NotFoundException;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelRouting;
import dev.modelgate.model.ModelRoutings;
import dev.modelgate.model.StoredModel;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Routes a call over the requested model's chain of links ({@link ModelRouting}), whatever the path (invoke, stream,
 * Converse, chat completions): each path gives the call it makes to one model ({@link Call}), and the router decides
 * which models it is made to, in which order.
 *
 * <p>The chain: with a balance, the model picked by weight first ({@code BALANCED}; {@code PRIMARY} when it is the
 * requested model), then the requested model; then the requested model's fallbacks in order; no model twice, at most
 * 1 + {@value ModelRouting#MAX_FALLBACKS} links. A link is called only after the one before it failed
 * {@link #fallsBack falling back} (THROTTLED, UNAVAILABLE or MODEL_NOT_READY, after its own retries); every other
 * failure (values that do not fit, Bedrock's ValidationException, access denied, the role not assumable, a mapping
 * that does not fit, a model not found, a timeout, shutting down) is the answer. A timeout does not fall back: the
 * request may have reached the model, and the caller's wait would double. A link that is disabled, not ready, gone,
 * cannot take the values, cannot stream (a streamed call), or that the {@link LinkCheck} refuses is skipped, its
 * reason kept. Each link has its own total timeout: a routed call takes at most the sum of its links'. When every link failed or
 * was skipped, the last failure is thrown (a skip's own failure when no call was made). The reason a link was tried
 * is the failure of the last call before it ({@code THROTTLED}); with none, {@code PRIMARY} for the requested model,
 * {@code BALANCED} for the balance's pick, else the reason of the first link skipped.
 *
 * <p>Each call is metered by the path as its own usage record, with the {@link Hop} it was made as (the requested
 * model and why this link was tried). The lookup of the routing is kept with the live revision (no database read per
 * call); a fallback's own live revision is looked up only when it is tried.
 */
public final class Router {

    /** The reason of the requested model's own call. */
    public static final String PRIMARY = "PRIMARY";
    /** The reason of a call to the model a balance picked. */
    public static final String BALANCED = "BALANCED";
    /** The most links of a chain: the requested model and its fallbacks. */
    public static final int MAX_LINKS = 1 + ModelRouting.MAX_FALLBACKS;

    /**
     * Asked before each link is called whether to skip it (a budget spent, say); the router knows of no reason itself.
     */
    @FunctionalInterface
    public interface LinkCheck {
        /** Checks nothing. */
        LinkCheck NONE = (workspace, link) -> Optional.empty();

        /** Why {@code link} is not to be called now, or empty to call it. */
        Optional<Skip> check(Workspace workspace, StoredModel link);
    }

    /**
     * A link skipped.
     *
     * @param reason  a code, such as {@code INFERENCE_DISABLED} or {@code OVER_BUDGET}
     * @param failure what to answer when no link serves the call and no call was made
     */
    public record Skip(String reason, ModelgateException failure) {
        public Skip {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** One path's call to one model of the chain, metered with {@code hop}. */
    @FunctionalInterface
    public interface Call<T> {
        T call(StoredModel model, Hop hop);
    }

    /**
     * What a call was made as: for the model {@code requested} (by name), and {@code reason} why this link was tried.
     */
    public record Hop(String requested, String reason) {
        public Hop {
            Objects.requireNonNull(requested, "requested");
            Objects.requireNonNull(reason, "reason");
        }

        /** The requested model's own call, not routed anywhere else. */
        public static Hop primary(StoredModel model) {
            return new Hop(model.name(), PRIMARY);
        }
    }

    /**
     * A link tried before the one that served.
     *
     * @param model   its name
     * @param outcome the failure's kind ({@code THROTTLED}) or the reason it was skipped
     * @param skipped whether it was skipped without a call
     */
    public record Tried(String model, String outcome, boolean skipped) {
    }

    /**
     * How a call was routed: the model asked for, the one that served, why it was tried ({@code PRIMARY},
     * {@code BALANCED}, or the failure or skip of the link before it) and what was tried before it.
     */
    public record Route(String requested, String served, String reason, List<Tried> tried) {
        public Route {
            tried = List.copyOf(tried);
        }
    }

    /** A call's value and its route. */
    public record Routed<T>(T value, StoredModel served, Route route) {
    }

    private final ExternalModels models;
    private final ModelRoutings routings;
    private final RandomGenerator random;
    private final LinkCheck check;

    /**
     * @param random picks among balanced models by weight
     * @param check  asked before each link ({@link LinkCheck#NONE} for none)
     */
    public Router(ExternalModels models, ModelRoutings routings, RandomGenerator random, LinkCheck check) {
        this.models = Objects.requireNonNull(models, "models");
        this.routings = Objects.requireNonNull(routings, "routings");
        this.random = Objects.requireNonNull(random, "random");
        this.check = Objects.requireNonNull(check, "check");
    }

    /** Whether a call that failed this way is tried on the next link. */
    public static boolean fallsBack(InvokeException e) {
        return switch (e.kind()) {
            case THROTTLED, UNAVAILABLE, MODEL_NOT_READY -> true;
            default -> false;
        };
    }

    /**
     * Makes {@code call} to the chain of {@code requested} (found by {@link Invocations#invocable}) until a link
     * serves it.
     *
     * @throws RuntimeException the failure that ended the chain, as the call threw it
     */
    public <T> Routed<T> route(Workspace workspace, StoredModel requested, Call<T> call) {
        List<Tried> tried = new ArrayList<>();
        RuntimeException last = null;
        ModelgateException firstSkip = null;
        String failed = null; // the kind of the last call that failed
        String skipped = null; // the reason of the first link skipped
        boolean first = true;
        for (ModelRouting.Link link : chain(requested, routings.of(requested), random)) {
            boolean isRequested = link.modelId().equals(requested.id());
            boolean isFirst = first;
            first = false;
            StoredModel model;
            try {
                model = isRequested ? requested : Invocations.invocable(models, workspace, link.name());
            } catch (ModelNotInvocableException e) {
                firstSkip = firstSkip == null ? e : firstSkip;
                skipped = skip(tried, link.name(), e.reason().name(), skipped);
                continue;
            } catch (NotFoundException e) {
                firstSkip = firstSkip == null ? e : firstSkip;
                skipped = skip(tried, link.name(), "NOT_FOUND", skipped);
                continue;
            }
            Optional<Skip> skip = check.check(workspace, model);
            if (skip.isPresent()) {
                firstSkip = firstSkip == null ? skip.get().failure() : firstSkip;
                skipped = skip(tried, model.name(), skip.get().reason(), skipped);
                continue;
            }
            String why = failed != null ? failed : isRequested ? PRIMARY : isFirst ? BALANCED : skipped;
            try {
                T value = call.call(model, new Hop(requested.name(), why));
                return new Routed<>(value, model, new Route(requested.name(), model.name(), why, tried));
            } catch (InvokeException e) {
                if (!fallsBack(e)) {
                    throw e;
                }
                last = e;
                failed = e.kind().name();
                tried.add(new Tried(model.name(), failed, false));
            } catch (ModelgateException e) {
                String cannot = e instanceof InvalidInputException ? "INVALID_INPUT"
                        : e.code() == ErrorCode.STREAMING_NOT_CONFIGURED ? "STREAMING_NOT_CONFIGURED" : null;
                if (isRequested || cannot == null) {
                    throw e; // the caller's values do not fit the model asked for, or a failure not to route around
                }
                firstSkip = firstSkip == null ? e : firstSkip;
                skipped = skip(tried, model.name(), cannot, skipped);
            }
        }
        throw last != null ? last : firstSkip;
    }

    /** Keeps a skipped link; answers the first skip's reason. */
    private static String skip(List<Tried> tried, String name, String reason, String before) {
        tried.add(new Tried(name, reason, true));
        return before != null ? before : reason;
    }

    /** The links in the order they are tried (see the class's comment). */
    static List<ModelRouting.Link> chain(StoredModel requested, ModelRouting routing, RandomGenerator random) {
        ModelRouting.Link self = new ModelRouting.Link(requested.id(), requested.name(), 0);
        if (routing.isEmpty()) {
            return List.of(self);
        }
        List<ModelRouting.Link> chain = new ArrayList<>(MAX_LINKS);
        if (!routing.balance().isEmpty()) {
            chain.add(pick(routing.balance(), random));
        }
        add(chain, self);
        routing.fallbacks().forEach(link -> add(chain, link));
        return chain.size() > MAX_LINKS ? chain.subList(0, MAX_LINKS) : chain;
    }

    private static void add(List<ModelRouting.Link> chain, ModelRouting.Link link) {
        if (chain.stream().noneMatch(l -> l.modelId().equals(link.modelId()))) {
            chain.add(link);
        }
    }

    private static ModelRouting.Link pick(List<ModelRouting.Link> balance, RandomGenerator random) {
        int total = balance.stream().mapToInt(ModelRouting.Link::weight).sum();
        int at = random.nextInt(total);
        for (ModelRouting.Link link : balance) {
            at -= link.weight();
            if (at < 0) {
                return link;
            }
        }
        return balance.getLast();
    }
}
