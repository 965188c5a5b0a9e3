package dev.modelgate.web;

import dev.modelgate.audit.ClientAddress;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Binds the request's client address for the audit log: {@link HttpServletRequest#getRemoteAddr()}, the TCP peer
 * as the server saw it. {@code X-Forwarded-For} is not trusted (behind a proxy, the proxy's address is recorded;
 * Spring Boot's {@code server.forward-headers-strategy} makes the container substitute the forwarded address when
 * the proxy is trusted).
 */
public final class ClientAddressFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ClientAddress.bind(request.getRemoteAddr());
        try {
            chain.doFilter(request, response);
        } finally {
            ClientAddress.clear();
        }
    }
}
