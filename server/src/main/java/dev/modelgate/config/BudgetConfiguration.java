package dev.modelgate.config;

import dev.modelgate.audit.AuditLog;
import dev.modelgate.budget.BudgetRepository;
import dev.modelgate.budget.Budgets;
import dev.modelgate.cluster.Invalidations;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The workspaces' budgets ({@link Budgets}), told of other instances' changes by the {@link Invalidations}. */
@Configuration(proxyBeanMethods = false)
public class BudgetConfiguration {

    @Bean
    Budgets budgets(JdbcClient jdbc, AuditLog audit, TransactionTemplate transactions, Clock clock,
                    Invalidations invalidations) {
        return new Budgets(new BudgetRepository(jdbc), audit, transactions, clock, invalidations);
    }
}
