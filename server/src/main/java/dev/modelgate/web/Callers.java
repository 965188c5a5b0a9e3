package dev.modelgate.web;

import dev.modelgate.access.Caller;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request the current thread serves, as authenticated by the security filter chain. */
public final class Callers {

    private Callers() {
    }

    public static Optional<Caller> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof Caller caller
                ? Optional.of(caller) : Optional.empty();
    }

    /** The current caller; the access rules guarantee one on every endpoint that asks. */
    static Caller require() {
        return current().orElseThrow(() -> new IllegalStateException("no authenticated caller on this request"));
    }
}
