package dev.modelgate.config;

import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.platform.PlatformIdentity;
import java.time.Clock;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Modelgate's own AWS identity: asked of STS in {@link AwsProperties#region()} (or at
 * {@link AwsProperties#endpointOverride()}), the answer kept {@link PlatformProperties#identityTtl()}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AwsProperties.class, PlatformProperties.class})
public class PlatformConfiguration {

    /**
     * Signs with the SDK's default credentials chain, unless the context holds an {@link AwsCredentialsProvider}
     * bean: only demo mode defines one (the emulator's platform user), so in production the chain always applies.
     */
    @Bean(destroyMethod = "close")
    StsClients stsClients(AwsProperties aws, ObjectProvider<AwsCredentialsProvider> platformCredentials) {
        StsClients.Builder builder = StsClients.builder();
        aws.endpoint().ifPresent(builder::endpointOverride);
        platformCredentials.ifAvailable(builder::platformCredentials);
        return builder.build();
    }

    @Bean
    PlatformIdentity platformIdentity(StsClients stsClients, AwsProperties aws, PlatformProperties platform,
                                      Clock clock) {
        return new PlatformIdentity(stsClients, StsEndpoint.regional(aws.stsRegion()), platform.identityTtl(), clock);
    }
}
