package dev.modelgate.web;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.connection.Region;
import dev.modelgate.connection.RoleArn;
import dev.modelgate.connection.StsEndpoint;
import dev.modelgate.credentials.SessionKey;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import dev.modelgate.workspace.Workspace;
import java.util.ArrayList;
import java.util.List;

/**
 * A role not yet part of a saved model, as a request body names it: the role, the Region, and the STS endpoint to
 * assume it at (blank: the Region's). Used by the role check and the model catalogue.
 */
public record RoleConnection(String roleArn, String stsEndpoint, String region) {

    /** The parsed connection. */
    record Parsed(RoleArn roleArn, StsEndpoint stsEndpoint, Region region) {

        /** The session key for {@code workspace}: this role with the workspace's External ID. */
        SessionKey key(Workspace workspace) {
            return new SessionKey(roleArn, ExternalId.of(workspace.externalId()), stsEndpoint);
        }
    }

    /**
     * Validates every part at once.
     *
     * @throws InvalidInputException naming {@code roleArn}, {@code region} or {@code stsEndpoint} and the rule
     */
    Parsed parse() {
        List<Violation> violations = new ArrayList<>(RoleArn.validate(roleArn));
        Region parsedRegion = null;
        if (region == null) {
            violations.add(Violation.of("region", "required", "region is required"));
        } else {
            try {
                parsedRegion = Region.of(region);
            } catch (InvalidInputException e) {
                violations.addAll(e.violations());
            }
        }
        if (parsedRegion != null) {
            violations.addAll(StsEndpoint.validate(stsEndpoint, parsedRegion));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new Parsed(RoleArn.parse(roleArn), StsEndpoint.parse(stsEndpoint, parsedRegion), parsedRegion);
    }
}
