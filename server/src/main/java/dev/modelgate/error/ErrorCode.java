package dev.modelgate.error;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every stable error code of Modelgate: what the API answers as the problem {@code type}
 * ({@code https://modelgate.dev/problems/<code>}) and what the Test's diagnoses say, one code per meaning. Each has
 * its HTTP status, a title, its meaning and when to retry. Clients switch on the code; people read the
 * {@code detail}. The README's "Error codes" section and the OpenAPI document ({@code x-error-codes}) list this
 * table, and tests keep them equal to it.
 *
 * <p>A code the Test diagnoses more precisely than the API can answer (the Test probes further) names the API's code
 * for the same failure in {@link #answeredAs()}. Adding a code is one line here (and its row in the README, which a
 * test prints when it is missing).
 */
public enum ErrorCode {

    // The request itself
    INVALID_INPUT("invalid-input", 422, Retry.AFTER_FIXING_THE_REQUEST, "Invalid input",
            "A well-formed request whose values break rules; `violations` names each field and rule. Nothing is "
                    + "saved."),
    MALFORMED_JSON("malformed-json", 400, Retry.AFTER_FIXING_THE_REQUEST, "Malformed JSON",
            "The body is missing or is not JSON; the detail says where it breaks."),
    UNKNOWN_FIELD("unknown-field", 400, Retry.AFTER_FIXING_THE_REQUEST, "Unknown field",
            "The body has a field the endpoint does not know; the detail lists the allowed ones."),
    WRONG_TYPE("wrong-type", 400, Retry.AFTER_FIXING_THE_REQUEST, "Wrong type",
            "A field of the body has the wrong JSON type (a string where an object belongs)."),
    INVALID_PARAMETER("invalid-parameter", 400, Retry.AFTER_FIXING_THE_REQUEST, "Invalid parameter",
            "A query or path parameter is missing or not of its type."),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, Retry.AFTER_FIXING_THE_REQUEST, "Payload too large",
            "The body is larger than the endpoint's limit."),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, Retry.AFTER_FIXING_THE_REQUEST, "Unsupported media type",
            "The body is not sent as application/json."),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, Retry.NEVER, "Method not allowed",
            "The path does not support the method; `Allow` lists those it does."),
    NOT_FOUND("not-found", 404, Retry.NEVER, "Not found",
            "No such resource, or one of another workspace, which looks the same."),
    DUPLICATE_KEY("duplicate-key", 400, Retry.AFTER_FIXING_THE_REQUEST, "Duplicate key",
            "A JSON object of the body names a key twice; `violations` gives its path, line and column."),
    JSON_LIMIT_EXCEEDED("json-limit-exceeded", 400, Retry.AFTER_FIXING_THE_REQUEST, "JSON limit exceeded",
            "The body breaks a JSON read limit (nesting depth, number, string or name length); `violations` names "
                    + "the rule."),
    INVALID_PATH("invalid-path", 400, Retry.AFTER_FIXING_THE_REQUEST, "Invalid path",
            "The URL path breaks a rule (encoded slash, backslash, NUL, bad percent-encoding, dot segment, path "
                    + "parameter); `violations` names it. The path is not echoed back."),
    REQUEST_REJECTED("request-rejected", 400, Retry.AFTER_FIXING_THE_REQUEST, "Request rejected",
            "A header, parameter or host name has characters that are not allowed."),
    BAD_REQUEST("bad-request", 400, Retry.AFTER_FIXING_THE_REQUEST, "Bad request",
            "The request cannot be read as HTTP."),
    NOT_ACCEPTABLE("not-acceptable", 406, Retry.AFTER_FIXING_THE_REQUEST, "Not acceptable",
            "The Accept header allows nothing the endpoint answers; the answer's Accept lists what it can send."),
    REQUEST_TIMEOUT("request-timeout", 408, Retry.LATER, "Request timeout",
            "The request was not received in time."),
    URI_TOO_LONG("uri-too-long", 414, Retry.AFTER_FIXING_THE_REQUEST, "URI too long",
            "The request line is longer than the server reads."),
    HEADER_TOO_LARGE("header-too-large", 431, Retry.AFTER_FIXING_THE_REQUEST, "Request header fields too large",
            "The request's headers are larger than the limit (16 KB by default)."),
    INTERNAL_ERROR("internal-error", 500, Retry.LATER, "Internal error",
            "Modelgate failed to answer; the failure is logged, never shown."),
    NOT_IMPLEMENTED("not-implemented", 501, Retry.NEVER, "Not implemented",
            "The request uses an HTTP feature the server does not support (a transfer coding, say)."),
    SERVICE_UNAVAILABLE("service-unavailable", 503, Retry.LATER, "Service unavailable",
            "The server is starting or stopping and does not take requests."),
    SHUTTING_DOWN("shutting-down", 503, Retry.AFTER_RETRY_AFTER, "Shutting down",
            "This instance is stopping: it takes no new requests, and a call or stream still running at the end of "
                    + "its grace period (`modelgate.shutdown.grace`) is cut. Send the request again after Retry-After; "
                    + "a load balancer sends it to another instance."),
    HTTP_VERSION_NOT_SUPPORTED("http-version-not-supported", 505, Retry.NEVER, "HTTP version not supported",
            "The request's HTTP version is not one the server speaks."),

    // Who is asking
    UNAUTHENTICATED("unauthenticated", 401, Retry.AFTER_SIGNING_IN, "Unauthenticated",
            "Neither a console session nor an API key came with the request."),
    INVALID_API_KEY("invalid-api-key", 401, Retry.AFTER_SIGNING_IN, "Invalid API key",
            "The API key is unknown, revoked or expired."),
    SIGN_IN_FAILED("sign-in-failed", 401, Retry.AFTER_FIXING_THE_REQUEST, "Sign-in failed",
            "The username or password is wrong (which one is not said)."),
    ACCOUNT_LOCKED("account-locked", 401, Retry.LATER, "Account locked",
            "Too many failed sign-ins; the detail says until when the account is locked."),
    FORBIDDEN("forbidden", 403, Retry.NEVER, "Forbidden",
            "The caller's role may not do this; the detail names the role it needs."),
    PASSWORD_CHANGE_REQUIRED("password-change-required", 403, Retry.AFTER_CHANGING_THE_PASSWORD,
            "Password change required", "The account's password was set by an admin; until the account changes it "
                    + "(POST /api/v1/session/password) its session may do nothing else."),
    MODEL_NOT_IN_KEY_SCOPE("model-not-in-key-scope", 403, Retry.NEVER, "Model not in key scope",
            "The API key is limited to some models (its `models`), and the one named is not among them; the detail "
                    + "lists the key's names and patterns. Another key, or a new key with that model, may call it."),
    CSRF_TOKEN_INVALID("csrf-token-invalid", 403, Retry.AFTER_RELOADING, "CSRF token missing or invalid",
            "A console session's change came without the XSRF-TOKEN cookie's value in X-XSRF-TOKEN."),
    RATE_LIMITED("rate-limited", 429, Retry.AFTER_RETRY_AFTER, "Too many requests",
            "The key's, workspace's or address's request rate limit is reached."),
    BUDGET_EXCEEDED("budget-exceeded", 429, Retry.AFTER_RETRY_AFTER, "Budget exceeded",
            "A budget of the workspace, the API key or the model is spent for its period; `budget` names it (id, "
                    + "scope, unit, period, limit, spent; amounts in the unit's terms), `resetsAt` says when its "
                    + "period starts again, and Retry-After counts the seconds until then."),

    // The state of what is changed
    DUPLICATE_NAME("duplicate-name", 409, Retry.AFTER_FIXING_THE_REQUEST, "Duplicate name",
            "The workspace already has a model of that name."),
    STALE_REVISION("stale-revision", 412, Retry.AFTER_RELOADING, "Stale revision",
            "The model changed since the revision in If-Match."),
    REVISION_NOT_PASSED("revision-not-passed", 409, Retry.AFTER_FIXING_THE_MODEL, "Revision not passed",
            "The revision to promote did not pass its latest Test, or has none; `revision` names it and `testRunId` "
                    + "that Test (null when none ran). Test it, and promote once a Test passes."),
    IF_MATCH_REQUIRED("if-match-required", 428, Retry.AFTER_FIXING_THE_REQUEST, "If-Match required",
            "A change of a model must send its ETag in If-Match."),
    CANNOT_REMOVE_SELF("cannot-remove-self", 409, Retry.NEVER, "Cannot remove yourself",
            "A member may not remove their own account from the workspace."),
    REGISTRATION_EXISTS("registration-exists", 409, Retry.NEVER, "Registration exists",
            "The role is already registered for the workspace (PENDING or APPROVED)."),
    REGISTRATION_STATE("registration-state", 409, Retry.AFTER_RELOADING, "Registration state",
            "The registration's state does not allow the change, or it changed meanwhile."),
    ROLE_VERIFICATION_FAILED("role-verification-failed", 409, Retry.AFTER_FIXING_THE_TENANT_ACCOUNT,
            "Role did not pass verification",
            "An operator's approval was refused: assuming the role with the workspace's External ID failed, or it "
                    + "succeeded without one. `diagnosis` is the Test's code for the cause, `fixedBy` says whose move "
                    + "it is (TENANT or PLATFORM) and `fix` what that side changes; the registration stays PENDING."),
    ROLE_VERIFICATION_UNAVAILABLE("role-verification-unavailable", 503, Retry.LATER, "Role could not be verified",
            "An operator's approval could not verify the role: STS did not answer or answered unexpectedly "
                    + "(`diagnosis`); the registration stays PENDING. Approve again later."),
    ROTATION_IN_PROGRESS("rotation-in-progress", 409, Retry.NEVER, "Rotation in progress",
            "An External ID rotation has started; confirm or cancel it first."),
    NO_ROTATION("no-rotation", 409, Retry.NEVER, "No rotation in progress",
            "No External ID rotation is in progress to confirm or cancel."),
    PLATFORM_IDENTITY_UNAVAILABLE("platform-identity-unavailable", 503, Retry.AFTER_THE_OPERATOR_ACTS,
            "Platform identity unavailable",
            "Modelgate cannot learn its own AWS identity: no credentials, refused, or STS out of reach."),

    // Invoking a model: the model's state
    INFERENCE_DISABLED("inference-disabled", 409, Retry.AFTER_FIXING_THE_MODEL, "Inference disabled",
            "A workspace admin switched the model's inference off."),
    MODEL_NOT_READY("model-not-ready", 409, Retry.AFTER_FIXING_THE_MODEL, "Model not ready",
            "The model has no live revision: none has passed its Test and been promoted."),
    ROLE_NOT_APPROVED("role-not-approved", 409, Retry.AFTER_THE_OPERATOR_ACTS, "Role not approved",
            "The model's role has no approved registration for the workspace; nothing was sent to STS."),
    STREAMING_NOT_CONFIGURED("streaming-not-configured", 409, Retry.AFTER_FIXING_THE_MODEL, "Streaming not configured",
            "A streamed invocation (`\"stream\": true` or `Accept: text/event-stream`) of a model whose output mapping "
                    + "has no `stream` part; add `outputMapping.stream` and run the Test."),

    // Invoking a model: AWS
    ASSUME_ROLE_FAILED("assume-role-failed", 502, Retry.AFTER_FIXING_THE_TENANT_ACCOUNT,
            "Could not assume the tenant's role",
            "STS refused or failed AssumeRole; `reason` says why, the model's Test diagnoses it precisely."),
    BEDROCK_ACCESS_DENIED("bedrock-access-denied", 502, Retry.AFTER_FIXING_THE_TENANT_ACCOUNT,
            "Access denied by Bedrock", "The tenant's role may not call bedrock:InvokeModel on the model, or "
                    + "bedrock:ApplyGuardrail on the guardrail its options set."),
    MODEL_NOT_AVAILABLE("model-not-available", 422, Retry.AFTER_FIXING_THE_MODEL, "Model not available",
            "Bedrock does not offer the model or profile in the Region to the account, or the ID is invalid."),
    ON_DEMAND_NOT_SUPPORTED("on-demand-not-supported", 422, Retry.AFTER_FIXING_THE_MODEL,
            "On-demand invocation not supported",
            "Bedrock serves the model only through an inference profile, not by its own ID."),
    GUARDRAIL_NOT_FOUND("guardrail-not-found", 422, Retry.AFTER_FIXING_THE_MODEL, "Guardrail not found",
            "Bedrock has no guardrail of the model's options.guardrail identifier, or not that version, for the "
                    + "account in the Region."),
    OPTION_NOT_SUPPORTED("option-not-supported", 422, Retry.AFTER_FIXING_THE_MODEL, "Request option not supported",
            "The model does not serve what its options ask for: latency-optimized inference or the service tier; "
                    + "the detail says which."),
    BEDROCK_VALIDATION("bedrock-validation", 422, Retry.AFTER_FIXING_THE_REQUEST, "Bedrock refused the request",
            "Bedrock refused the rendered request body (its message names what); fix the values or the template."),
    THROTTLED("throttled", 429, Retry.AFTER_RETRY_AFTER, "Throttled by Bedrock",
            "Bedrock throttled the calls (a quota), still so after the retries."),
    MODEL_NOT_READY_AT_BEDROCK("model-not-ready-at-bedrock", 503, Retry.AFTER_RETRY_AFTER,
            "Model not ready at Bedrock",
            "Bedrock says the model is not ready to serve (an imported model loading), still so after the retries."),
    BEDROCK_UNAVAILABLE("bedrock-unavailable", 503, Retry.AFTER_RETRY_AFTER, "Bedrock unavailable",
            "Bedrock failed (5xx) or could not be reached, still so after the retries."),
    TIMEOUT("timeout", 504, Retry.LATER, "Timed out",
            "No answer within the model's total timeout, or the model itself timed out."),
    MODEL_ERROR("model-error", 502, Retry.LATER, "The model failed",
            "The model itself failed while processing the request."),
    SESSION_EXPIRED("session-expired", 502, Retry.AFTER_THE_OPERATOR_ACTS, "Session refused",
            "Bedrock refused a freshly assumed session of the role as expired: the clocks disagree."),
    RESPONSE_TOO_LARGE("response-too-large", 502, Retry.AFTER_FIXING_THE_MODEL, "Answer too large",
            "Bedrock's answer is larger than this installation accepts."),
    INVALID_RESPONSE("invalid-response", 502, Retry.LATER, "Unreadable answer",
            "Bedrock answered something that is not a usable JSON document."),
    MODEL_STREAM_ERROR("model-stream-error", 502, Retry.LATER, "The model's stream failed",
            "The model failed while streaming its answer (Bedrock's modelStreamErrorException); after the first "
                    + "event it comes as the stream's `error` event."),
    OUTPUT_MAPPING_FAILED("output-mapping-failed", 502, Retry.AFTER_FIXING_THE_MODEL, "Output mapping failed",
            "The model answered, but the output mapping does not fit the answer; `violations` names the fields."),
    MAPPING_TOO_COSTLY("mapping-too-costly", 502, Retry.AFTER_FIXING_THE_MODEL, "Output mapping too costly",
            "A path of the output mapping ran out of its fixed evaluation budget on the answer; `violations` names the "
                    + "field and the budget. The mapping must change."),

    // What only the Test diagnoses: the AssumeRole stage
    TRUST_POLICY_OR_ROLE("trust-policy-or-role", ASSUME_ROLE_FAILED, Retry.AFTER_FIXING_THE_TENANT_ACCOUNT,
            "STS refused to let Modelgate assume the role",
            "The role does not exist, its trust policy does not name Modelgate, or the External ID does not match."),
    PLATFORM_NOT_ALLOWED("platform-not-allowed", ASSUME_ROLE_FAILED, Retry.AFTER_THE_OPERATOR_ACTS,
            "Modelgate's own principal may not assume this role",
            "Modelgate's own policies do not allow sts:AssumeRole on the role."),
    EXTERNAL_ID_NOT_REQUIRED("external-id-not-required", Retry.AFTER_FIXING_THE_TENANT_ACCOUNT,
            "The role does not require the External ID",
            "The role let Modelgate in without the External ID (confused deputy); its trust policy must require it."),
    STS_REGION_DISABLED("sts-region-disabled", ASSUME_ROLE_FAILED, Retry.AFTER_FIXING_THE_TENANT_ACCOUNT,
            "STS is not activated in the Region", "The tenant account has deactivated STS in the endpoint's Region."),
    PLATFORM_CREDENTIALS("platform-credentials", ASSUME_ROLE_FAILED, Retry.AFTER_THE_OPERATOR_ACTS,
            "Modelgate's own AWS credentials were refused",
            "STS refused Modelgate's own credentials (invalid, expired or missing)."),
    STS_REJECTED_REQUEST("sts-rejected-request", ASSUME_ROLE_FAILED, Retry.AFTER_FIXING_THE_TENANT_ACCOUNT,
            "STS rejected the AssumeRole request",
            "STS refused the request's values, such as a session longer than the role's maximum."),
    STS_UNAVAILABLE("sts-unavailable", ASSUME_ROLE_FAILED, Retry.LATER, "STS did not answer",
            "STS throttled, failed or could not be reached, after retries."),
    STS_UNEXPECTED_ANSWER("sts-unexpected-answer", ASSUME_ROLE_FAILED, Retry.LATER, "STS gave an unexpected answer",
            "AssumeRole failed in a way Modelgate does not recognise; the AWS error code says what it was."),

    // What only the Test diagnoses: the Invoke stage
    GUARDRAIL_INTERVENED("guardrail-intervened", Retry.AFTER_FIXING_THE_REQUEST,
            "The guardrail blocked the Test's request",
            "The model's guardrail intervened in the Test's request: the answer is the guardrail's blocked message, "
                    + "so the mapping is not checked. Invocations it blocks are answered, with outcome "
                    + "GUARDRAIL_INTERVENED."),

    // What only the Test diagnoses: the Map stage
    STAGE_TIMED_OUT("stage-timed-out", TIMEOUT, Retry.LATER, "A Test stage took too long",
            "A stage of the Test ended past its own bound (assuming the role 30 s, invoking the model's total timeout, "
                    + "mapping 5 s)."),
    MAPPING_MATCHED_NOTHING("mapping-matched-nothing", OUTPUT_MAPPING_FAILED, Retry.AFTER_FIXING_THE_MODEL,
            "A mapping path matched nothing", "A required path of the output mapping selected nothing in the answer."),
    MAPPING_MULTIPLE_MATCHES("mapping-multiple-matches", OUTPUT_MAPPING_FAILED, Retry.AFTER_FIXING_THE_MODEL,
            "A path matched several values", "A path that must select one value selected several."),
    MAPPING_NOT_A_TOKEN_COUNT("mapping-not-a-token-count", OUTPUT_MAPPING_FAILED, Retry.AFTER_FIXING_THE_MODEL,
            "A token count path did not find a token count", "A token count path selected no non-negative integer."),
    MAPPING_NOT_TEXT("mapping-not-text", OUTPUT_MAPPING_FAILED, Retry.AFTER_FIXING_THE_MODEL,
            "The text path did not find text", "The text path selected something that is not a string.");

    /** The problem {@code type} URI of every code: this, then the code. */
    public static final String TYPE_BASE = "https://modelgate.dev/problems/";

    private static final Pattern KEBAB = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** Fails the class's initialisation on two constants with one code. */
    private static final Map<String, ErrorCode> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

    static {
        for (ErrorCode value : values()) {
            if (!KEBAB.matcher(value.code).matches()) {
                throw new IllegalStateException(value + ": an error code is kebab-case, got \"" + value.code + "\"");
            }
        }
    }

    private final String code;
    private final int status;
    private final Retry retry;
    private final String title;
    private final String meaning;
    private final ErrorCode answeredAs;

    /** A code the API answers with {@code status}. */
    ErrorCode(String code, int status, Retry retry, String title, String meaning) {
        this(code, status, null, retry, title, meaning);
    }

    /** A code only the Test diagnoses; the API answers the same failure with {@code answeredAs}. */
    ErrorCode(String code, ErrorCode answeredAs, Retry retry, String title, String meaning) {
        this(code, answeredAs.status, answeredAs, retry, title, meaning);
    }

    /** A code only the Test diagnoses, for something the API never refuses. */
    ErrorCode(String code, Retry retry, String title, String meaning) {
        this(code, 0, null, retry, title, meaning);
    }

    ErrorCode(String code, int status, ErrorCode answeredAs, Retry retry, String title, String meaning) {
        if (status != 0 && (status < 400 || status > 599)) {
            throw new IllegalArgumentException("an error code's status is 4xx or 5xx, got " + status);
        }
        this.code = code;
        this.status = status;
        this.answeredAs = answeredAs;
        this.retry = Objects.requireNonNull(retry, "retry");
        this.title = Objects.requireNonNull(title, "title");
        this.meaning = Objects.requireNonNull(meaning, "meaning");
    }

    /** The stable code, kebab-case: {@code timeout}. */
    public String code() {
        return code;
    }

    /** The problem {@code type}: {@code https://modelgate.dev/problems/<code>}. */
    public String type() {
        return TYPE_BASE + code;
    }

    /**
     * The HTTP status of a problem with this code. For a code only the Test diagnoses, the status of the API's answer
     * to the same failure ({@link #answeredAs()}); 0 when the API never refuses for it.
     */
    public int status() {
        return status;
    }

    /** When to send the request again. */
    public Retry retry() {
        return retry;
    }

    /** The problem's {@code title}: short, the same for every occurrence. */
    public String title() {
        return title;
    }

    /** What the code means, in a sentence. */
    public String meaning() {
        return meaning;
    }

    /** Whether the API answers this code itself (rather than only the Test diagnosing it). */
    public boolean answered() {
        return status != 0 && answeredAs == null;
    }

    /** For a code only the Test diagnoses: the API's code for the same failure. */
    public Optional<ErrorCode> answeredAs() {
        return Optional.ofNullable(answeredAs);
    }

    /**
     * The code of a refusal that comes from the HTTP server itself (Tomcat, the error page), which knows only a status:
     * the generic code of that status; any other 4xx is {@link #BAD_REQUEST} and any other 5xx {@link #INTERNAL_ERROR}.
     */
    public static ErrorCode ofServerStatus(int status) {
        for (ErrorCode code : GENERIC) {
            if (code.status == status) {
                return code;
            }
        }
        return status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
    }

    private static final java.util.List<ErrorCode> GENERIC = java.util.List.of(BAD_REQUEST, NOT_FOUND,
            METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, REQUEST_TIMEOUT, PAYLOAD_TOO_LARGE, URI_TOO_LONG,
            UNSUPPORTED_MEDIA_TYPE, HEADER_TOO_LARGE, INTERNAL_ERROR, NOT_IMPLEMENTED, SERVICE_UNAVAILABLE,
            HTTP_VERSION_NOT_SUPPORTED);

    /** The code named {@code code} ({@code "timeout"}), if there is one. */
    public static Optional<ErrorCode> of(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
