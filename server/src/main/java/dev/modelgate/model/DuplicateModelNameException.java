package dev.modelgate.model;

/** A workspace already has a model of that name. */
public final class DuplicateModelNameException extends RuntimeException {

    private final String name;

    public DuplicateModelNameException(String name, Throwable cause) {
        super("a model named \"" + name + "\" already exists in this workspace", cause);
        this.name = name;
    }

    public String name() {
        return name;
    }
}
