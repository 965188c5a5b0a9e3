package dev.modelgate.model;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;

/** A change of a model that names a revision other than its current one ({@link ErrorCode#STALE_REVISION}). */
public final class StaleRevisionException extends ModelgateException {

    private final long given;
    private final long current;

    /**
     * @param given   the revision the change was made against (the If-Match)
     * @param current the model's revision now
     */
    public StaleRevisionException(long given, long current) {
        super(ErrorCode.STALE_REVISION, "the model was changed since revision " + given + " (it is now at revision "
                + current + "); reload it and apply your change again");
        this.given = given;
        this.current = current;
    }

    /** The revision the change was made against. */
    public long given() {
        return given;
    }

    /** The model's revision now. */
    public long current() {
        return current;
    }
}
