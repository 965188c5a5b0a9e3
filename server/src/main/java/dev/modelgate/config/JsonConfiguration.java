package dev.modelgate.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonFactoryBuilderCustomizer;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;

/**
 * One strict parse for every JSON body: the application's {@code JsonMapper}, which Spring MVC reads every request
 * body with (the API, the console's calls, the Test's variables, signing in), refuses duplicate property names and
 * enforces {@link JsonReadLimits}.
 *
 * <p>Why duplicates are refused: with {@code {"role": "AGENT", "role": "ADMIN"}} Jackson keeps the last value, while a
 * proxy or policy engine in front of Modelgate may read the first; the two would disagree on what was asked.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JsonReadLimits.class)
public class JsonConfiguration {

    /** Applied after Spring Boot's own ({@code spring.jackson.factory.constraints.*}), so these limits hold. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    JsonFactoryBuilderCustomizer jsonReadLimits(JsonReadLimits limits) {
        return factory -> factory.streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxNumberLength(limits.maxNumberLength())
                .maxStringLength(limits.maxStringLength())
                .maxNameLength(limits.maxNameLength())
                .maxDocumentLength(limits.maxDocumentLength())
                .build());
    }

    @Bean
    JsonMapperBuilderCustomizer duplicateKeysRefused() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }
}
