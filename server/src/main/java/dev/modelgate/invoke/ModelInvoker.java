package dev.modelgate.invoke;

import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.invoke.InvokeException.Kind;
import dev.modelgate.model.ModelConfiguration;
import dev.modelgate.model.ModelTimeouts;
import dev.modelgate.invoke.Deadline.Step;
import dev.modelgate.mapping.MappingReport;
import dev.modelgate.tracing.TraceSpan;
import dev.modelgate.tracing.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongUnaryOperator;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Invokes a tenant's model: renders its compiled request template, calls Bedrock's {@code InvokeModel} in the
 * model's Region as the tenant's role, and applies the output mapping to the answer.
 *
 * <p>Throttling, 5xx and {@code ModelNotReadyException} are retried under the {@link RetryPolicy}; nothing else is.
 * A session that Bedrock finds expired is dropped and assumed anew once. The model's {@link ModelTimeouts} bound
 * each call: {@code connect} the connection, {@code total} everything Modelgate does for it (rendering, every attempt,
 * the waits between them, reading and mapping the answer) through one {@link Deadline}: each attempt's SDK timeouts
 * are capped by what is left of it, a wait that would cross it is not slept, and a step that ends past it fails the
 * call with a {@link Deadline.DeadlineExceededException} naming the step. Every deadline also ends at the
 * {@link Cutoff} once the process stopping sets it, and an attempt in progress when the cutoff is cut is aborted: the
 * call then fails with {@link Deadline.CutOffException} ({@code shutting-down}). Blocks the calling thread (made for
 * virtual threads); thread-safe.
 *
 * <p>Each attempt is a span of the {@link Tracing} given (a child of the span current on the calling thread), and the
 * output mapping of {@link #complete(BedrockCall, ModelConfiguration, Deadline, Tracing)} another: see
 * {@link InvocationSpans}.
 */
public final class ModelInvoker {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TenantCredentials credentials;
    private final BedrockClients clients;
    private final RetryPolicy retryPolicy;
    private final Clock clock;
    private final LongUnaryOperator jitter;
    private final Cutoff cutoff;
    private final Tracing tracing;

    /** On the system clock. */
    public ModelInvoker(TenantCredentials credentials, BedrockClients clients, RetryPolicy retryPolicy) {
        this(credentials, clients, retryPolicy, Clock.systemUTC());
    }

    /**
     * @param clock tells the time of every call's {@link Deadline}
     */
    public ModelInvoker(TenantCredentials credentials, BedrockClients clients, RetryPolicy retryPolicy, Clock clock) {
        this(credentials, clients, retryPolicy, clock, Cutoff.none());
    }

    /**
     * @param clock  tells the time of every call's {@link Deadline}
     * @param cutoff where every call's deadline ends once the process stops
     */
    public ModelInvoker(TenantCredentials credentials, BedrockClients clients, RetryPolicy retryPolicy, Clock clock,
                        Cutoff cutoff) {
        this(credentials, clients, retryPolicy, clock, cutoff, Tracing.OFF);
    }

    /** With the waits between attempts picked by {@code jitter} (from a wait's cap in ms to the wait in ms). */
    ModelInvoker(TenantCredentials credentials, BedrockClients clients, RetryPolicy retryPolicy, Clock clock,
                 LongUnaryOperator jitter) {
        this(credentials, clients, retryPolicy, clock, jitter, Cutoff.none(), Tracing.OFF);
    }

    /**
     * @param clock   tells the time of every call's {@link Deadline}
     * @param tracing where each attempt's span goes ({@link Tracing#OFF}: nowhere)
     */
    public ModelInvoker(TenantCredentials credentials, BedrockClients clients, RetryPolicy retryPolicy, Clock clock,
                        Tracing tracing) {
        this(credentials, clients, retryPolicy, clock, Cutoff.none(), tracing);
    }

    /**
     * @param clock   tells the time of every call's {@link Deadline}
     * @param cutoff  where every call's deadline ends once the process stops
     * @param tracing where each attempt's span goes ({@link Tracing#OFF}: nowhere)
     */
    public ModelInvoker(TenantCredentials credentials, BedrockClients clients, RetryPolicy retryPolicy, Clock clock,
                        Cutoff cutoff, Tracing tracing) {
        this(credentials, clients, retryPolicy, clock, RetryPolicy.FULL_JITTER, cutoff, tracing);
    }

    private ModelInvoker(TenantCredentials credentials, BedrockClients clients, RetryPolicy retryPolicy, Clock clock,
                         LongUnaryOperator jitter, Cutoff cutoff, Tracing tracing) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jitter = Objects.requireNonNull(jitter, "jitter");
        this.cutoff = Objects.requireNonNull(cutoff, "cutoff");
        this.tracing = Objects.requireNonNull(tracing, "tracing");
    }

    /** With {@link RetryPolicy#DEFAULT}. */
    public static ModelInvoker create(TenantCredentials credentials, BedrockClients clients) {
        return new ModelInvoker(credentials, clients, RetryPolicy.DEFAULT);
    }

    /**
     * A deadline of the model's total timeout, starting now: what one call of the model may take in all (ending
     * sooner should the process stop first, see {@link Cutoff}).
     */
    public Deadline deadline(ModelConfiguration configuration) {
        return Deadline.start(clock, configuration.timeouts().total(), cutoff);
    }

    /** The Bedrock clients this invoker calls through. */
    public BedrockClients clients() {
        return clients;
    }

    /** The tenant credentials this invoker signs with. */
    public TenantCredentials credentials() {
        return credentials;
    }

    /** Where this invoker's spans go, and the invocations' that call through it. */
    public Tracing tracing() {
        return tracing;
    }

    /**
     * Renders, calls and maps.
     *
     * @param workspaceId   the calling workspace; names the tenant session
     * @param key           the role, External ID and STS endpoint of the model's connection
     * @param configuration the model: template, mapping, model reference, Region and timeouts
     * @param values        the prompt variables' values
     * @return Bedrock's answer and the mapping's report (a failed mapping does not throw)
     * @throws dev.modelgate.validation.InvalidInputException when {@code values} do not fit the template
     * @throws AssumeRoleException                            when no session of the tenant's role can be had
     * @throws InvokeException                                when Bedrock refuses, cannot be reached, or answers
     *                                                        with something that is not JSON (INVALID_RESPONSE: a
     *                                                        body cut short is not a mapping failure, there is no
     *                                                        document to map); TIMEOUT (a
     *                                                        {@link Deadline.DeadlineExceededException}) when the
     *                                                        model's total timeout ran out in any step
     */
    public ModelInvocation invoke(String workspaceId, SessionKey key, ModelConfiguration configuration,
                                  Map<String, JsonNode> values) {
        Deadline deadline = deadline(configuration);
        byte[] body = configuration.requestTemplate().render(values);
        deadline.check(Step.RENDER, 0);
        return complete(call(workspaceId, key, configuration, body, deadline), configuration, deadline, tracing);
    }

    /**
     * Reads and maps an answer within the call's deadline, checked before and after each step (the mapping's own
     * CPU budget bounds the step itself).
     *
     * @throws InvokeException INVALID_RESPONSE when the answer is not JSON; TIMEOUT when the deadline passed
     */
    public static ModelInvocation complete(BedrockCall call, ModelConfiguration configuration, Deadline deadline) {
        return complete(call, configuration, deadline, Tracing.OFF);
    }

    /**
     * {@link #complete(BedrockCall, ModelConfiguration, Deadline)} in a span of its own, {@code output_mapping}, a
     * child of the current (the invocation's) span, on which the answer's top-level {@code id} (Anthropic's message
     * ID, …), where it has one, is set as {@code gen_ai.response.id}.
     */
    public static ModelInvocation complete(BedrockCall call, ModelConfiguration configuration, Deadline deadline,
                                           Tracing tracing) {
        TraceSpan invocation = tracing.current();
        TraceSpan span = tracing.start(InvocationSpans.OUTPUT_MAPPING, Tracing.Kind.INTERNAL);
        try (TraceSpan.Scope ignored = span.enter()) {
            JsonNode document = parse(call);
            deadline.check(Step.READ, call.attempts());
            InvocationSpans.responseId(invocation, document);
            MappingReport mapped = configuration.outputMapping().evaluate(document);
            deadline.check(Step.MAP, call.attempts());
            if (!mapped.successful()) {
                span.failed(Invocations.MAPPING_FAILED);
            }
            return new ModelInvocation(call, mapped, ModelInvocation.guardrailIntervened(document));
        } catch (RuntimeException e) {
            InvocationSpans.failed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Sends an already rendered body to the model, with the retries and the session refresh of {@link #invoke},
     * within the model's total timeout. For the Test run, which shows each stage on its own.
     *
     * @throws AssumeRoleException when no session of the tenant's role can be had
     * @throws InvokeException     when Bedrock refuses or cannot be reached
     */
    public BedrockCall call(String workspaceId, SessionKey key, ModelConfiguration configuration, byte[] body) {
        return call(workspaceId, key, configuration, body, deadline(configuration));
    }

    /**
     * Sends an already rendered body to the model, with the retries and the session refresh of {@link #invoke},
     * within {@code deadline}: each attempt's API call and attempt timeouts are what is left of it, and no wait
     * before a retry is slept when it would end past it (the last failure is thrown instead).
     *
     * @throws AssumeRoleException when no session of the tenant's role can be had
     * @throws InvokeException     when Bedrock refuses or cannot be reached; TIMEOUT when the deadline passed
     */
    public BedrockCall call(String workspaceId, SessionKey key, ModelConfiguration configuration, byte[] body,
                            Deadline deadline) {
        Objects.requireNonNull(body, "body");
        String modelId = configuration.modelReference().modelId();
        // The one place an InvokeModel request is built; each attempt only adds its credentials and timeouts.
        InvokeModelRequest request = configuration.options().applyTo(InvokeModelRequest.builder())
                .modelId(modelId)
                .contentType("application/json")
                .accept("application/json")
                .body(SdkBytes.fromByteArrayUnsafe(body))
                .build();
        return withRetries(InvocationSpans.INVOKE_MODEL, workspaceId, key, deadline, (overrides, attempts) -> {
            long started = System.nanoTime();
            InvokeModelExchange.Answer answer = clients.invokeModel(configuration.region(),
                    configuration.timeouts().connect(), request,
                    overrides.credentialsProvider().orElseThrow().resolveCredentials(),
                    overrides.apiCallTimeout().orElseThrow());
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            SdkHttpResponse http = answer.http();
            return new BedrockCall(modelId, http.statusCode(), http.firstMatchingHeader("Content-Type").orElse(null),
                    http.firstMatchingHeader("x-amzn-RequestId").orElse(null),
                    header(http, "X-Amzn-Bedrock-Input-Token-Count"),
                    header(http, "X-Amzn-Bedrock-Output-Token-Count"),
                    header(http, "X-Amzn-Bedrock-Invocation-Latency"), answer.body(), latency, attempts);
        });
    }

    /**
     * One attempt of a Bedrock call: it sends its request with {@code overrides} (the tenant's credentials, and API
     * call and attempt timeouts of what is left of the deadline) and may throw the SDK's exceptions, which
     * {@link #withRetries} translates.
     */
    @FunctionalInterface
    public interface Attempt<T> {
        /**
         * @param overrides the request's override configuration for this attempt
         * @param attempts  this attempt's number, from 1
         */
        T run(AwsRequestOverrideConfiguration overrides, int attempts);
    }

    /**
     * Runs a Bedrock call with the retries and the session refresh of {@link #invoke}, within {@code deadline}:
     * each attempt's API call and attempt timeouts are what is left of it, and no wait before a retry is slept when
     * it would end past it (the last failure is thrown instead). What {@code InvokeModel} and {@code Converse} share.
     * Each attempt is a span, {@code BedrockRuntime.<operation>}, made current while it runs (an {@code AssumeRole}
     * it needs is its child).
     *
     * @param operation Bedrock Runtime's operation, as its API names it ({@code InvokeModel}, {@code Converse}, …)
     * @throws AssumeRoleException when no session of the tenant's role can be had
     * @throws InvokeException     when Bedrock refuses or cannot be reached; TIMEOUT when the deadline passed
     */
    public <T> T withRetries(String operation, String workspaceId, SessionKey key, Deadline deadline,
                             Attempt<T> attempt) {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(attempt, "attempt");
        int attempts = 0;
        int retries = 0;
        boolean refreshed = false;
        while (true) {
            Duration left = deadline.remaining();
            if (left.isZero()) {
                throw deadline.exceeded(Step.ATTEMPT, attempts, null);
            }
            attempts++;
            try {
                return once(operation, workspaceId, key, attempt, attempts, left, deadline);
            } catch (InvokeException e) {
                if (deadline.cutOff()) {
                    // Aborted by the cut (an interrupted wait reads as a failure to reach Bedrock), or timed out at it.
                    throw deadline.exceeded(Step.ATTEMPT, attempts, e);
                }
                if (e.getCause() instanceof ApiCallTimeoutException
                        || e.getCause() instanceof ApiCallAttemptTimeoutException) {
                    // Both SDK timeouts of an attempt are what was left of the deadline: it ran out in the attempt.
                    throw deadline.exceeded(Step.ATTEMPT, attempts, e);
                }
                if (deadline.expired()) {
                    throw e; // no time left for another attempt: the last answer is the most useful one
                }
                if (e.kind() == Kind.EXPIRED_CREDENTIALS && !refreshed) {
                    // The cached session looked fresh to us but not to AWS (revoked, or clocks apart): once more.
                    refreshed = true;
                    credentials.invalidate(key);
                    continue;
                }
                if (!BedrockFailures.retryable(e) || ++retries >= retryPolicy.maxAttempts()) {
                    throw e;
                }
                Duration delay = retryPolicy.delayAfter(retries, jitter);
                if (!deadline.allows(delay)) {
                    throw e; // no time left for another attempt: the last answer is the most useful one
                }
                pause(delay, e);
            }
        }
    }

    /**
     * Bedrock's answer as JSON.
     *
     * @throws InvokeException INVALID_RESPONSE when it is empty or not JSON
     */
    public static JsonNode parse(BedrockCall call) {
        JsonNode document;
        try {
            document = JSON.readTree(call.body());
        } catch (JacksonException e) {
            throw new InvokeException(Kind.INVALID_RESPONSE, "Bedrock's answer (" + call.body().length
                    + " bytes, " + call.contentType() + ") is not JSON: " + e.getOriginalMessage(), call.statusCode(),
                    null, call.requestId(), call.attempts(), null);
        }
        if (document == null || document.isMissingNode()) {
            throw new InvokeException(Kind.INVALID_RESPONSE, "Bedrock's answer is empty", call.statusCode(), null,
                    call.requestId(), call.attempts(), null);
        }
        return document;
    }

    private <T> T once(String operation, String workspaceId, SessionKey key, Attempt<T> attempt, int attempts,
                       Duration timeout, Deadline deadline) {
        AwsRequestOverrideConfiguration overrides = AwsRequestOverrideConfiguration.builder()
                .credentialsProvider(credentials.provider(key, workspaceId))
                .apiCallTimeout(timeout)
                .apiCallAttemptTimeout(timeout)
                .build();
        TraceSpan span = InvocationSpans.attempt(tracing, operation, attempts);
        try (TraceSpan.Scope ignored = span.enter(); Cutoff.Attempt running = deadline.cutoff().enter()) {
            T answer = attempt.run(overrides, attempts);
            InvocationSpans.attemptAnswered(span, answer);
            return answer;
        } catch (SdkException e) {
            AssumeRoleException assumeRole = assumeRoleCause(e);
            RuntimeException failure = assumeRole != null ? assumeRole : BedrockFailures.translate(e, attempts);
            InvocationSpans.attemptFailed(span, failure);
            throw failure;
        } catch (RuntimeException e) {
            InvocationSpans.attemptFailed(span, e);
            throw e;
        } finally {
            span.end();
        }
    }

    private static long header(SdkHttpResponse http, String name) {
        return http.firstMatchingHeader(name).map(v -> {
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                return -1L;
            }
        }).orElse(-1L);
    }

    static AssumeRoleException assumeRoleCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AssumeRoleException a) {
                return a;
            }
        }
        return null;
    }

    private static void pause(Duration delay, InvokeException failure) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "ModelInvoker[" + clients + ", " + retryPolicy + "]";
    }
}
