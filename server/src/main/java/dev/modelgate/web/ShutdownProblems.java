package dev.modelgate.web;

import dev.modelgate.invoke.Deadline;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A call cut because this instance is stopping ({@link Deadline.CutOffException}): 503 {@code shutting-down} with
 * the {@code Retry-After} of the {@link RequestDrain}'s refusals, and {@code Connection: close}. Extension members as
 * {@link InvocationProblems} gives them ({@code attempts}).
 */
// Before InvocationProblems, whose handler of every InvokeException would otherwise answer this one too.
@Order(-1)
@RestControllerAdvice
public class ShutdownProblems {

    private final InvocationProblems problems;
    private final RequestDrain drain;

    public ShutdownProblems(InvocationProblems problems, RequestDrain drain) {
        this.problems = problems;
        this.drain = drain;
    }

    @ExceptionHandler(Deadline.CutOffException.class)
    ResponseEntity<ProblemDetail> cut(Deadline.CutOffException e) {
        ProblemDetail problem = problems.invoke(e).getBody();
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(drain.retryAfterSeconds()))
                .header(HttpHeaders.CONNECTION, "close")
                .body(problem);
    }
}
