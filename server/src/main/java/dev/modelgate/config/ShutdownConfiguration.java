package dev.modelgate.config;

import dev.modelgate.invoke.Cutoff;
import dev.modelgate.web.RequestDrain;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Graceful shutdown: the drain of the API's requests, the cutoff of its calls and the lifecycle that runs them. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ShutdownProperties.class)
public class ShutdownConfiguration {

    /** Where every call's deadline ends once the instance stops. */
    @Bean
    Cutoff cutoff() {
        return Cutoff.create();
    }

    @Bean
    RequestDrain requestDrain(ShutdownProperties properties) {
        return new RequestDrain(properties.retryAfter());
    }

    /**
     * On the API only, and before the security filters (a refusal costs no key lookup), after Spring Boot's
     * character encoding and request observation filters (a refused request is still counted in
     * {@code http.server.requests}).
     */
    @Bean
    FilterRegistrationBean<RequestDrain> requestDrainFilter(RequestDrain drain) {
        FilterRegistrationBean<RequestDrain> registration = new FilterRegistrationBean<>(drain);
        registration.addUrlPatterns("/api/*", "/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    GracefulShutdown gracefulShutdown(RequestDrain drain, Cutoff cutoff, Clock clock, ShutdownProperties properties) {
        return new GracefulShutdown(drain, cutoff, clock, properties);
    }
}
