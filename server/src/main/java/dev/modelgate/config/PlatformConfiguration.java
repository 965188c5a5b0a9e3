package dev.modelgate.config;

import dev.modelgate.connection.Region;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.StsClients;
import dev.modelgate.platform.PlatformIdentity;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Modelgate's own AWS identity. Properties: {@code modelgate.aws.region} (the STS Region Modelgate asks about
 * itself, default {@code us-east-1}), {@code modelgate.aws.endpoint-override} (send every STS call there instead,
 * e.g. the local emulator; default none) and {@code modelgate.platform.identity-ttl} (how long the answer is kept,
 * default 10 minutes).
 */
@Configuration(proxyBeanMethods = false)
public class PlatformConfiguration {

    /**
     * Signs with the SDK's default credentials chain, unless the context holds an {@link AwsCredentialsProvider}
     * bean: only demo mode defines one (the emulator's platform user), so in production the chain always applies.
     */
    @Bean(destroyMethod = "close")
    StsClients stsClients(@Value("${modelgate.aws.endpoint-override:}") String endpointOverride,
                          ObjectProvider<AwsCredentialsProvider> platformCredentials) {
        StsClients.Builder builder = StsClients.builder();
        if (!endpointOverride.isBlank()) {
            builder.endpointOverride(URI.create(endpointOverride.strip()));
        }
        platformCredentials.ifAvailable(builder::platformCredentials);
        return builder.build();
    }

    @Bean
    PlatformIdentity platformIdentity(StsClients stsClients,
                                      @Value("${modelgate.aws.region:us-east-1}") String region,
                                      @Value("${modelgate.platform.identity-ttl:PT10M}") Duration ttl,
                                      Clock clock) {
        return new PlatformIdentity(stsClients, StsEndpoint.regional(Region.of(region)), ttl, clock);
    }
}
