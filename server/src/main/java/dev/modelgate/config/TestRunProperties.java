package dev.modelgate.config;

import dev.modelgate.testrun.StageBounds;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A model's Test ({@code modelgate.test-run.*}): how long its stages may take. A stage that ends past its bound fails
 * with the diagnosis {@code stage-timed-out}; INVOKE's bound is the model's own total timeout. See
 * {@link StageBounds}.
 *
 * @param assumeRoleBound the bound of the ASSUME_ROLE stage; past it after the AssumeRole, the External ID
 *                        probe is not made. Positive; default 30 s
 * @param mapBound        the bound of the MAP stage, checked when the mapping ends. Positive; default 5 s
 */
@ConfigurationProperties(TestRunProperties.PREFIX)
public record TestRunProperties(@DefaultValue("30s") Duration assumeRoleBound, @DefaultValue("5s") Duration mapBound) {

    static final String PREFIX = "modelgate.test-run";

    public TestRunProperties {
        PropertyRules.positive(PREFIX + ".assume-role-bound", assumeRoleBound);
        PropertyRules.positive(PREFIX + ".map-bound", mapBound);
    }

    /** The Test runner's bounds. */
    public StageBounds stageBounds() {
        return new StageBounds(assumeRoleBound, mapBound);
    }
}
