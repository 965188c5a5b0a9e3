package dev.modelgate.web;

import dev.modelgate.access.Account;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.Caller;
import dev.modelgate.access.RateLimits;
import dev.modelgate.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Establishes who a request acts as, inside the security filter chain and before the access rules:
 * <ul>
 *   <li>{@code Authorization: Bearer <key>} authenticates with an API key and nothing else: a bad, revoked or
 *       expired key is refused with 401 even when a console session is present too; another scheme is refused.</li>
 *   <li>Without it, the console session (if any) stands, provided its account still exists with the same role and
 *       workspace; a removed or changed account's session ends here. While the account must change a password an
 *       admin set, the session may only use {@code /api/v1/session} (and load the console): anything else under
 *       {@code /api/}, {@code /v1} or {@code /actuator} is refused with 403 {@code password-change-required}.</li>
 * </ul>
 * Then, for the native API ({@code /api/}) and the OpenAI-compatible one ({@code /v1}), it takes a token from the
 * caller's and its workspace's rate limits (429 with {@code Retry-After} when one is empty), and once the request is
 * done gives back a token-per-minute estimate it took but never settled ({@link TokenReservations#release}).
 */
final class CallerFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final Accounts accounts;
    private final RateLimits limits;

    CallerFilter(ApiKeys keys, Accounts accounts, RateLimits limits) {
        this.keys = keys;
        this.accounts = accounts;
        this.limits = limits;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            if (!authenticateKey(authorization, request, response)) {
                return;
            }
        } else if (checkSession(request) && mustWaitForPasswordChange(request.getRequestURI())) {
            ProblemWriter.write(request, response, ErrorCode.PASSWORD_CHANGE_REQUIRED, "an admin set this account's "
                    + "password; change it (POST /api/v1/session/password with currentPassword and newPassword) "
                    + "before anything else");
            return;
        }
        Optional<Caller> caller = Callers.current();
        String path = request.getRequestURI();
        if (caller.isPresent() && (path.startsWith("/api/") || OpenAiErrors.applies(path))) {
            Optional<RateLimits.Refusal> refused = limits.acquire(caller.get());
            if (refused.isPresent()) {
                long seconds = TooManyRequestsException.seconds(refused.get().retryAfter());
                response.setHeader("Retry-After", Long.toString(seconds));
                ProblemWriter.write(request, response, ErrorCode.RATE_LIMITED, "the " + refused.get().scope()
                        + "'s request rate limit is reached; retry after " + seconds + " s");
                return;
            }
        }
        try {
            chain.doFilter(request, response);
        } finally {
            TokenReservations.release(request);
        }
    }

    private boolean authenticateKey(String authorization, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            refuse(request, response, ErrorCode.UNAUTHENTICATED,
                    "send an API key as Authorization: Bearer <key>; other schemes are not accepted");
            return false;
        }
        ApiKeys.Check check = keys.authenticate(authorization.substring(7).strip());
        switch (check.outcome()) {
            case VALID -> {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new CallerAuthentication(check.key().caller()));
                SecurityContextHolder.setContext(context);
                return true;
            }
            case REVOKED -> refuse(request, response, ErrorCode.INVALID_API_KEY,
                    "the API key " + check.key().prefix() + " was revoked at " + check.key().revokedAt());
            case EXPIRED -> refuse(request, response, ErrorCode.INVALID_API_KEY,
                    "the API key " + check.key().prefix() + " expired at " + check.key().expiresAt());
            case UNKNOWN -> refuse(request, response, ErrorCode.INVALID_API_KEY,
                    "the API key is not valid");
        }
        return false;
    }

    /** Ends a stale session; answers whether the session's account must change its password first. */
    private boolean checkSession(HttpServletRequest request) {
        Optional<Caller> session = Callers.current();
        if (session.isEmpty() || session.get().kind() != Caller.Kind.ACCOUNT) {
            return false;
        }
        Caller caller = session.get();
        Optional<Account> account = accounts.find(caller.id()).filter(a -> a.caller().equals(caller));
        if (account.isEmpty()) {
            SecurityContextHolder.clearContext();
            HttpSession httpSession = request.getSession(false);
            if (httpSession != null) {
                httpSession.invalidate();
            }
            return false;
        }
        return account.get().passwordChangeRequired();
    }

    private static boolean mustWaitForPasswordChange(String path) {
        boolean session = path.equals("/api/v1/session") || path.startsWith("/api/v1/session/");
        return !session && (path.startsWith("/api/") || OpenAiErrors.applies(path) || path.startsWith("/actuator"));
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, ErrorCode code,
                               String detail) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"modelgate\", error=\"invalid_token\"");
        ProblemWriter.write(request, response, code, detail);
    }
}
