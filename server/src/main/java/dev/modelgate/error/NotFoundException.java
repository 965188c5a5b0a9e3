package dev.modelgate.error;

/**
 * Something does not exist, or belongs to another workspace, which must look the same ({@link ErrorCode#NOT_FOUND}).
 */
public final class NotFoundException extends ModelgateException {

    /** "no {@code what} with id {@code id}". */
    public NotFoundException(String what, String id) {
        this("no " + what + " with id " + id);
    }

    /** @param message what was looked for, such as {@code no model named "x"} */
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message);
    }
}
