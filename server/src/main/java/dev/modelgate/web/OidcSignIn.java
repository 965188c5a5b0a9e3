package dev.modelgate.web;

import dev.modelgate.access.Accounts;
import dev.modelgate.access.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/**
 * Console sign-in through an OpenID Connect provider, on when a client registration is configured
 * ({@code spring.security.oauth2.client.registration.<id>.*}). The provider vouches for who the user is; Modelgate
 * decides what they may do: the ID token's {@code modelgate.oidc.username-claim} (default {@code email}, which must
 * then be {@code email_verified}) must name an existing Modelgate account, whose role and workspace apply. Accounts
 * are not created on the fly. Success and refusal are audited like password sign-ins; the browser lands on the
 * console, with {@code #signin-error=<reason>} on refusal.
 */
final class OidcSignIn implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final Accounts accounts;
    private final SecurityContextRepository contexts;
    private final CookieCsrfTokenRepository csrfTokens;
    private final String usernameClaim;

    OidcSignIn(Accounts accounts, SecurityContextRepository contexts, CookieCsrfTokenRepository csrfTokens,
               String usernameClaim) {
        this.accounts = accounts;
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
        this.usernameClaim = usernameClaim;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                        Authentication authentication) throws IOException {
        String provider = authentication instanceof OAuth2AuthenticationToken token
                ? token.getAuthorizedClientRegistrationId() : "oidc";
        Optional<Caller> caller = Optional.empty();
        if (authentication.getPrincipal() instanceof OidcUser user && verified(user)) {
            caller = accounts.signInExternal(user.getClaimAsString(usernameClaim), provider);
        }
        if (caller.isEmpty()) {
            end(request);
            response.sendRedirect("/#signin-error=no-account");
            return;
        }
        end(request);
        request.getSession(true); // a new session id for the signed-in user, against session fixation
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller.get()));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        csrfTokens.saveToken(csrfTokens.generateToken(request), request, response);
        response.sendRedirect("/");
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                        AuthenticationException exception)
            throws IOException {
        end(request);
        response.sendRedirect("/#signin-error=provider");
    }

    /** An email claim counts only when the provider says it verified it. */
    private boolean verified(OidcUser user) {
        return !usernameClaim.equals("email") || Boolean.TRUE.equals(user.getEmailVerified());
    }

    private static void end(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
