package dev.modelgate.config;

import dev.modelgate.invoke.RetryPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Calling Bedrock ({@code modelgate.bedrock.*}): the answers' size, retries, and the control plane's listings.
 *
 * @param maxResponseBytes the largest answer body read from Bedrock, in bytes; a larger one fails the call
 *                         (response-too-large) without being read into memory. At least 1; default 10485760
 *                         (10 MiB)
 * @param retry            retries of throttling, 5xx and ModelNotReady answers
 * @param catalog          the control plane's listings (foundation models, inference profiles)
 */
@ConfigurationProperties(BedrockProperties.PREFIX)
public record BedrockProperties(@DefaultValue("10485760") long maxResponseBytes, @DefaultValue Retry retry,
                                @DefaultValue Catalog catalog) {

    static final String PREFIX = "modelgate.bedrock";

    public BedrockProperties {
        PropertyRules.atLeast(PREFIX + ".max-response-bytes", maxResponseBytes, 1);
    }

    /**
     * Retries of an invocation ({@code modelgate.bedrock.retry.*}), with full jitter: the wait before each further
     * attempt is picked between zero and a cap that doubles from {@code base-delay} up to {@code max-delay}.
     *
     * @param maxAttempts attempts of one call, the first included. At least 1; default 3
     * @param baseDelay   the cap on the first wait. Zero or more; default 100 ms
     * @param maxDelay    the largest cap. At least base-delay; default 2 s
     */
    public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("100ms") Duration baseDelay,
                        @DefaultValue("2s") Duration maxDelay) {

        static final String PREFIX = BedrockProperties.PREFIX + ".retry";

        public Retry {
            PropertyRules.atLeast(PREFIX + ".max-attempts", maxAttempts, 1);
            PropertyRules.notNegative(PREFIX + ".base-delay", baseDelay);
            if (PropertyRules.notNegative(PREFIX + ".max-delay", maxDelay).compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException(PREFIX + ".max-delay must be at least " + PREFIX + ".base-delay ("
                        + baseDelay + "), got " + maxDelay);
            }
        }

        /** The invoker's policy. */
        public RetryPolicy policy() {
            return new RetryPolicy(maxAttempts, baseDelay, maxDelay);
        }
    }

    /**
     * Bedrock's control plane as the tenant's role sees it ({@code modelgate.bedrock.catalog.*}), for the Test's
     * diagnoses and the console's model picker.
     *
     * @param timeout    the limit on one control-plane call, retries included. Positive; default 10 s
     * @param maxResults the most entries one listing returns. From 1 to 10000; default 1000
     */
    public record Catalog(@DefaultValue("10s") Duration timeout, @DefaultValue("1000") int maxResults) {

        static final String PREFIX = BedrockProperties.PREFIX + ".catalog";

        public Catalog {
            PropertyRules.positive(PREFIX + ".timeout", timeout);
            PropertyRules.between(PREFIX + ".max-results", maxResults, 1, 10_000);
        }
    }
}
