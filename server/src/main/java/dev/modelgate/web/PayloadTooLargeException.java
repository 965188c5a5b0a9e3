package dev.modelgate.web;

/** A request body over the endpoint's limit; answered 413 before the body is parsed. */
public final class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("the request body is larger than this endpoint's limit of " + limit + " bytes", null, false, false);
    }
}
