package dev.modelgate.emulator.sts;

/** An STS error reply, thrown inside the STS handlers and rendered by {@link StsService}. */
final class StsException extends RuntimeException {

    private final int status;
    private final String code;
    private final String namespace;

    private StsException(int status, String code, String message, String namespace) {
        super(message);
        this.status = status;
        this.code = code;
        this.namespace = namespace;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    /** The XML namespace of the error envelope: STS's own, or AWS's generic fault namespace. */
    String namespace() {
        return namespace;
    }

    /** A Sender fault in STS's namespace. */
    static StsException sender(int status, String code, String message) {
        return new StsException(status, code, message, StsXml.NAMESPACE);
    }

    /** 400 {@code ValidationError}. */
    static StsException validation(String message) {
        return sender(400, "ValidationError", message);
    }

    /**
     * 400 {@code InvalidAction}, which AWS answers from its protocol layer in the generic
     * {@code AWSFault} namespace rather than STS's.
     */
    static StsException invalidAction(String message) {
        return new StsException(400, "InvalidAction", message, StsXml.AWS_FAULT_NAMESPACE);
    }

    /** 400 {@code MalformedInput}: a parameter that does not parse as its type; AWS may send no message. */
    static StsException malformedInput(String messageOrNull) {
        return sender(400, "MalformedInput", messageOrNull);
    }
}
