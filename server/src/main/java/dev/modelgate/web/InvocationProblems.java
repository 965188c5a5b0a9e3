package dev.modelgate.web;

import dev.modelgate.credentials.AssumeRoleException;
import dev.modelgate.credentials.RoleNotApprovedException;
import dev.modelgate.invoke.Deadline;
import dev.modelgate.invoke.InvokeException;
import dev.modelgate.invoke.ModelNotInvocableException;
import dev.modelgate.mapping.MappingException;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Failures of an invocation as problem+json with statuses an agent can act on: 409 the model's state refuses it,
 * 422 Bedrock refused the request's content, 429 throttled (retry after {@code Retry-After} seconds), 502 the
 * tenant's AWS setup or the model's answer is at fault (with the diagnosis), 503 the model is not ready at Bedrock
 * or Bedrock is unavailable, 504 timed out. Extension members: {@code errorCode} (AWS's), {@code requestId}
 * (Bedrock's or STS's), {@code attempts}. Never a secret, never a body.
 */
@RestControllerAdvice
public class InvocationProblems {

    private final long retryAfterSeconds;

    /** {@code modelgate.api.throttled-retry-after}: what a throttled caller is told to wait (default 2 s). */
    public InvocationProblems(@Value("${modelgate.api.throttled-retry-after:PT2S}") Duration retryAfter) {
        this.retryAfterSeconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }

    @ExceptionHandler(ModelNotInvocableException.class)
    ResponseEntity<ProblemDetail> notInvocable(ModelNotInvocableException e) {
        return switch (e.reason()) {
            case INFERENCE_DISABLED -> respond(ProblemResponses.problem(HttpStatus.CONFLICT, "inference-disabled", "Inference disabled",
                    e.getMessage()), null);
            case NOT_READY -> respond(ProblemResponses.problem(HttpStatus.CONFLICT, "model-not-ready", "Model not ready",
                    e.getMessage()), null);
        };
    }

    /**
     * 409 {@code role-not-approved}: the model's role is not approved for the calling workspace; nothing was sent to
     * STS. Extension members {@code roleArn} and {@code registrationState} ({@code NOT_REGISTERED}, {@code PENDING},
     * {@code REJECTED} or {@code REVOKED}).
     */
    @ExceptionHandler(RoleNotApprovedException.class)
    ResponseEntity<ProblemDetail> notApproved(RoleNotApprovedException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.CONFLICT, "role-not-approved", "Role not approved",
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
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_GATEWAY, "assume-role-failed", "Could not assume the tenant's role", why);
        problem.setProperty("reason", e.reason().name());
        e.errorCode().ifPresent(code -> problem.setProperty("errorCode", code));
        e.requestId().ifPresent(id -> problem.setProperty("requestId", id));
        return respond(problem, null);
    }

    @ExceptionHandler(InvokeException.class)
    ResponseEntity<ProblemDetail> invoke(InvokeException e) {
        String bedrock = e.detail();
        ProblemDetail problem = switch (e.kind()) {
            case THROTTLED -> ProblemResponses.problem(HttpStatus.TOO_MANY_REQUESTS, "throttled", "Throttled by Bedrock",
                    "Bedrock throttled the model's calls (after " + e.attempts() + " attempts): " + bedrock);
            case VALIDATION -> ProblemResponses.problem(HttpStatus.UNPROCESSABLE_CONTENT, "bedrock-validation", "Bedrock refused the request",
                    bedrock);
            case ON_DEMAND_NOT_SUPPORTED, MODEL_NOT_FOUND -> ProblemResponses.problem(HttpStatus.UNPROCESSABLE_CONTENT,
                    "model-not-invocable", "The model ID cannot be invoked", bedrock
                            + "; fix the model reference and run the model's Test");
            case ACCESS_DENIED -> ProblemResponses.problem(HttpStatus.BAD_GATEWAY, "bedrock-access-denied", "Access denied by Bedrock",
                    bedrock + "; the tenant's role needs bedrock:InvokeModel on that resource (see "
                            + "GET /api/v1/platform/identity for the permission policy)");
            case EXPIRED_CREDENTIALS -> ProblemResponses.problem(HttpStatus.BAD_GATEWAY, "session-expired", "Session refused",
                    "Bedrock refused a freshly assumed session of the tenant's role: " + bedrock);
            case MODEL_ERROR -> ProblemResponses.problem(HttpStatus.BAD_GATEWAY, "model-error", "The model failed", bedrock);
            case RESPONSE_TOO_LARGE -> ProblemResponses.problem(HttpStatus.BAD_GATEWAY, "response-too-large", "Answer too large", bedrock);
            case INVALID_RESPONSE -> ProblemResponses.problem(HttpStatus.BAD_GATEWAY, "invalid-response", "Unreadable answer", bedrock);
            case UNAVAILABLE -> ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "bedrock-unavailable", "Bedrock unavailable",
                    "Bedrock could not be reached or failed (after " + e.attempts() + " attempts): " + bedrock);
            case MODEL_NOT_READY -> ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "model-not-ready-at-bedrock",
                    "Model not ready", "Bedrock says the model is not ready (after " + e.attempts() + " attempts): "
                            + bedrock);
            case TIMEOUT -> ProblemResponses.problem(HttpStatus.GATEWAY_TIMEOUT, "timeout", "Timed out", bedrock);
        };
        e.errorCode().ifPresent(code -> problem.setProperty("errorCode", code));
        e.requestId().ifPresent(id -> problem.setProperty("requestId", id));
        problem.setProperty("attempts", e.attempts());
        if (e instanceof Deadline.DeadlineExceededException exceeded) {
            problem.setProperty("step", exceeded.step().name());
        }
        boolean retryLater = e.kind() == InvokeException.Kind.THROTTLED || e.kind() == InvokeException.Kind.MODEL_NOT_READY
                || e.kind() == InvokeException.Kind.UNAVAILABLE;
        return respond(problem, retryLater ? retryAfterSeconds : null);
    }

    @ExceptionHandler(MappingException.class)
    ResponseEntity<ProblemDetail> mapping(MappingException e) {
        ProblemDetail problem = ProblemResponses.problem(HttpStatus.BAD_GATEWAY, MappingException.CODE, "Output mapping failed",
                "the model answered, but its output mapping does not fit the answer: " + e.getMessage());
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
