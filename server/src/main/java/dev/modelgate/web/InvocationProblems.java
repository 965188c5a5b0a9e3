package dev.modelgate.web;

import dev.modelgate.config.ApiProperties;
import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.RoleNotApprovedException;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.Retry;
import dev.modelgate.invoke.Deadline;
import dev.modelgate.invoke.InvokeException;
import dev.modelgate.mapping.MappingException;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Failures of an invocation as problem+json, each with its code's status from {@link dev.modelgate.error.ErrorCode}
 * (the same code the model's Test diagnoses for the same failure) and {@code Retry-After} where the code's advice is
 * to retry after it. Extension members: {@code errorCode} (AWS's), {@code requestId} (Bedrock's or STS's),
 * {@code attempts}. Never a secret, never a body. (The model's state refusing the call is answered by
 * {@link ProblemResponses} from its code alone.)
 */
// Before ProblemResponses, whose handler of every coded failure would otherwise answer these too.
@Order(0)
@RestControllerAdvice
public class InvocationProblems {

    private final long retryAfterSeconds;

    /** A throttled caller is told to wait {@link ApiProperties#throttledRetryAfter()}. */
    public InvocationProblems(ApiProperties api) {
        this.retryAfterSeconds = api.throttledRetryAfterSeconds();
    }

    /**
     * 409 {@code role-not-approved}: the model's role is not approved for the calling workspace; nothing was sent to
     * STS. Extension members {@code roleArn} and {@code registrationState} ({@code NOT_REGISTERED}, {@code PENDING},
     * {@code REJECTED} or {@code REVOKED}).
     */
    @ExceptionHandler(RoleNotApprovedException.class)
    ResponseEntity<ProblemDetail> notApproved(RoleNotApprovedException e) {
        ProblemDetail problem = ProblemResponses.problem(e.code(),
                "role " + e.roleArn() + " " + RoleNotApprovedException.describe(e.standing())
                        + "; Modelgate assumes only roles a platform operator approved for the workspace: register "
                        + "it (POST /api/v1/registrations) and have it approved");
        problem.setProperty("roleArn", e.roleArn().arn());
        problem.setProperty("registrationState", e.standing().name());
        return respond(problem, null);
    }

    @ExceptionHandler(AssumeRoleException.class)
    ResponseEntity<ProblemDetail> assumeRole(AssumeRoleException e) {
        String why = switch (e.reason()) {
            case ACCESS_DENIED -> "STS refused to let Modelgate assume " + e.roleArn() + ": the role does not exist, "
                    + "its trust policy does not name Modelgate's principal with this workspace's External ID, or "
                    + "Modelgate may not assume it; run the model's Test for the diagnosis";
            case REGION_DISABLED -> "STS is not activated for the Region of " + e.stsEndpoint()
                    + " in the tenant's account";
            case INVALID_PLATFORM_CREDENTIALS, EXPIRED_PLATFORM_CREDENTIALS ->
                    "Modelgate's own AWS credentials are invalid, expired or missing; the platform operator must fix them";
            case VALIDATION -> "STS refused the request: " + e.detail();
            case THROTTLED, STS_UNAVAILABLE -> "STS at " + e.stsEndpoint() + " could not be reached or is throttling";
            case UNCLASSIFIED -> "STS refused: " + e.detail();
            case NOT_APPROVED -> e.detail();
        };
        ProblemDetail problem = ProblemResponses.problem(e.code(), why);
        problem.setProperty("reason", e.reason().name());
        e.errorCode().ifPresent(code -> problem.setProperty("errorCode", code));
        e.requestId().ifPresent(id -> problem.setProperty("requestId", id));
        return respond(problem, null);
    }

    @ExceptionHandler(InvokeException.class)
    ResponseEntity<ProblemDetail> invoke(InvokeException e) {
        String bedrock = e.detail();
        String detail = switch (e.kind()) {
            case THROTTLED -> "Bedrock throttled the model's calls (after " + e.attempts() + " attempts): " + bedrock;
            case ON_DEMAND_NOT_SUPPORTED, MODEL_NOT_FOUND ->
                    bedrock + "; fix the model reference and run the model's Test";
            case ACCESS_DENIED -> bedrock + "; the tenant's role needs "
                    + (bedrock.contains("bedrock:ApplyGuardrail") ? "bedrock:ApplyGuardrail on the model's guardrail"
                    : "bedrock:InvokeModel") + " on that resource (see GET /api/v1/platform/identity for the "
                    + "permission policy)";
            case EXPIRED_CREDENTIALS -> "Bedrock refused a freshly assumed session of the tenant's role: " + bedrock;
            case UNAVAILABLE -> "Bedrock could not be reached or failed (after " + e.attempts() + " attempts): "
                    + bedrock;
            case MODEL_NOT_READY -> "Bedrock says the model is not ready (after " + e.attempts() + " attempts): "
                    + bedrock;
            case GUARDRAIL_NOT_FOUND -> "Bedrock refused the model's guardrail (" + bedrock + "); fix the model's "
                    + "options.guardrail (identifier and version) and run the model's Test";
            case OPTION_NOT_SUPPORTED -> "Bedrock refused the model's request options (" + bedrock + "); change the "
                    + "model's options.latency or options.serviceTier and run the model's Test";
            case VALIDATION, MODEL_ERROR, MODEL_STREAM_ERROR, RESPONSE_TOO_LARGE, INVALID_RESPONSE, TIMEOUT,
                 SHUTTING_DOWN -> bedrock;
        };
        ProblemDetail problem = ProblemResponses.problem(e.code(), detail);
        e.errorCode().ifPresent(code -> problem.setProperty("errorCode", code));
        e.requestId().ifPresent(id -> problem.setProperty("requestId", id));
        problem.setProperty("attempts", e.attempts());
        if (e instanceof Deadline.DeadlineExceededException exceeded) {
            problem.setProperty("step", exceeded.step().name());
        }
        return respond(problem, e.code().retry() == Retry.AFTER_RETRY_AFTER ? retryAfterSeconds : null);
    }

    /**
     * 502 {@code output-mapping-failed}: the model answered, but the mapping does not fit the answer; or 502
     * {@code mapping-too-costly}: a path ran out of its evaluation budget on the answer (the mapping must change).
     * Extension member {@code violations}: each failed field with its rule.
     */
    @ExceptionHandler(MappingException.class)
    ResponseEntity<ProblemDetail> mapping(MappingException e) {
        boolean tooCostly = e.code() == ErrorCode.MAPPING_TOO_COSTLY;
        String why = tooCostly ? "is too costly to evaluate on the answer" : "does not fit the answer";
        ProblemDetail problem = ProblemResponses.problem(e.code(),
                "the model answered, but its output mapping " + why + ": " + e.getMessage());
        problem.setProperty("violations", e.violations().stream().map(ProblemResponses::violation).toList());
        return respond(problem, null);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem, Long retryAfterSeconds) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (retryAfterSeconds != null) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return builder.body(problem);
    }
}
