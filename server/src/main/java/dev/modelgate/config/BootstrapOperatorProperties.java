package dev.modelgate.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first platform operator ({@code modelgate.bootstrap.operator.*}): with no operator account yet, a start creates
 * this one. How a new installation gets its first operator; set both from a secret store (e.g.
 * {@code MODELGATE_BOOTSTRAP_OPERATOR_USERNAME} and {@code MODELGATE_BOOTSTRAP_OPERATOR_PASSWORD}).
 *
 * @param username the operator's username; default none (no operator is created)
 * @param password the operator's password, under the accounts' password rules; default none
 */
@ConfigurationProperties(BootstrapOperatorProperties.PREFIX)
public record BootstrapOperatorProperties(String username, String password) {

    static final String PREFIX = "modelgate.bootstrap.operator";

    public BootstrapOperatorProperties {
        username = username == null ? "" : username;
        password = password == null ? "" : password;
    }

    /** Whether a username is set, so that a start with no operator account creates this one. */
    public boolean requested() {
        return !username.isBlank();
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "BootstrapOperatorProperties[username=" + username + ", password="
                + (password.isEmpty() ? "none" : "****") + "]";
    }
}
