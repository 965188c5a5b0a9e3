package dev.modelgate.demo;

import dev.modelgate.emulator.Emulator;
import dev.modelgate.access.Accounts;
import dev.modelgate.access.ApiKeys;
import dev.modelgate.platform.PlatformSettingsRepository;
import dev.modelgate.registration.RoleRegistrations;
import dev.modelgate.workspace.Workspaces;
import java.time.Clock;
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
    DemoAccounts demoAccounts(Workspaces workspaces, Accounts accounts, ApiKeys keys) {
        return new DemoAccounts(workspaces, accounts, keys);
    }

    @Bean
    DemoTenantRoles demoTenantRoles(Emulator emulator, DemoAccounts accounts, RoleRegistrations registrations,
                                    PlatformSettingsRepository settings, Clock clock) {
        return new DemoTenantRoles(emulator, accounts, registrations, settings, clock);
    }

    @Bean
    DemoBanner demoBanner(Emulator emulator, DemoAccounts accounts) {
        return new DemoBanner(emulator, accounts, System.out);
    }
}
