package dev.modelgate.aws;

import java.net.URI;
import java.util.Objects;

/**
 * The operator's endpoint override for AWS clients (how tests and the demo reach the local emulator): only
 * {@code http(s)://host[:port]}, never a path, query, fragment or user info. Only the operator's configuration
 * sets it; tenant input never does.
 */
public final class EndpointOverride {

    private EndpointOverride() {
    }

    /**
     * Checks an override.
     *
     * @param service named in the error, e.g. {@code "STS"}
     * @throws IllegalArgumentException naming the rule and the value
     */
    public static URI check(URI uri, String service) {
        if (!valid(uri)) {
            throw new IllegalArgumentException(service + " endpoint override must be http(s)://host[:port], got \"" + uri + "\"");
        }
        return uri;
    }

    /** Whether {@code uri} is {@code http(s)://host[:port]}. */
    public static boolean valid(URI uri) {
        Objects.requireNonNull(uri, "uri");
        return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null
                && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"));
    }
}
