package dev.modelgate.config;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link JsonMapper} the server reads request bodies with, built as the application builds it (Spring Boot's
 * Jackson auto-configuration, the {@code spring.jackson.*} settings of {@code application.yaml} and
 * {@link ModelgateConfiguration}'s customizers, {@link JsonConfiguration}'s strict reading) without starting the rest of the application. A customizer added to
 * the application's configuration belongs here too.
 */
public final class ApiJsonMapper {

    private ApiJsonMapper() {
    }

    /** A new mapper configured as the server's. */
    public static JsonMapper create() {
        AtomicReference<JsonMapper> mapper = new AtomicReference<>();
        new ApplicationContextRunner()
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(JsonConfiguration.class)
                .withBean(JsonMapperBuilderCustomizer.class, () -> new ModelgateConfiguration().strictJsonTypes())
                .run(context -> mapper.set(context.getBean(JsonMapper.class)));
        return mapper.get();
    }
}
