package dev.modelgate.web;

import org.springframework.http.HttpStatus;

/**
 * A failure with a stable problem type, answered as RFC 9457 problem+json. The {@code type} URI is
 * {@code https://modelgate.dev/problems/<slug>}; clients switch on it, people read {@code detail}.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String slug;
    private final String title;

    public ApiProblem(HttpStatus status, String slug, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** 404 for something that does not exist — or belongs to another workspace, which must look the same. */
    public static ApiProblem notFound(String what, String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", "no " + what + " with id " + id);
    }

    /** 412: the If-Match revision is not the current one. */
    public static ApiProblem stale(long given, long current) {
        return new ApiProblem(HttpStatus.PRECONDITION_FAILED, "stale-revision", "Stale revision",
                "the model was changed since revision " + given + " (it is now at revision " + current
                        + "); reload it and apply your change again");
    }

    /** 428: a change without If-Match. */
    public static ApiProblem ifMatchRequired() {
        return new ApiProblem(HttpStatus.PRECONDITION_REQUIRED, "if-match-required", "If-Match required",
                "send the model's ETag in If-Match so that concurrent changes are not lost");
    }
}
