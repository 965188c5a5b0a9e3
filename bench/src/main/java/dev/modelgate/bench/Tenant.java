package dev.modelgate.bench;

import dev.modelgate.connection.ExternalId;
import dev.modelgate.emulator.iam.World;
import dev.modelgate.emulator.iam.WorldLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Who calls whom in the emulator's default world: Modelgate's platform user (its key, whose published fake secret
 * the world holds) and the tenant's role {@code ModelgateBedrockAccess}, which trusts the platform user with the
 * demo External ID.
 */
record Tenant(String platformAccessKey, String platformSecretKey, String roleArn) {

    private static final String PLATFORM_KEY = "AKIAMODELGATEPLATFRM";
    private static final String ROLE_ARN = "arn:aws:iam::222222222222:role/ModelgateBedrockAccess";
    private static final String DEMO_EXTERNAL_ID = "mg-demo-workspace-external-id";

    /** The platform user and tenant role of the default world. */
    static Tenant ofDefaultWorld() {
        String secret = WorldLoader.defaultWorld().accessKey(PLATFORM_KEY).orElseThrow().key().secret();
        return new Tenant(PLATFORM_KEY, secret, ROLE_ARN);
    }

    /**
     * The default world, except that the tenant's roles trust {@code externalId} (a Modelgate workspace's, generated
     * on first use) where they trust the demo's.
     */
    static World worldTrusting(String externalId) {
        // STS's characters ([\w+=,.@:/-]) include none that a double-quoted YAML string must escape.
        String trusted = '"' + ExternalId.of(externalId).value() + '"';
        try (InputStream in = WorldLoader.class.getResourceAsStream(WorldLoader.DEFAULT_WORLD_RESOURCE)) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!yaml.contains(DEMO_EXTERNAL_ID)) {
                throw new IllegalStateException("the default world no longer names " + DEMO_EXTERNAL_ID);
            }
            return WorldLoader.parse(yaml.replace(DEMO_EXTERNAL_ID, trusted));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "Tenant[platformAccessKey=" + platformAccessKey + ", roleArn=" + roleArn + "]";
    }
}
