package dev.modelgate.usage;

import dev.modelgate.validation.Quoted;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One invocation or Test of a model, as counted for usage. Holds no prompt, answer or message: only who, what,
 * how many tokens, how long and how it ended.
 *
 * @param id            unique, at most 36 characters; {@link #create} generates a UUID. A retried write of the same
 *                      id is stored once.
 * @param workspaceId   the workspace the call acted for
 * @param modelId       the saved model's id, or null for a Test of an unsaved draft
 * @param modelName     the model's name at the time of the call, 1 to {@value #MAX_MODEL_NAME} characters (for a
 *                      draft without a valid name, pass a label such as {@code "(unnamed draft)"})
 * @param outcome       {@value #OK}, or a failure code such as {@code THROTTLED}: 1 to {@value #MAX_OUTCOME} letters,
 *                      digits, {@code _}, {@code -} or {@code .}, starting with a letter (a code, never a message)
 * @param inputTokens   tokens read by the model, or null when unknown; never negative
 * @param outputTokens  tokens written by the model, or null when unknown; never negative
 * @param tokenSource   where the counts came from; {@link TokenSource#NONE} exactly when both counts are null
 * @param latencyMillis wall time of the call as the caller saw it, retries included; never negative
 * @param requestId     Bedrock's request id (of the last attempt), or null; at most {@value #MAX_REQUEST_ID} characters
 * @param occurredAt    when the call started
 * @param cacheReadTokens  input tokens read from the model's prompt cache (Converse's {@code cacheReadInputTokens}),
 *                         or null when the answer did not say; never negative
 * @param cacheWriteTokens input tokens written to the model's prompt cache ({@code cacheWriteInputTokens}), or null;
 *                         never negative
 * @param revision      the model's revision that served the call (the live one; for a Test, the one tested), or null
 *                      for a Test of an unsaved draft and for records written before revisions were kept
 * @param caller        the API key or account that made the call, or null when unknown (a record written outside a
 *                      request, or before callers were kept)
 * @param costNanos     what the call cost in nano-USD (1e-9 USD), or null when it was not priced per token; set
 *                      exactly when {@code pricing} is {@link PricingMode#ON_DEMAND}; never negative
 * @param pricing       how the call was priced, or null when it was not (yet): a record as its caller builds it, and
 *                      records written before costs were kept
 * @param priceRef      which price was applied ({@code shipped 2026-12-08}, {@code override 17}, with
 *                      {@code  flex x0.5} where a service tier's factor applied), at most {@value #MAX_PRICE_REF}
 *                      characters; null unless priced on demand
 * @param requestedModel the name of the model the call asked for (another than {@code modelName} when a fallback or
 *                      balancing served it), or null when not routed (a Test, a record written before routing)
 * @param routeReason   why {@code modelName} was tried: {@code PRIMARY}, {@code BALANCED}, or the failure of the link
 *                      before it ({@code THROTTLED}, {@code UNAVAILABLE}, {@code MODEL_NOT_READY}); null exactly when
 *                      {@code requestedModel} is
 */
public record UsageRecord(String id, String workspaceId, String modelId, String modelName, UsageKind kind,
                          String outcome, Long inputTokens, Long outputTokens, TokenSource tokenSource,
                          long latencyMillis, String requestId, Instant occurredAt, Long cacheReadTokens,
                          Long cacheWriteTokens, Long revision, UsageCaller caller, Long costNanos,
                          PricingMode pricing, String priceRef, String requestedModel, String routeReason) {

    /** The most characters of a {@link #routeReason}. */
    public static final int MAX_ROUTE_REASON = 20;

    /** A record not priced (yet). */
    public UsageRecord(String id, String workspaceId, String modelId, String modelName, UsageKind kind,
                       String outcome, Long inputTokens, Long outputTokens, TokenSource tokenSource,
                       long latencyMillis, String requestId, Instant occurredAt, Long cacheReadTokens,
                       Long cacheWriteTokens, Long revision, UsageCaller caller) {
        this(id, workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens, tokenSource, latencyMillis,
                requestId, occurredAt, cacheReadTokens, cacheWriteTokens, revision, caller, null, null, null, null, null);
    }

    /** A record without its caller. */
    public UsageRecord(String id, String workspaceId, String modelId, String modelName, UsageKind kind,
                       String outcome, Long inputTokens, Long outputTokens, TokenSource tokenSource,
                       long latencyMillis, String requestId, Instant occurredAt, Long cacheReadTokens,
                       Long cacheWriteTokens, Long revision) {
        this(id, workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens, tokenSource, latencyMillis,
                requestId, occurredAt, cacheReadTokens, cacheWriteTokens, revision, null);
    }

    /** A record without the revision that served it. */
    public UsageRecord(String id, String workspaceId, String modelId, String modelName, UsageKind kind,
                       String outcome, Long inputTokens, Long outputTokens, TokenSource tokenSource,
                       long latencyMillis, String requestId, Instant occurredAt, Long cacheReadTokens,
                       Long cacheWriteTokens) {
        this(id, workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens, tokenSource, latencyMillis,
                requestId, occurredAt, cacheReadTokens, cacheWriteTokens, null);
    }

    /** This record, saying that {@code revision} of its model served the call (null: none known). */
    public UsageRecord withRevision(Long revision) {
        return new UsageRecord(id, workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens,
                tokenSource, latencyMillis, requestId, occurredAt, cacheReadTokens, cacheWriteTokens, revision, caller,
                costNanos, pricing, priceRef, requestedModel, routeReason);
    }

    /** This record, saying that {@code caller} made the call (null: unknown). */
    public UsageRecord withCaller(UsageCaller caller) {
        return new UsageRecord(id, workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens,
                tokenSource, latencyMillis, requestId, occurredAt, cacheReadTokens, cacheWriteTokens, revision, caller,
                costNanos, pricing, priceRef, requestedModel, routeReason);
    }

    /** This record, priced: {@code costNanos} and {@code priceRef} only with {@link PricingMode#ON_DEMAND}. */
    public UsageRecord withCost(PricingMode pricing, Long costNanos, String priceRef) {
        return new UsageRecord(id, workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens,
                tokenSource, latencyMillis, requestId, occurredAt, cacheReadTokens, cacheWriteTokens, revision, caller,
                costNanos, pricing, priceRef, requestedModel, routeReason);
    }

    /** This record, saying that the call asked for {@code requestedModel} and why this model was tried. */
    public UsageRecord withRoute(String requestedModel, String routeReason) {
        return new UsageRecord(id, workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens,
                tokenSource, latencyMillis, requestId, occurredAt, cacheReadTokens, cacheWriteTokens, revision, caller,
                costNanos, pricing, priceRef, requestedModel, routeReason);
    }

    /** The outcome of a call that succeeded. */
    public static final String OK = "OK";
    public static final int MAX_ID = 36;
    public static final int MAX_MODEL_NAME = 100;
    public static final int MAX_OUTCOME = 40;
    public static final int MAX_REQUEST_ID = 100;
    public static final int MAX_PRICE_REF = 60;

    private static final Pattern OUTCOME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0," + (MAX_OUTCOME - 1) + "}");

    public UsageRecord {
        requireText("id", id, MAX_ID);
        requireText("workspaceId", workspaceId, MAX_ID);
        if (modelId != null) {
            requireText("modelId", modelId, MAX_ID);
        }
        requireText("modelName", modelName, MAX_MODEL_NAME);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        if (!OUTCOME.matcher(outcome).matches()) {
            throw new IllegalArgumentException("outcome must be OK or a failure code of 1 to " + MAX_OUTCOME
                    + " letters, digits, '_', '-' or '.' starting with a letter, got " + describe(outcome));
        }
        requireCount("inputTokens", inputTokens);
        requireCount("outputTokens", outputTokens);
        Objects.requireNonNull(tokenSource, "tokenSource");
        boolean unknown = inputTokens == null && outputTokens == null;
        if (unknown != (tokenSource == TokenSource.NONE)) {
            throw new IllegalArgumentException("tokenSource must be NONE exactly when both token counts are null, got "
                    + tokenSource + " with inputTokens=" + inputTokens + " and outputTokens=" + outputTokens);
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must not be negative, got " + latencyMillis);
        }
        if (requestId != null) {
            requireText("requestId", requestId, MAX_REQUEST_ID);
        }
        Objects.requireNonNull(occurredAt, "occurredAt");
        requireCount("cacheReadTokens", cacheReadTokens);
        requireCount("cacheWriteTokens", cacheWriteTokens);
        if (revision != null && modelId == null) {
            throw new IllegalArgumentException("a record without a model has no revision, got " + revision);
        }
        if (revision != null && revision < 1) {
            throw new IllegalArgumentException("revision must be at least 1, got " + revision);
        }
        requireCount("costNanos", costNanos);
        if ((costNanos != null) != (pricing == PricingMode.ON_DEMAND)) {
            throw new IllegalArgumentException("costNanos is set exactly when pricing is ON_DEMAND, got " + costNanos
                    + " with " + pricing);
        }
        if (priceRef != null) {
            if (pricing != PricingMode.ON_DEMAND) {
                throw new IllegalArgumentException("only a record priced ON_DEMAND names its price, got " + pricing);
            }
            requireText("priceRef", priceRef, MAX_PRICE_REF);
        }
        if ((requestedModel == null) != (routeReason == null)) {
            throw new IllegalArgumentException("requestedModel and routeReason must be given together, got "
                    + requestedModel + " and " + routeReason);
        }
        if (requestedModel != null) {
            requireText("requestedModel", requestedModel, MAX_MODEL_NAME);
            if (routeReason.length() > MAX_ROUTE_REASON || !OUTCOME.matcher(routeReason).matches()) {
                throw new IllegalArgumentException("routeReason must be a code of 1 to " + MAX_ROUTE_REASON
                        + " characters, got " + describe(routeReason));
            }
        }
    }

    /** A record without prompt-cache counts (an InvokeModel call, whose answer has none Modelgate reads). */
    public UsageRecord(String id, String workspaceId, String modelId, String modelName, UsageKind kind, String outcome,
                       Long inputTokens, Long outputTokens, TokenSource tokenSource, long latencyMillis,
                       String requestId, Instant occurredAt) {
        this(id, workspaceId, modelId, modelName, kind, outcome, inputTokens, outputTokens, tokenSource, latencyMillis,
                requestId, occurredAt, null, null);
    }

    /** A record with a newly generated id. */
    public static UsageRecord create(String workspaceId, String modelId, String modelName, UsageKind kind,
                                     String outcome, Long inputTokens, Long outputTokens, TokenSource tokenSource,
                                     long latencyMillis, String requestId, Instant occurredAt) {
        return new UsageRecord(UUID.randomUUID().toString(), workspaceId, modelId, modelName, kind, outcome,
                inputTokens, outputTokens, tokenSource, latencyMillis, requestId, occurredAt);
    }

    /** A record with a newly generated id and the prompt-cache counts of a Converse answer (each null if unknown). */
    public static UsageRecord create(String workspaceId, String modelId, String modelName, UsageKind kind,
                                     String outcome, Long inputTokens, Long outputTokens, TokenSource tokenSource,
                                     long latencyMillis, String requestId, Instant occurredAt, Long cacheReadTokens,
                                     Long cacheWriteTokens) {
        return new UsageRecord(UUID.randomUUID().toString(), workspaceId, modelId, modelName, kind, outcome,
                inputTokens, outputTokens, tokenSource, latencyMillis, requestId, occurredAt, cacheReadTokens,
                cacheWriteTokens);
    }

    /** Whether the call succeeded ({@link #outcome} is {@value #OK}). */
    public boolean succeeded() {
        return OK.equals(outcome);
    }

    private static void requireText(String name, String value, int max) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.length() > max) {
            throw new IllegalArgumentException(name + " must be 1 to " + max + " characters and not blank, got "
                    + describe(value));
        }
    }

    private static void requireCount(String name, Long value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(name + " must be null (unknown) or not negative, got " + value);
        }
    }

    /** The value quoted, or only its length when it is too long to be an id or code (it may be a whole message). */
    private static String describe(String value) {
        return value.length() > 120 ? "a value of " + value.length() + " characters" : Quoted.of(value);
    }
}
