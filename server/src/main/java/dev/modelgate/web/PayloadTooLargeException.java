package dev.modelgate.web;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;

/** A request body over the endpoint's limit; answered 413 before the body is parsed. */
public final class PayloadTooLargeException extends ModelgateException {

    public PayloadTooLargeException(long limit) {
        super(ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than this endpoint's limit of " + limit
                + " bytes");
    }
}
