package dev.modelgate.config;

import dev.modelgate.audit.AuditLog;
import dev.modelgate.audit.JdbcAuditLog;
import dev.modelgate.web.ClientAddressFilter;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log, the transactions that write a change and its event together, and the filter that tells the log
 * each API request's client address.
 */
@Configuration(proxyBeanMethods = false)
public class AuditConfiguration {

    /**
     * With Jackson's own read limits, not the request bodies' ({@code modelgate.api.json.*}): an event's details wrap
     * what a request carried a few levels deeper (a variable's default value nested as deep as a request may be).
     */
    @Bean
    AuditLog auditLog(JdbcClient jdbc, Clock clock) {
        return new JdbcAuditLog(jdbc, JsonMapper.builder().build(), clock);
    }

    /** Read-committed (the database's default), propagation REQUIRED: a change and its audit event commit together. */
    @Bean
    TransactionTemplate transactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    FilterRegistrationBean<ClientAddressFilter> clientAddressFilter() {
        FilterRegistrationBean<ClientAddressFilter> registration = new FilterRegistrationBean<>(new ClientAddressFilter());
        registration.addUrlPatterns("/api/*");
        return registration;
    }
}
