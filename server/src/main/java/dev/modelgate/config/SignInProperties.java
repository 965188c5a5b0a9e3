package dev.modelgate.config;

import dev.modelgate.access.Accounts;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Locking console accounts against password guessing ({@code modelgate.sign-in.*}).
 *
 * @param maxFailures consecutive wrong passwords that lock an account. At least 1; default 5
 * @param lockFor     how long a locked account refuses even the right password, unless an admin resets it first.
 *                    Positive; default 15 minutes
 */
@ConfigurationProperties(SignInProperties.PREFIX)
public record SignInProperties(@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration lockFor) {

    static final String PREFIX = "modelgate.sign-in";

    public SignInProperties {
        PropertyRules.atLeast(PREFIX + ".max-failures", maxFailures, 1);
        PropertyRules.positive(PREFIX + ".lock-for", lockFor);
    }

    /** The accounts' policy. */
    public Accounts.SignInPolicy policy() {
        return new Accounts.SignInPolicy(maxFailures, lockFor);
    }
}
