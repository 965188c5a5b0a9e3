package dev.modelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;

/** The XSRF-TOKEN cookie is {@code Secure} as the session cookie is ({@code server.servlet.session.cookie.secure}). */
class CsrfCookieSecureTest {

    @Test
    void sessionCookieSecure_unset_tokenCookieIsSecure() {
        assertThat(tokenCookie(new ServerProperties())).contains("; Secure");
    }

    @Test
    void sessionCookieSecure_false_tokenCookieIsNotSecure() {
        ServerProperties server = new ServerProperties();
        server.getServlet().getSession().getCookie().setSecure(false);

        assertThat(tokenCookie(server)).startsWith("XSRF-TOKEN=").doesNotContain("Secure");
    }

    @Test
    void sessionCookieSecure_true_tokenCookieIsSecure() {
        ServerProperties server = new ServerProperties();
        server.getServlet().getSession().getCookie().setSecure(true);

        assertThat(tokenCookie(server)).contains("; Secure");
    }

    private static String tokenCookie(ServerProperties server) {
        CookieCsrfTokenRepository tokens = new WebSecurity().csrfTokens(server);
        MockHttpServletRequest request = new MockHttpServletRequest();
        MockHttpServletResponse response = new MockHttpServletResponse();
        tokens.saveToken(tokens.generateToken(request), request, response);
        return response.getHeader("Set-Cookie");
    }
}
