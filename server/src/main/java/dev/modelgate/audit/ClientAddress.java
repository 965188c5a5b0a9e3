package dev.modelgate.audit;

import java.util.Optional;

/**
 * The client address of the request the current thread serves, for {@link AuditEvent#source()}. The web layer
 * binds it around each request (the TCP peer address as the server saw it, {@code X-Forwarded-For} is not trusted);
 * work outside a request has none.
 */
public final class ClientAddress {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private ClientAddress() {
    }

    /** Binds {@code address} to the current thread until {@link #clear()}. */
    public static void bind(String address) {
        CURRENT.set(address);
    }

    public static void clear() {
        CURRENT.remove();
    }

    /** The current request's client address; empty outside a request. */
    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }
}
