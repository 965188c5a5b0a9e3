package dev.modelgate.web;

import dev.modelgate.access.Account;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.Caller;
import dev.modelgate.access.RateLimits;
import dev.modelgate.error.ErrorCode;
import dev.modelgate.error.ModelgateException;
import dev.modelgate.workspace.WorkspaceRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/session}: console sign-in and sign-out. Signing in replaces the session (a new id, against session
 * fixation) and the CSRF token; too many failures lock the account (see {@link Accounts}), and each client address
 * may try at most {@code modelgate.limits.sign-in.*} times per second.
 */
@RestController
@RequestMapping(path = "/api/v1/session", produces = "application/json")
public class SessionController {

    /**
     * The caller, as the console shows it. {@code passwordChangeRequired}: an admin set the account's password, and
     * until the account changes it every other API answers 403 {@code password-change-required}.
     */
    record SessionView(String kind, String name, String role, WorkspaceRef workspace, boolean passwordChangeRequired) {
    }

    record WorkspaceRef(String id, String name) {
    }

    /** An OpenID Connect provider the console offers: sign in by following {@code signInUrl}. */
    record Provider(String id, String name, String signInUrl) {
    }

    record Providers(List<Provider> providers) {
    }

    record PasswordChange(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordChange[…]";
        }
    }

    record SignIn(String username, String password) {
        @Override
        public String toString() {
            return "SignIn[" + username + "]";
        }
    }

    private final Accounts accounts;
    private final WorkspaceRepository workspaces;
    private final SecurityContextRepository contexts;
    private final CookieCsrfTokenRepository csrfTokens;
    private final RateLimits limits;
    private final ObjectProvider<ClientRegistrationRepository> oidcProviders;

    public SessionController(Accounts accounts, WorkspaceRepository workspaces, SecurityContextRepository contexts,
                             CookieCsrfTokenRepository csrfTokens, RateLimits limits,
                             ObjectProvider<ClientRegistrationRepository> oidcProviders) {
        this.oidcProviders = oidcProviders;
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.contexts = contexts;
        this.csrfTokens = csrfTokens;
        this.limits = limits;
    }

    @GetMapping
    SessionView current() {
        return view(Callers.current().orElseThrow(() -> new ModelgateException(ErrorCode.UNAUTHENTICATED,
                "not signed in")));
    }

    /** {@code GET /api/v1/session/providers}: the OpenID Connect providers configured for sign-in (often none). */
    @GetMapping("/providers")
    Providers providers() {
        List<Provider> providers = new ArrayList<>();
        if (oidcProviders.getIfAvailable() instanceof Iterable<?> registrations) {
            for (Object registration : registrations) {
                ClientRegistration client = (ClientRegistration) registration;
                providers.add(new Provider(client.getRegistrationId(), client.getClientName(),
                        "/oauth2/authorization/" + client.getRegistrationId()));
            }
        }
        return new Providers(providers);
    }

    @PostMapping(consumes = "application/json")
    SessionView signIn(@RequestBody SignIn signIn, HttpServletRequest request, HttpServletResponse response) {
        limits.acquireSignIn(request.getRemoteAddr()).ifPresent(refusal -> {
            throw new TooManyRequestsException(refusal.retryAfter(),
                    "too many sign-in attempts from this address; retry after %d s");
        });
        Caller caller = accounts.signIn(signIn.username(), signIn.password());
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        request.getSession(true);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new CallerAuthentication(caller));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        csrfTokens.saveToken(csrfTokens.generateToken(request), request, response);
        return view(caller);
    }

    /** {@code POST /api/v1/session/password}: the signed-in account changes its own password (204). */
    @PostMapping(path = "/password", consumes = "application/json")
    ResponseEntity<Void> changePassword(@RequestBody PasswordChange body) {
        Caller caller = Callers.require();
        if (caller.kind() != Caller.Kind.ACCOUNT) {
            throw new ModelgateException(ErrorCode.FORBIDDEN,
                    "an API key has no password; sign in to the console to change yours");
        }
        accounts.changeOwnPassword(caller.id(), body.currentPassword(), body.newPassword());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping
    ResponseEntity<Void> signOut(HttpServletRequest request, HttpServletResponse response) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        csrfTokens.saveToken(null, request, response);
        return ResponseEntity.noContent().build();
    }

    private SessionView view(Caller caller) {
        WorkspaceRef workspace = caller.workspaceId() == null ? null : workspaces.find(caller.workspaceId())
                .map(w -> new WorkspaceRef(w.id(), w.name())).orElse(null);
        boolean changeRequired = caller.kind() == Caller.Kind.ACCOUNT
                && accounts.find(caller.id()).map(Account::passwordChangeRequired).orElse(false);
        return new SessionView(caller.kind().name(), caller.name(), caller.role().name(), workspace, changeRequired);
    }
}
