package dev.modelgate.demo;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In demo mode ({@value DemoEmulatorInitializer#ENABLED}{@code =true}), a quiet log: warnings and errors only, and
 * Modelgate's own rare notices, so that the banner is the last thing printed at start and stays on screen while the
 * newcomer tries things. Defaults only: {@code --logging.level.root=INFO} (or any {@code logging.level.*} set
 * elsewhere) still wins. Runs before the logging system reads its levels; registered in
 * {@code META-INF/spring.factories}.
 */
public final class DemoLogging implements EnvironmentPostProcessor {

    static final Map<String, Object> LEVELS = Map.of(
            "logging.level.root", "WARN",
            "logging.level.dev.modelgate", "INFO",
            // "Starting …" and "Started … in 12 s": the banner says it is up.
            "logging.level.dev.modelgate.ModelgateApplication", "WARN");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (DemoProperties.of(environment).enabled()) {
            environment.getPropertySources().addLast(new MapPropertySource("modelgate-demo-logging", LEVELS));
        }
    }
}
