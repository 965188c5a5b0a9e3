package dev.modelgate.bench;

import dev.modelgate.emulator.iam.WorldLoader;

/**
 * Who calls whom in the emulator's default world: Modelgate's platform user (its key, whose published fake secret
 * the world holds) and the tenant's role {@code ModelgateBedrockAccess}, allowed to invoke Bedrock models.
 */
record Tenant(String platformAccessKey, String platformSecretKey, String roleArn) {

    private static final String PLATFORM_KEY = "AKIAMODELGATEPLATFRM";
    private static final String ROLE_ARN = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";

    /** The platform user and tenant role of the default world. */
    static Tenant ofDefaultWorld() {
        String secret = WorldLoader.defaultWorld().accessKey(PLATFORM_KEY).orElseThrow().key().secret();
        return new Tenant(PLATFORM_KEY, secret, ROLE_ARN);
    }

    @Override
    public String toString() {
        return "Tenant[platformAccessKey=" + platformAccessKey + ", roleArn=" + roleArn + "]";
    }
}
