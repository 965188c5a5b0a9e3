package dev.modelgate.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Console sign-in through an OpenID Connect provider ({@code modelgate.oidc.*}), on when a client registration is
 * configured ({@code spring.security.oauth2.client.*}). The provider says who the user is; Modelgate decides what they
 * may do.
 *
 * @param usernameClaim the ID token's claim that must name an existing Modelgate account, whose role and workspace
 *                      apply; email must also be email_verified. Not blank; default email
 */
@ConfigurationProperties(OidcProperties.PREFIX)
public record OidcProperties(@DefaultValue("email") String usernameClaim) {

    static final String PREFIX = "modelgate.oidc";

    public OidcProperties {
        PropertyRules.notBlank(PREFIX + ".username-claim", usernameClaim);
    }
}
