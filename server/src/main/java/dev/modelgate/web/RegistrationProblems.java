package dev.modelgate.web;

import dev.modelgate.credentials.RoleVerificationFailure;
import dev.modelgate.registration.RoleVerificationException;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An approval refused because the role did not pass verification, as problem+json: 409
 * {@code role-verification-failed} when the tenant or the platform must change something, 503
 * {@code role-verification-unavailable} when STS did not answer (approve again later). Extension members
 * {@code diagnosis} (the Test's code for the cause: {@code trust-policy-or-role}, {@code external-id-not-required},
 * {@code sts-region-disabled}, {@code platform-not-allowed}, {@code platform-credentials}, {@code sts-unavailable},
 * {@code sts-rejected-request}, {@code sts-unexpected-answer}), {@code fixedBy} ({@code TENANT}, {@code PLATFORM} or
 * {@code NOBODY}) and {@code fix}, what that side changes.
 */
@RestControllerAdvice
@Order(0) // before ProblemResponses' handler of every ModelgateException
public class RegistrationProblems {

    @ExceptionHandler(RoleVerificationException.class)
    ResponseEntity<ProblemDetail> roleVerification(RoleVerificationException e) {
        RoleVerificationFailure failure = e.failure();
        ProblemDetail problem = ProblemResponses.problem(e.code(), e.getMessage());
        problem.setProperty("diagnosis", failure.code());
        problem.setProperty("fixedBy", failure.fixedBy().name());
        problem.setProperty("fix", failure.fix());
        return ResponseEntity.status(e.code().status()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
