package dev.modelgate.demo;

import dev.modelgate.emulator.iam.AccessKey;
import dev.modelgate.emulator.iam.User;
import dev.modelgate.emulator.iam.World;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * What demo mode uses of the emulator's built-in world ({@code default-world.yaml} in the emulator): the platform
 * user Modelgate signs as, and the tenant roles that trust it under an External ID.
 */
final class DemoWorld {

    /** Modelgate's own principal in the demo. */
    static final String PLATFORM_USER_ARN = "arn:aws:iam::111111111111:user/modelgate-platform";
    /** The role a newcomer pastes: it trusts the platform user with the workspace's External ID and may call Bedrock. */
    static final String TENANT_ROLE_ARN = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    /**
     * Every role of the world that trusts the platform user under an External ID: the working one, and one whose
     * sessions may do nothing on Bedrock (to see how Modelgate diagnoses that).
     */
    static final List<String> TRUSTING_ROLE_ARNS = List.of(TENANT_ROLE_ARN,
            "arn:aws:iam::222222222222:role/NoBedrockAccess");

    private DemoWorld() {
    }

    /**
     * The platform user's first access key.
     *
     * @throws IllegalStateException when the world has no such user, or it has no key
     */
    static AwsBasicCredentials platformCredentials(World world) {
        User user = world.accounts().stream().flatMap(account -> account.users().stream())
                .filter(candidate -> candidate.arn().equals(PLATFORM_USER_ARN))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the emulator's world has no user " + PLATFORM_USER_ARN));
        AccessKey key = user.accessKeys().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException(PLATFORM_USER_ARN + " has no access key in the world"));
        return AwsBasicCredentials.create(key.id(), key.secret());
    }
}
