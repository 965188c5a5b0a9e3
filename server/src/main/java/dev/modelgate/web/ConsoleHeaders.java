package dev.modelgate.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * The web console's security headers, on its page ({@code /}, {@code /index.html}) and its files ({@code /console/…}):
 * a Content-Security-Policy that lets the page load scripts, styles, images and API calls from Modelgate's own origin
 * only (no inline script or style, no plugin, no framing, no base or form redirection), no MIME sniffing, no Referer,
 * and revalidation on every load so that a new Modelgate version is never mixed with a cached old console.
 */
public final class ConsoleHeaders extends OncePerRequestFilter {

    /** The console's Content-Security-Policy. */
    public static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.equals("/") || path.equals("/index.html") || path.startsWith("/console/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-cache");
        chain.doFilter(request, response);
    }
}
