package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code modelgate.*} property records, bound as Spring Boot binds them: with nothing set they hold the defaults
 * the properties have always had, and a bad setting is refused naming the property, the rule and the value.
 */
class ModelgatePropertiesTest {

    @Test
    void nothingSet_bindsEachPropertysDefault() {
        assertThat(bind(ApiProperties.class, Map.of())).isEqualTo(new ApiProperties(1_048_576, Duration.ofSeconds(2)));
        assertThat(bind(JsonReadLimits.class, Map.of()))
                .isEqualTo(new JsonReadLimits(100, 100, 1_048_576, 1024, 1_048_576));
        assertThat(bind(UsageProperties.class, Map.of())).isEqualTo(new UsageProperties(100_000,
                Duration.ofMillis(100), Duration.ofSeconds(30), Duration.ofSeconds(10)));
        assertThat(bind(BedrockProperties.class, Map.of())).isEqualTo(new BedrockProperties(10_485_760,
                new BedrockProperties.Retry(3, Duration.ofMillis(100), Duration.ofSeconds(2)),
                new BedrockProperties.Catalog(Duration.ofSeconds(10), 1000)));
        assertThat(bind(TenantSessionProperties.class, Map.of()))
                .isEqualTo(new TenantSessionProperties(Duration.ofHours(1), Duration.ofMinutes(5), 10_000));
        assertThat(bind(RateLimitProperties.class, Map.of())).isEqualTo(new RateLimitProperties(
                new RateLimitProperties.PerCaller(50, 100), new RateLimitProperties.PerWorkspace(200, 400, 0),
                new RateLimitProperties.SignIn(1, 10)));
        assertThat(bind(SignInProperties.class, Map.of())).isEqualTo(new SignInProperties(5, Duration.ofMinutes(15)));
        assertThat(bind(ApiKeyProperties.class, Map.of())).isEqualTo(new ApiKeyProperties(Duration.ofSeconds(10)));
        assertThat(bind(AwsProperties.class, Map.of())).isEqualTo(new AwsProperties("us-east-1", null));
        assertThat(bind(PlatformProperties.class, Map.of())).isEqualTo(new PlatformProperties(Duration.ofMinutes(10)));
        assertThat(bind(TestRunProperties.class, Map.of()))
                .isEqualTo(new TestRunProperties(Duration.ofSeconds(30), Duration.ofSeconds(5)));
        assertThat(bind(OidcProperties.class, Map.of())).isEqualTo(new OidcProperties("email"));
        assertThat(bind(RedisProperties.class, Map.of())).isEqualTo(new RedisProperties("", "modelgate:",
                Duration.ofMillis(250), Duration.ofSeconds(5))).satisfies(redis -> assertThat(redis.configured()).isFalse());
        assertThat(bind(ShutdownProperties.class, Map.of())).isEqualTo(new ShutdownProperties(Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertThat(bind(BootstrapOperatorProperties.class, Map.of()))
                .isEqualTo(new BootstrapOperatorProperties("", ""))
                .satisfies(operator -> assertThat(operator.requested()).isFalse());
    }

    @Test
    void settings_bindInEveryFormSpringBootReads() {
        assertThat(bind(BedrockProperties.class, Map.of("modelgate.bedrock.retry.base-delay", "PT0.001S",
                "modelgate.bedrock.retry.max-delay", "5ms", "modelgate.bedrock.catalog.max-results", "10")))
                .isEqualTo(new BedrockProperties(10_485_760,
                        new BedrockProperties.Retry(3, Duration.ofMillis(1), Duration.ofMillis(5)),
                        new BedrockProperties.Catalog(Duration.ofSeconds(10), 10)));
        assertThat(bind(RateLimitProperties.class, Map.of("modelgate.limits.per-workspace.burst", "5")).perWorkspace())
                .isEqualTo(new RateLimitProperties.PerWorkspace(200, 5, 0));
        assertThat(bind(RateLimitProperties.class, Map.of("modelgate.limits.per-workspace.tokens-per-minute",
                "50000")).perWorkspace().tokenLimit()).isEqualTo(new dev.modelgate.access.RateLimits.TokenLimit(50_000));
        assertThat(bind(AwsProperties.class, Map.of("modelgate.aws.endpoint-override", "http://127.0.0.1:4566",
                "modelgate.aws.region", "eu-west-1")))
                .isEqualTo(new AwsProperties("eu-west-1", URI.create("http://127.0.0.1:4566")));
    }

    @Test
    void endpointOverride_setEmpty_isNone() {
        assertThat(bind(AwsProperties.class, Map.of("modelgate.aws.endpoint-override", "")).endpoint()).isEmpty();
    }

    @Test
    void bootstrapOperator_toString_neverShowsThePassword() {
        BootstrapOperatorProperties operator = bind(BootstrapOperatorProperties.class,
                Map.of("modelgate.bootstrap.operator.username", "root",
                        "modelgate.bootstrap.operator.password", "s3cret-s3cret"));

        assertThat(operator.requested()).isTrue();
        assertThat(operator).hasToString("BootstrapOperatorProperties[username=root, password=****]");
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                refused(ApiProperties.class, "modelgate.api.max-request-bytes", "0", "must be at least 1, got 0"),
                refused(ApiProperties.class, "modelgate.api.throttled-retry-after", "0s", "must be positive, got PT0S"),
                refused(JsonReadLimits.class, "modelgate.api.json.max-nesting-depth", "0", "must be at least 1, got 0"),
                refused(UsageProperties.class, "modelgate.usage.buffer-limit", "0", "must be at least 1, got 0"),
                refused(UsageProperties.class, "modelgate.usage.retry-initial-backoff", "0s",
                        "must be positive, got PT0S"),
                refused(UsageProperties.class, "modelgate.usage.retry-max-backoff", "50ms",
                        "must be at least modelgate.usage.retry-initial-backoff (PT0.1S), got PT0.05S"),
                refused(UsageProperties.class, "modelgate.usage.close-timeout", "-1s",
                        "must not be negative, got PT-1S"),
                refused(BedrockProperties.class, "modelgate.bedrock.max-response-bytes", "0",
                        "must be at least 1, got 0"),
                refused(BedrockProperties.class, "modelgate.bedrock.retry.max-attempts", "0",
                        "must be at least 1, got 0"),
                refused(BedrockProperties.class, "modelgate.bedrock.retry.base-delay", "-1ms",
                        "must not be negative, got PT-0.001S"),
                refused(BedrockProperties.class, "modelgate.bedrock.retry.max-delay", "50ms",
                        "must be at least modelgate.bedrock.retry.base-delay (PT0.1S), got PT0.05S"),
                refused(BedrockProperties.class, "modelgate.bedrock.catalog.timeout", "0s",
                        "must be positive, got PT0S"),
                refused(BedrockProperties.class, "modelgate.bedrock.catalog.max-results", "10001",
                        "must be from 1 to 10000, got 10001"),
                refused(TenantSessionProperties.class, "modelgate.sessions.duration", "14m",
                        "must be whole seconds from PT15M to PT12H (STS's DurationSeconds), got PT14M"),
                refused(TenantSessionProperties.class, "modelgate.sessions.duration", "PT1H0.5S",
                        "must be whole seconds from PT15M to PT12H (STS's DurationSeconds), got PT1H0.5S"),
                refused(TenantSessionProperties.class, "modelgate.sessions.refresh-margin", "1h",
                        "must be less than modelgate.sessions.duration (PT1H), got PT1H"),
                refused(TenantSessionProperties.class, "modelgate.sessions.max-size", "0", "must be at least 1, got 0"),
                refused(RateLimitProperties.class, "modelgate.limits.per-caller.requests-per-second", "0",
                        "must be at least 1, got 0"),
                refused(RateLimitProperties.class, "modelgate.limits.per-workspace.burst", "0",
                        "must be at least 1, got 0"),
                refused(RateLimitProperties.class, "modelgate.limits.per-workspace.tokens-per-minute", "-1",
                        "must be at least 0, got -1"),
                refused(RateLimitProperties.class, "modelgate.limits.sign-in.requests-per-second", "0",
                        "must be at least 1, got 0"),
                refused(SignInProperties.class, "modelgate.sign-in.max-failures", "0", "must be at least 1, got 0"),
                refused(SignInProperties.class, "modelgate.sign-in.lock-for", "0s", "must be positive, got PT0S"),
                refused(ApiKeyProperties.class, "modelgate.keys.lookup-ttl", "0s", "must be positive, got PT0S"),
                refused(ApiKeyProperties.class, "modelgate.keys.lookup-ttl", "-10s", "must be positive, got PT-10S"),
                refused(AwsProperties.class, "modelgate.aws.region", "mars-1",
                        "must be a Region Modelgate knows, such as us-east-1, got \"mars-1\""),
                refused(AwsProperties.class, "modelgate.aws.endpoint-override", "http://127.0.0.1:4566/path",
                        "must be http(s)://host[:port], got \"http://127.0.0.1:4566/path\""),
                refused(PlatformProperties.class, "modelgate.platform.identity-ttl", "-1s",
                        "must not be negative, got PT-1S"),
                refused(TestRunProperties.class, "modelgate.test-run.assume-role-bound", "0s",
                        "must be positive, got PT0S"),
                refused(TestRunProperties.class, "modelgate.test-run.map-bound", "0s", "must be positive, got PT0S"),
                refused(OidcProperties.class, "modelgate.oidc.username-claim", " ", "must not be blank, got \" \""),
                refused(RedisProperties.class, "modelgate.redis.timeout", "0s", "must be positive, got PT0S"),
                refused(RedisProperties.class, "modelgate.redis.retry-after", "-1s", "must be positive, got PT-1S"),
                refused(RedisProperties.class, "modelgate.redis.url", "http://user:secret@127.0.0.1:6379",
                        "must start with redis:// or rediss://, got one starting http://"),
                refused(ShutdownProperties.class, "modelgate.shutdown.grace", "-1s", "must not be negative, got PT-1S"),
                refused(ShutdownProperties.class, "modelgate.shutdown.retry-after", "-1s",
                        "must not be negative, got PT-1S"));
    }

    @ParameterizedTest(name = "{1}={2}")
    @MethodSource("badSettings")
    void badSetting_isRefusedNamingTheProperty(Class<?> type, String property, String value, String message) {
        assertThatThrownBy(() -> bind(type, Map.of(property, value)))
                .isInstanceOf(BindException.class)
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(property + " " + message);
    }

    @Test
    void start_withABadSetting_failsNamingTheProperty() {
        new ApplicationContextRunner()
                .withUserConfiguration(KeysOnly.class)
                .withPropertyValues("modelgate.keys.lookup-ttl=PT0S")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessage("modelgate.keys.lookup-ttl must be positive, got PT0S"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ApiKeyProperties.class)
    static class KeysOnly {
    }

    private static Arguments refused(Class<?> type, String property, String value, String message) {
        return Arguments.of(type, property, value, message);
    }

    private static <T> T bind(Class<T> type, Map<String, String> properties) {
        String prefix = type.getAnnotation(ConfigurationProperties.class).value();
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }
}
