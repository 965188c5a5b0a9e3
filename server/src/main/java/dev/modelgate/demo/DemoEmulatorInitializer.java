package dev.modelgate.demo;

import dev.modelgate.emulator.Emulator;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * In demo mode ({@value #ENABLED}{@code =true}), starts the local AWS emulator in this process before any bean is
 * built, and points {@code modelgate.aws.endpoint-override} at it, so that every AWS client Modelgate builds (STS,
 * Bedrock) reaches it and nothing reaches AWS. Without the property it does nothing.
 *
 * <p>The emulator listens on 127.0.0.1, port {@value #EMULATOR_PORT} (its default in {@code DemoProperties}; 0
 * picks a free one), serves its built-in world, and is the context's singleton {@value #BEAN_NAME}. It stops when
 * the context closes, after the web server, and also when the context fails to start. Registered in
 * {@code META-INF/spring.factories}, so it applies to every Spring Boot run of Modelgate, tests included.
 */
public final class DemoEmulatorInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** The property that switches demo mode on. */
    public static final String ENABLED = "modelgate.demo.enabled";
    /** The property naming the emulator's port. */
    public static final String EMULATOR_PORT = "modelgate.demo.emulator-port";
    /** The emulator's bean name. */
    public static final String BEAN_NAME = "demoEmulator";

    private static final String ENDPOINT_OVERRIDE = "modelgate.aws.endpoint-override";

    /** @throws DemoEmulatorStartException in demo mode, when the emulator's port is invalid or taken */
    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        DemoProperties demo = DemoProperties.of(environment);
        if (!demo.enabled()) {
            return;
        }
        if (!(context.getBeanFactory() instanceof DefaultListableBeanFactory beans)) {
            throw new IllegalStateException("demo mode stops the emulator with the context's bean factory, which must "
                    + "be a DefaultListableBeanFactory, got " + context.getBeanFactory().getClass().getName());
        }
        Emulator emulator = start(demo.emulatorPort());
        beans.registerSingleton(BEAN_NAME, emulator);
        beans.registerDisposableBean(BEAN_NAME, emulator::close);
        // First among the property sources: in demo mode every AWS call goes to the emulator, whatever else is set.
        environment.getPropertySources().addFirst(new MapPropertySource("modelgate-demo",
                Map.of(ENDPOINT_OVERRIDE, emulator.endpoint().toString())));
    }

    private static Emulator start(int port) {
        if (port < 0 || port > 65_535) {
            throw DemoEmulatorStartException.invalidPort(port);
        }
        try {
            return Emulator.builder().port(port).build();
        } catch (UncheckedIOException e) {
            throw DemoEmulatorStartException.cannotListen(port, e);
        }
    }
}
