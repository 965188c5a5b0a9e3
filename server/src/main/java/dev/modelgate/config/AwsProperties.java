package dev.modelgate.config;

import dev.modelgate.aws.EndpointOverride;
import dev.modelgate.connection.Region;
import java.net.URI;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Modelgate's AWS clients go ({@code modelgate.aws.*}).
 *
 * @param region           the Region whose STS endpoint Modelgate asks who it is, and where automatic verification
 *                         of role registrations asks STS; each model's own STS endpoint and Region are the tenant's
 *                         choice. A Region Modelgate knows; default us-east-1
 * @param endpointOverride send every STS and Bedrock call there instead of to AWS (the local emulator; demo mode
 *                         sets it), still signed for the call's Region. http(s)://host[:port]; default none
 */
@ConfigurationProperties(AwsProperties.PREFIX)
public record AwsProperties(@DefaultValue("us-east-1") String region, URI endpointOverride) {

    static final String PREFIX = "modelgate.aws";

    public AwsProperties {
        if (Region.find(region).isEmpty()) {
            throw new IllegalArgumentException(PREFIX + ".region must be a Region Modelgate knows, such as us-east-1, "
                    + "got \"" + region + "\"");
        }
        if (endpointOverride != null && endpointOverride.toString().isBlank()) {
            endpointOverride = null;
        }
        if (endpointOverride != null && !EndpointOverride.valid(endpointOverride)) {
            throw new IllegalArgumentException(PREFIX + ".endpoint-override must be http(s)://host[:port], got \""
                    + endpointOverride + "\"");
        }
    }

    /** {@link #region()} as a {@link Region}. */
    public Region stsRegion() {
        return Region.of(region);
    }

    /** The endpoint override, when set. */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpointOverride);
    }
}
