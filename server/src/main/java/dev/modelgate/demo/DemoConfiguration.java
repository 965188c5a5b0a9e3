package dev.modelgate.demo;

import dev.modelgate.emulator.Emulator;
import dev.modelgate.platform.PlatformSettingsRepository;
import dev.modelgate.registration.RoleRegistrations;
import java.time.Clock;
import dev.modelgate.workspace.WorkspaceContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Demo mode's beans, only with {@value DemoEmulatorInitializer#ENABLED}{@code =true}; the emulator they use is the
 * one {@link DemoEmulatorInitializer} started.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(DemoEmulatorInitializer.ENABLED)
class DemoConfiguration {

    /** Modelgate's own AWS credentials in the demo: the emulator's platform user, preferred by PlatformConfiguration. */
    @Bean
    AwsCredentialsProvider demoPlatformCredentials(Emulator emulator) {
        return StaticCredentialsProvider.create(DemoWorld.platformCredentials(emulator.world()));
    }

    @Bean
    DemoTenantRoles demoTenantRoles(Emulator emulator, WorkspaceContext workspaces, RoleRegistrations registrations,
                                    PlatformSettingsRepository settings, Clock clock) {
        return new DemoTenantRoles(emulator, workspaces, registrations, settings, clock);
    }

    @Bean
    DemoBanner demoBanner(Emulator emulator, WorkspaceContext workspaces) {
        return new DemoBanner(emulator, workspaces, System.out);
    }
}
