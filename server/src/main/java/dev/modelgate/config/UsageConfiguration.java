package dev.modelgate.config;

import dev.modelgate.access.Caller;
import dev.modelgate.usage.CallerUsageRecorder;
import dev.modelgate.usage.JdbcUsageRecorder;
import dev.modelgate.usage.MeteredUsageRecorder;
import dev.modelgate.usage.SettlingUsageRecorder;
import dev.modelgate.web.TokenReservations;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.web.Callers;
import org.springframework.context.annotation.Primary;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.usage.UsageRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.time.Clock;
import javax.sql.DataSource;

/** Usage records, written as {@link UsageProperties} says. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UsageProperties.class)
public class UsageConfiguration {

    @Bean
    UsageRepository usageRepository(DataSource dataSource, Clock clock) {
        return new UsageRepository(dataSource, UsageRepository.DEFAULT_MAX_REPORT_ROWS, clock);
    }

    /**
     * Writes on the caller's thread, callers finishing together sharing one {@code INSERT} and one commit (group
     * commit, see {@link JdbcUsageRecorder}). Closed when the context closes: after the web server has stopped taking and finishing requests (a lifecycle
     * phase), and before the data source it writes to (a bean it depends on).
     */
    @Bean(destroyMethod = "close")
    JdbcUsageRecorder usageRecorder(UsageRepository repository, MeterRegistry meters, UsageProperties usage) {
        return JdbcUsageRecorder.builder(repository, meters)
                .bufferLimit(usage.bufferLimit())
                .backoff(usage.retryInitialBackoff(), usage.retryMaxBackoff())
                .closeTimeout(usage.closeTimeout())
                .build();
    }

    /**
     * What invocations and Tests record through: the database recorder, each record's tokens counted
     * ({@link MeteredUsageRecorder}), the record stamped with its caller, and the request's token-per-minute
     * estimate settled with its real count ({@link SettlingUsageRecorder}).
     */
    @Bean
    @Primary
    UsageRecorder callerUsageRecorder(JdbcUsageRecorder recorder, MeterRegistry meters) {
        return new SettlingUsageRecorder(new CallerUsageRecorder(new MeteredUsageRecorder(recorder, meters),
                () -> Callers.current().map(UsageConfiguration::usageCaller)), TokenReservations::current);
    }

    private static UsageCaller usageCaller(Caller caller) {
        return new UsageCaller(caller.kind() == Caller.Kind.KEY ? UsageCaller.Kind.KEY : UsageCaller.Kind.ACCOUNT,
                caller.id(), caller.name());
    }
}
