package dev.modelgate.config;

import dev.modelgate.audit.AuditLog;
import dev.modelgate.connection.ExternalId;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.credentials.TenantCredentials;
import dev.modelgate.invoke.Invocations;
import dev.modelgate.invoke.ModelInvoker;
import dev.modelgate.model.ExternalModels;
import dev.modelgate.model.CachingModelRepository;
import dev.modelgate.model.JdbcModelRepository;
import dev.modelgate.model.ModelRepository;
import dev.modelgate.model.ModelRevisions;
import dev.modelgate.preset.Presets;
import dev.modelgate.usage.UsageRecorder;
import dev.modelgate.web.ConsoleHeaders;
import dev.modelgate.web.RequestSizeLimit;
import dev.modelgate.workspace.WorkspaceContext;
import dev.modelgate.web.Callers;
import dev.modelgate.workspace.WorkspaceRepository;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import java.time.Clock;
import java.time.Duration;

/** Builds Modelgate's plain-Java core and hands it to the web layer. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ModelgateConfiguration {

    /** Ticks in microseconds, what H2 and PostgreSQL store: a time in a response equals the one read back later. */
    @Bean
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /**
     * The API takes JSON types as they are: {@code "name": 5} or {@code "inferenceEnabled": "true"} is a wrong
     * type, answered 400 naming the field, not a value to convert.
     */
    @Bean
    JsonMapperBuilderCustomizer strictJsonTypes() {
        return builder -> builder.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, textual -> textual
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }

    /**
     * The live revision by name, what each invocation reads, kept up to 5 s and forgotten on every instance at each
     * write (see {@link CachingModelRepository}).
     */
    @Bean
    CachingModelRepository modelRepository(JdbcClient jdbc, dev.modelgate.cluster.Invalidations invalidations) {
        return new CachingModelRepository(new JdbcModelRepository(jdbc), invalidations);
    }

    @Bean
    WorkspaceRepository workspaceRepository(JdbcClient jdbc) {
        return new WorkspaceRepository(jdbc);
    }

    @Bean
    WorkspaceContext workspaceContext(WorkspaceRepository workspaces,
                                      dev.modelgate.cluster.Invalidations invalidations) {
        return new WorkspaceContext(workspaces, Callers::current, invalidations);
    }

    /** A model's replaced or deleted connection drops the tenant session kept for it; every change is audited. */
    @Bean
    ExternalModels externalModels(ModelRepository repository, JsonMapper json, Clock clock,
                                  WorkspaceRepository workspaces, TenantCredentials credentials, AuditLog audit,
                                  TransactionTemplate transactions) {
        return new ExternalModels(repository, json, clock, (before, configuration) ->
                workspaces.find(before.workspaceId()).ifPresent(workspace -> credentials.invalidate(new SessionKey(
                        configuration.roleArn(), ExternalId.of(workspace.externalId()), configuration.stsEndpoint()))),
                audit, transactions);
    }

    @Bean
    ModelRevisions modelRevisions(ExternalModels models, ModelRepository repository, JsonMapper json, Clock clock,
                                  AuditLog audit, TransactionTemplate transactions) {
        return new ModelRevisions(models, repository, json, clock, audit, transactions);
    }

    @Bean
    dev.modelgate.model.ModelRoutings modelRoutings(ExternalModels models, ModelRepository repository, JsonMapper json,
                                                   AuditLog audit, TransactionTemplate transactions) {
        return new dev.modelgate.model.ModelRoutings(models, repository, json, audit, transactions);
    }

    /**
     * Routes each call over its model's fallbacks and balance. Before each link the model's own budgets are checked
     * ({@link dev.modelgate.web.BudgetLinkCheck}: a model over its budget is skipped), then a
     * {@link dev.modelgate.invoke.Router.LinkCheck} bean if there is one (none is defined here; tests add one). A
     * balance picks with the {@code RandomGenerator} bean named {@value #ROUTING_RANDOM} if there is one (tests pin
     * it), else with {@code ThreadLocalRandom}.
     */
    @Bean
    dev.modelgate.invoke.Router router(ExternalModels models, dev.modelgate.model.ModelRoutings routings,
            dev.modelgate.budget.Budgets budgets,
            org.springframework.beans.factory.ObjectProvider<dev.modelgate.invoke.Router.LinkCheck> checks,
            @org.springframework.beans.factory.annotation.Qualifier(ROUTING_RANDOM)
            org.springframework.beans.factory.ObjectProvider<java.util.random.RandomGenerator> random) {
        dev.modelgate.invoke.Router.LinkCheck budgetsCheck = new dev.modelgate.web.BudgetLinkCheck(budgets);
        dev.modelgate.invoke.Router.LinkCheck extra = checks.getIfAvailable(
                () -> dev.modelgate.invoke.Router.LinkCheck.NONE);
        return new dev.modelgate.invoke.Router(models, routings,
                random.getIfAvailable(java.util.concurrent.ThreadLocalRandom::current),
                (workspace, link) -> budgetsCheck.check(workspace, link).or(() -> extra.check(workspace, link)));
    }

    /** The name of the bean a balance picks with, when there is one. */
    public static final String ROUTING_RANDOM = "routingRandom";

    @Bean
    Invocations invocations(ExternalModels models, ModelInvoker invoker, UsageRecorder usage, Clock clock,
                            MeterRegistry meters) {
        return new Invocations(models, invoker, usage, clock, meters);
    }

    @Bean
    dev.modelgate.invoke.ConverseInvocations converseInvocations(ExternalModels models,
            dev.modelgate.invoke.ConverseInvoker invoker, UsageRecorder usage, Clock clock, MeterRegistry meters) {
        return new dev.modelgate.invoke.ConverseInvocations(models, invoker, usage, clock, meters);
    }

    @Bean
    Presets presets() {
        return Presets.builtIn();
    }

    /**
     * Every API request body is capped ({@link ApiProperties#maxRequestBytes()}), the OpenAI-compatible API's
     * ({@code /v1}) too.
     */
    @Bean
    FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(ApiProperties api) {
        FilterRegistrationBean<RequestSizeLimit> registration =
                new FilterRegistrationBean<>(new RequestSizeLimit(api.maxRequestBytes()));
        registration.addUrlPatterns("/api/*", "/v1/*");
        return registration;
    }

    /** The web console's Content-Security-Policy and related headers, on its page and files only. */
    @Bean
    FilterRegistrationBean<ConsoleHeaders> consoleHeaders() {
        FilterRegistrationBean<ConsoleHeaders> registration = new FilterRegistrationBean<>(new ConsoleHeaders());
        registration.addUrlPatterns("/*");
        return registration;
    }
}
