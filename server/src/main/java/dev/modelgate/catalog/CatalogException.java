package dev.modelgate.catalog;

import java.util.Optional;

/**
 * Bedrock's control plane did not answer a catalog question. The message is AWS's (or the SDK's) own, never a
 * secret.
 */
public final class CatalogException extends RuntimeException {

    /** Why the question went unanswered. */
    public enum Kind {
        /** 403: the tenant's role may not call the operation (its IAM action is not allowed). */
        ACCESS_DENIED,
        /** Bedrock refused otherwise, throttled, failed or could not be reached. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String operation;
    private final String errorCode;

    public CatalogException(Kind kind, String operation, String message, String errorCode, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.operation = operation;
        this.errorCode = errorCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The control-plane operation asked, e.g. {@code ListFoundationModels}. */
    public String operation() {
        return operation;
    }

    /** AWS's error code, when Bedrock answered. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }
}
