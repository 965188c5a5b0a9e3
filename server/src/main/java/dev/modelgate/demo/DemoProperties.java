package dev.modelgate.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Demo mode ({@code modelgate.demo.*}). Read from the environment by {@link DemoEmulatorInitializer} and
 * {@link DemoLogging} before any bean exists, so it is bound where they need it ({@link #of}) rather than a bean.
 *
 * @param enabled      demo mode: runs the AWS emulator in the server's process, points
 *                     modelgate.aws.endpoint-override at it, and sets up the demo's workspace, accounts, API key and
 *                     tenant roles (./modelgate demo sets it); default false
 * @param emulatorPort the emulator's port on 127.0.0.1; 0 picks a free one. From 0 to 65535 (checked when demo mode
 *                     starts the emulator); default 4566, the port AWS emulators customarily use
 */
@ConfigurationProperties(DemoProperties.PREFIX)
record DemoProperties(@DefaultValue("false") boolean enabled, @DefaultValue("4566") int emulatorPort) {

    static final String PREFIX = "modelgate.demo";

    /** The demo's properties as {@code environment} sets them. */
    static DemoProperties of(Environment environment) {
        return Binder.get(environment).bindOrCreate(PREFIX, DemoProperties.class);
    }
}
