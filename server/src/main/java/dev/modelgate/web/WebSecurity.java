package dev.modelgate.web;

import dev.modelgate.access.Accounts;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.access.RateLimits;
import jakarta.servlet.DispatcherType;
import dev.modelgate.access.Role;
import dev.modelgate.config.OidcProperties;
import dev.modelgate.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.util.matcher.DispatcherTypeRequestMatcher;

/**
 * The security filter chain: API keys ({@code Authorization: Bearer}) or a console session authenticate, the
 * {@link AccessRules} table authorizes, and every refusal is problem+json.
 *
 * <p>Console sessions: the cookie is {@code HttpOnly}, {@code SameSite=Strict} and {@code Secure} (see
 * {@code server.servlet.session.cookie.*}); state-changing requests in a session carry the {@code XSRF-TOKEN}
 * cookie's value in {@code X-XSRF-TOKEN} (double-submit CSRF protection). Requests with an API key need no CSRF
 * token: a browser never adds an {@code Authorization} header on its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OidcProperties.class)
public class WebSecurity {

    /**
     * No Micrometer observation per security filter: on the invoke path they cost more CPU than the filters
     * themselves. Requests stay timed by Spring MVC's {@code http.server.requests} and {@code modelgate.invocations}.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Spring Security's strict firewall, its rules spelled out; what it refuses is answered by {@link #rejected()}. */
    @Bean
    HttpFirewall httpFirewall() {
        return RejectedRequests.firewall();
    }

    /** The firewall's refusals as problem+json (405 for a method Modelgate never answers, 400 naming the path rule). */
    @Bean
    RequestRejectedHandler rejected() {
        return new RejectedRequests();
    }

    @Bean
    AccessRules accessRules() {
        return new AccessRules();
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    /**
     * The CSRF token cookie, readable by the console's script, sent only to this site; {@code Secure} as the session
     * cookie is ({@code server.servlet.session.cookie.secure}), and when that is not set.
     */
    @Bean
    CookieCsrfTokenRepository csrfTokens(ServerProperties server) {
        boolean secure = !Boolean.FALSE.equals(server.getServlet().getSession().getCookie().getSecure());
        CookieCsrfTokenRepository tokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        tokens.setCookiePath("/");
        tokens.setCookieCustomizer(cookie -> cookie.secure(secure).sameSite("Strict"));
        return tokens;
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, AccessRules rules, ApiKeys keys, Accounts accounts,
                                            RateLimits limits, CookieCsrfTokenRepository csrfTokens,
                                            SecurityContextRepository contexts,
                                            ObjectProvider<ClientRegistrationRepository> oidcProviders,
                                            OidcProperties oidcProperties) throws Exception {
        if (oidcProviders.getIfAvailable() != null) {
            OidcSignIn oidc = new OidcSignIn(accounts, contexts, csrfTokens, oidcProperties.usernameClaim());
            http.oauth2Login(login -> login.successHandler(oidc).failureHandler(oidc));
        }
        // Double-submit: the console reads the XSRF-TOKEN cookie and sends it back raw in X-XSRF-TOKEN (nothing renders
        // the token into a page, so it needs no per-response masking). CsrfCookieFilter loads the token, and so sets
        // the cookie, only for requests without an API key: agents' responses carry no cookie.
        http.csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .ignoringRequestMatchers(request -> request.getHeader("Authorization") != null))
                .securityContext(context -> context.securityContextRepository(contexts))
                // Sessions are created only by signing in (SessionController, which also replaces the session id);
                // a request with an API key must never be remembered in one.
                .sessionManagement(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .addFilterAfter(new CallerFilter(keys, accounts, limits), SecurityContextHolderFilter.class)
                .addFilterAfter(new CsrfCookieFilter(), CsrfFilter.class)
                .headers(headers -> headers.addHeaderWriter(new ProblemHeaders()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthenticated())
                        .accessDeniedHandler(denied(rules)))
                .authorizeHttpRequests(authorize -> {
                    authorize.requestMatchers(new DispatcherTypeRequestMatcher(DispatcherType.ERROR)).permitAll();
                    for (int i = 0; i < AccessRules.rules().size(); i++) {
                        AccessRules.Rule rule = AccessRules.rules().get(i);
                        var matched = authorize.requestMatchers(rules.matchers().get(i));
                        switch (rule.access()) {
                            case PUBLIC -> matched.permitAll();
                            case OPERATOR, AUTHENTICATED, WORKSPACE -> matched.hasAnyRole(
                                    rule.roles().stream().map(Enum::name).toArray(String[]::new));
                        }
                    }
                });
        return http.build();
    }

    private static AuthenticationEntryPoint unauthenticated() {
        return (request, response, e) -> unauthenticatedProblem(request, response);
    }

    private static AccessDeniedHandler denied(AccessRules rules) {
        return (request, response, e) -> {
            if (e instanceof CsrfException && Callers.current().isEmpty()) {
                // Neither a session nor a key: nothing a forged request could use, so the answer is "sign in".
                unauthenticatedProblem(request, response);
                return;
            }
            if (e instanceof CsrfException) {
                ProblemWriter.write(request, response, ErrorCode.CSRF_TOKEN_INVALID, "a console session's request "
                        + "that changes something must carry the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header; "
                        + "API clients use an API key (Authorization: Bearer) instead of a session");
                return;
            }
            var caller = Callers.current();
            if (caller.isEmpty()) {
                unauthenticatedProblem(request, response);
                return;
            }
            AccessRules.Rule rule = rules.ruleFor(request);
            String who = caller.get().role() == Role.OPERATOR ? "a platform operator"
                    : "the " + caller.get().role() + " role";
            ProblemWriter.write(request, response, ErrorCode.FORBIDDEN, who + " may not " + request.getMethod() + " "
                    + request.getRequestURI() + "; it needs " + rule.needs());
        };
    }

    private static void unauthenticatedProblem(HttpServletRequest request,
                                               HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"modelgate\"");
        ProblemWriter.write(request, response, ErrorCode.UNAUTHENTICATED,
                "sign in to the console, or send an API key as Authorization: Bearer <key>");
    }
}
