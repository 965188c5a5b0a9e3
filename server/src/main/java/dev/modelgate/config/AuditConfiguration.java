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

    @Bean
    AuditLog auditLog(JdbcClient jdbc, JsonMapper json, Clock clock) {
        return new JdbcAuditLog(jdbc, json, clock);
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
