package dev.modelgate.model;

import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;

/** A workspace already has a model of that name. */
public final class DuplicateModelNameException extends ModelgateException {

    private final String name;

    public DuplicateModelNameException(String name, Throwable cause) {
        super(ErrorCode.DUPLICATE_NAME, "a model named \"" + name + "\" already exists in this workspace", cause);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
