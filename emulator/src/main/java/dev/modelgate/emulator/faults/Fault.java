package dev.modelgate.emulator.faults;

/**
 * One queued failure: the next {@code count} matching Bedrock runtime calls fail with {@code kind}.
 *
 * @param kind          what goes wrong
 * @param count         how many matching calls it affects, 1..10000
 * @param model         the model ID as sent (decoded) that it applies to, or null for every model
 * @param operation     {@code InvokeModel}, {@code InvokeModelWithResponseStream}, {@code Converse},
 *                      {@code ConverseStream}, or null for every runtime operation
 * @param afterChunks   for {@link FaultKind#MID_STREAM_EXCEPTION}: chunks delivered before the exception frame
 * @param exceptionType for {@link FaultKind#MID_STREAM_EXCEPTION}: the {@code :exception-type}, or null for
 *                      {@code modelStreamErrorException}
 */
public record Fault(FaultKind kind, int count, String model, String operation, int afterChunks, String exceptionType) {

    /** The stream exception types Bedrock's event streams define. */
    public static final java.util.Set<String> STREAM_EXCEPTION_TYPES = java.util.Set.of(
            "internalServerException", "modelStreamErrorException", "validationException",
            "throttlingException", "modelTimeoutException", "serviceUnavailableException");

    private static final java.util.Set<String> OPERATIONS = java.util.Set.of(
            "InvokeModel", "InvokeModelWithResponseStream", "Converse", "ConverseStream");

    public Fault {
        if (kind == null) {
            throw new IllegalArgumentException("kind is required, one of " + java.util.Arrays.toString(FaultKind.values()));
        }
        if (count < 1 || count > 10_000) {
            throw new IllegalArgumentException("count must be between 1 and 10000, got " + count);
        }
        if (operation != null && !OPERATIONS.contains(operation)) {
            throw new IllegalArgumentException("operation must be one of " + new java.util.TreeSet<>(OPERATIONS) + ", got \"" + operation + "\"");
        }
        if (afterChunks < 0 || afterChunks > 10_000) {
            throw new IllegalArgumentException("afterChunks must be between 0 and 10000, got " + afterChunks);
        }
        if (exceptionType != null && !STREAM_EXCEPTION_TYPES.contains(exceptionType)) {
            throw new IllegalArgumentException("exceptionType must be one of " + new java.util.TreeSet<>(STREAM_EXCEPTION_TYPES) + ", got \"" + exceptionType + "\"");
        }
    }

    /** The next {@code count} runtime calls, any model and operation, fail with {@code kind}. */
    public static Fault next(int count, FaultKind kind) {
        return new Fault(kind, count, null, null, 0, null);
    }

    boolean matches(String modelId, String op) {
        return (model == null || model.equals(modelId)) && (operation == null || operation.equals(op));
    }

    boolean appliesTo(String op) {
        boolean streaming = op.endsWith("Stream");
        return kind == FaultKind.MID_STREAM_EXCEPTION ? streaming : true;
    }

    Fault consumedOnce() {
        return new Fault(kind, count - 1, model, operation, afterChunks, exceptionType);
    }
}
