package dev.modelgate.config;

import dev.modelgate.access.Caller;
import dev.modelgate.catalog.BedrockCatalogs;
import dev.modelgate.cluster.Invalidations;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.ModelRepository;
import dev.modelgate.pricing.PriceBook;
import dev.modelgate.pricing.PriceOverrideRepository;
import dev.modelgate.pricing.Pricing;
import dev.modelgate.pricing.PricingUsageRecorder;
import dev.modelgate.pricing.ShippedPrices;
import dev.modelgate.workspace.WorkspaceRepository;
import tools.jackson.databind.json.JsonMapper;
import dev.modelgate.usage.CallerUsageRecorder;
import dev.modelgate.usage.JdbcUsageRecorder;
import dev.modelgate.usage.MeteredUsageRecorder;
import dev.modelgate.usage.SettlingUsageRecorder;
import dev.modelgate.web.TokenReservations;
import dev.modelgate.usage.UsageCaller;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.web.Callers;
import org.springframework.context.annotation.Primary;
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

    /** The shipped price table, read and checked once: a table that breaks a rule fails the start. */
    @Bean
    ShippedPrices shippedPrices(JsonMapper json) {
        return ShippedPrices.load(json);
    }

    @Bean
    PriceBook priceBook(ShippedPrices shipped, DataSource dataSource, Invalidations invalidations, Clock clock) {
        return new PriceBook(shipped, new PriceOverrideRepository(dataSource), invalidations, clock);
    }

    @Bean
    Pricing pricing(PriceBook prices, ModelRepository models, ExternalModels externalModels,
                    WorkspaceRepository workspaces, BedrockCatalogs catalogs) {
        return new Pricing(prices, models, externalModels, workspaces, catalogs);
    }

    /**
     * What invocations and Tests record through: the database recorder, each record's tokens counted
     * ({@link MeteredUsageRecorder}), the record stamped with its caller and priced ({@link PricingUsageRecorder}),
     * and the request's token-per-minute estimate settled with its real count ({@link SettlingUsageRecorder}).
     */
    @Bean
    @Primary
    UsageRecorder callerUsageRecorder(JdbcUsageRecorder recorder, MeterRegistry meters, Pricing pricing) {
        return new SettlingUsageRecorder(new CallerUsageRecorder(
                new PricingUsageRecorder(new MeteredUsageRecorder(recorder, meters), pricing),
                () -> Callers.current().map(UsageConfiguration::usageCaller)), TokenReservations::current);
    }

    private static UsageCaller usageCaller(Caller caller) {
        return new UsageCaller(caller.kind() == Caller.Kind.KEY ? UsageCaller.Kind.KEY : UsageCaller.Kind.ACCOUNT,
                caller.id(), caller.name());
    }
}
