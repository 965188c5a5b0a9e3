package dev.modelgate.web;

import dev.modelgate.credentials.RoleVerificationFailure;
import dev.modelgate.registration.RoleVerificationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An approval refused because the role did not pass verification, as problem+json: 409 when the tenant or the
 * platform must change something, 503 when STS did not answer (approve again later). The type is the failure's code
 * ({@code trust-policy-or-role}, {@code external-id-not-required}, {@code sts-region-disabled},
 * {@code platform-not-allowed}, {@code platform-credentials}, {@code sts-unavailable}, {@code sts-rejected-request},
 * {@code sts-unexpected-answer}); extension members {@code fixedBy} ({@code TENANT}, {@code PLATFORM} or
 * {@code NOBODY}) and {@code fix}, what that side changes.
 */
@RestControllerAdvice
public class RegistrationProblems {

    @ExceptionHandler(RoleVerificationException.class)
    ResponseEntity<ProblemDetail> roleVerification(RoleVerificationException e) {
        RoleVerificationFailure failure = e.failure();
        HttpStatus status = failure.fixedBy() == RoleVerificationFailure.Party.NOBODY
                ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.CONFLICT;
        ProblemDetail problem = ProblemResponses.problem(status, failure.code(), title(failure.code()), e.getMessage());
        problem.setProperty("fixedBy", failure.fixedBy().name());
        problem.setProperty("fix", failure.fix());
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static String title(String code) {
        return switch (code) {
            case "trust-policy-or-role" -> "The tenant's role refused Modelgate";
            case "external-id-not-required" -> "The role does not require the External ID";
            case "sts-region-disabled" -> "STS is not activated in the tenant's Region";
            case "platform-not-allowed" -> "Modelgate's own principal may not assume this role";
            case "platform-credentials" -> "Modelgate's own AWS credentials were refused";
            case "sts-unavailable" -> "STS did not answer";
            case "sts-rejected-request" -> "STS rejected the AssumeRole request";
            default -> "STS gave an unexpected answer";
        };
    }
}
