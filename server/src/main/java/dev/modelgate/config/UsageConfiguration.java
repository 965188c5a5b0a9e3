package dev.modelgate.config;

import dev.modelgate.access.Caller;
import dev.modelgate.usage.CallerUsageRecorder;
import dev.modelgate.usage.JdbcUsageRecorder;
import dev.modelgate.usage.MeteredUsageRecorder;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.web.Callers;
import org.springframework.context.annotation.Primary;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.usage.UsageRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

/**
 * Usage records. Properties: {@code modelgate.usage.buffer-limit} (records kept in memory while the database fails,
 * default 100000), {@code modelgate.usage.retry-initial-backoff} and {@code modelgate.usage.retry-max-backoff}
 * (default 100 ms doubling up to 30 s) and {@code modelgate.usage.close-timeout} (how long shutdown keeps writing
 * buffered records, default 10 s).
 */
@Configuration(proxyBeanMethods = false)
public class UsageConfiguration {

    @Bean
    UsageRepository usageRepository(JdbcClient jdbc) {
        return new UsageRepository(jdbc);
    }

    /**
     * Writes on the caller's thread, callers finishing together sharing one {@code INSERT} and one commit (group
     * commit, see {@link JdbcUsageRecorder}). Closed when the context closes: after the web server has stopped taking and finishing requests (a lifecycle
     * phase), and before the data source it writes to (a bean it depends on).
     */
    @Bean(destroyMethod = "close")
    JdbcUsageRecorder usageRecorder(UsageRepository repository, MeterRegistry meters,
                                    @Value("${modelgate.usage.buffer-limit:" + JdbcUsageRecorder.DEFAULT_BUFFER_LIMIT + "}") int bufferLimit,
                                    @Value("${modelgate.usage.retry-initial-backoff:PT0.1S}") Duration initialBackoff,
                                    @Value("${modelgate.usage.retry-max-backoff:PT30S}") Duration maxBackoff,
                                    @Value("${modelgate.usage.close-timeout:PT10S}") Duration closeTimeout) {
        return JdbcUsageRecorder.builder(repository, meters)
                .bufferLimit(bufferLimit)
                .backoff(initialBackoff, maxBackoff)
                .closeTimeout(closeTimeout)
                .build();
    }

    /**
     * What invocations and Tests record through: the database recorder, each record's tokens counted
     * ({@link MeteredUsageRecorder}) and the record stamped with its caller.
     */
    @Bean
    @Primary
    UsageRecorder callerUsageRecorder(JdbcUsageRecorder recorder, MeterRegistry meters) {
        return new CallerUsageRecorder(new MeteredUsageRecorder(recorder, meters),
                () -> Callers.current().map(UsageConfiguration::usageCaller));
    }

    private static UsageCaller usageCaller(Caller caller) {
        return new UsageCaller(caller.kind() == Caller.Kind.KEY ? UsageCaller.Kind.KEY : UsageCaller.Kind.ACCOUNT,
                caller.id(), caller.name());
    }
}
