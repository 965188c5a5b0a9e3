package dev.modelgate.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.modelgate.connection.AwsPartition;
import dev.modelgate.connection.Region;
import dev.modelgate.validation.InvalidInputException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Property tests over seeded random model references (reproducible from the seed). */
class ModelReferencePropertyTest {

    private static final int CASES = 600;
    private static final List<Region> REGIONS = Region.all();
    private static final String LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final String[] PIECES = {"arn", ":", "aws", "aws-cn", "bedrock", "sagemaker", "us-east-1", "eu-west-1",
        "123456789012", "foundation-model", "inference-profile", "custom-model", "endpoint", "/", ".", "us", "global",
        "anthropic", "claude-3", "-", "v1", "0", " ", "\u00e9", "#", "A", "_", "abcdefghijkl", "imported", "\ud83d\ude00",
        "\u0000", "%2F", "::", "//"};

    @Test
    void randomValidReferences_roundTripWithKindRegionAccountAndModelIds() {
        SplittableRandom random = new SplittableRandom(31337L);
        for (int i = 0; i < CASES; i++) {
            Region region = REGIONS.get(random.nextInt(REGIONS.size()));
            ModelReference expected = randomReference(random, region);

            ModelReference parsed = ModelReferenceParser.parse(expected.raw(), region);

            assertThat(parsed).as(expected.raw()).isEqualTo(expected);
        }
    }

    @Test
    void randomStrings_neverThrowAnythingButInvalidInput_andValidateAgreesWithParse() {
        SplittableRandom random = new SplittableRandom(8080L);
        for (int i = 0; i < CASES * 3; i++) {
            String raw = random.nextInt(4) == 0 ? randomUnicode(random) : randomPieces(random);
            Region region = REGIONS.get(random.nextInt(REGIONS.size()));
            boolean valid = ModelReferenceParser.validate(raw, region).isEmpty();
            try {
                ModelReference reference = ModelReferenceParser.parse(raw, region);
                assertThat(valid).as(raw).isTrue();
                assertAcceptable(reference, raw, region);
            } catch (InvalidInputException refused) {
                assertThat(valid).as(raw).isFalse();
                assertThat(refused.violations()).allSatisfy(v -> assertThat(v.field()).isEqualTo("modelReference"));
            } catch (RuntimeException other) {
                fail("parse(\"%s\") threw %s", raw, other);
            }
        }
    }

    @Test
    void mutatedReferences_areRefusedOrStayInTheModelsRegion() {
        SplittableRandom random = new SplittableRandom(4711L);
        for (int i = 0; i < CASES; i++) {
            Region region = REGIONS.get(random.nextInt(REGIONS.size()));
            StringBuilder mutated = new StringBuilder(randomReference(random, region).raw());
            int at = random.nextInt(mutated.length() + 1);
            String piece = PIECES[random.nextInt(PIECES.length)];
            switch (random.nextInt(3)) {
                case 0 -> mutated.insert(at, piece);
                case 1 -> mutated.delete(at, Math.min(mutated.length(), at + 1 + random.nextInt(4)));
                default -> mutated.replace(at, Math.min(mutated.length(), at + piece.length()), piece);
            }
            String raw = mutated.toString();
            try {
                assertAcceptable(ModelReferenceParser.parse(raw, region), raw, region);
            } catch (InvalidInputException refused) {
                assertThat(refused.violations()).as(raw).isNotEmpty();
            }
        }
    }

    private static void assertAcceptable(ModelReference reference, String raw, Region region) {
        assertThat(reference.raw()).isEqualTo(raw);
        assertThat(raw).as("only characters Bedrock accepts").matches("[A-Za-z0-9_.:/-]{1,2048}");
        assertThat(reference.modelId()).isNotBlank();
        if (reference.kind().arn()) {
            assertThat(raw).startsWith("arn:" + region.partition().id() + ":");
            assertThat(reference.region()).isEqualTo(region);
        } else {
            assertThat(raw).doesNotContain("/");
        }
        if (reference.geoPrefix() != null) {
            assertThat(reference.geoPrefix().canServe(region)).as(raw).isTrue();
        }
        if (reference.baseModelId() != null) {
            assertThat(GeoPrefix.leading(reference.baseModelId())).as("base model of %s", raw).isEmpty();
        }
    }

    private static ModelReference randomReference(SplittableRandom random, Region region) {
        String arn = "arn:" + region.partition().id() + ":";
        String account = text(random, "0123456789", 12);
        String base = baseModelId(random);
        String id = text(random, LOWER_ALNUM, 12);
        List<GeoPrefix> geos = GeoPrefix.serving(region);
        ModelReferenceKind kind = ModelReferenceKind.values()[random.nextInt(ModelReferenceKind.values().length)];
        if (kind == ModelReferenceKind.MARKETPLACE_ENDPOINT_ARN && region.partition() != AwsPartition.AWS
                || kind.crossRegionProfile() && geos.isEmpty()) {
            kind = ModelReferenceKind.FOUNDATION_MODEL_ID;
        }
        GeoPrefix geo = geos.isEmpty() ? null : geos.get(random.nextInt(geos.size()));
        return switch (kind) {
            case FOUNDATION_MODEL_ID -> new ModelReference(base, kind, base, base, null, null, null);
            case FOUNDATION_MODEL_ARN -> new ModelReference(arn + "bedrock:" + region + "::foundation-model/" + base,
                    kind, base, base, null, region, null);
            case MARKETPLACE_MODEL_ARN -> {
                String name = text(random, "abcXYZ09", 1) + text(random, "abc-XYZ09", random.nextInt(30)) + "z";
                yield new ModelReference(arn + "bedrock:" + region + "::foundation-model/" + name, kind, name, null,
                        null, region, null);
            }
            case INFERENCE_PROFILE_ID -> new ModelReference(geo.prefix() + "." + base, kind, geo.prefix() + "." + base,
                    base, geo, null, null);
            case INFERENCE_PROFILE_ARN -> {
                String raw = arn + "bedrock:" + region + ":" + account + ":inference-profile/" + geo.prefix() + "." + base;
                yield new ModelReference(raw, kind, raw, base, geo, region, account);
            }
            case CUSTOM_MODEL_ARN -> {
                boolean imported = random.nextInt(4) == 0;
                String raw = arn + "bedrock:" + region + ":" + account + ":custom-model/" + (imported ? "imported" : base)
                        + "/" + id;
                yield new ModelReference(raw, kind, raw, imported ? null : base, null, region, account);
            }
            case MARKETPLACE_ENDPOINT_ARN -> {
                String raw = "arn:aws:sagemaker:" + region + ":" + account + ":endpoint/e-" + text(random, "aZ0-", 20) + "1";
                yield new ModelReference(raw, kind, raw, null, null, region, account);
            }
            case PROVISIONED_MODEL_ID -> new ModelReference(id, kind, id, null, null, null, null);
            default -> {
                String type = switch (kind) {
                    case APPLICATION_INFERENCE_PROFILE_ARN -> "application-inference-profile";
                    case PROVISIONED_MODEL_ARN -> "provisioned-model";
                    case CUSTOM_MODEL_DEPLOYMENT_ARN -> "custom-model-deployment";
                    default -> "imported-model";
                };
                String raw = arn + "bedrock:" + region + ":" + account + ":" + type + "/" + id;
                yield new ModelReference(raw, kind, raw, null, null, region, account);
            }
        };
    }

    /** provider.model[-suffix][:version], short enough to fit a 64-character profile ID with any geo prefix. */
    private static String baseModelId(SplittableRandom random) {
        String provider;
        do {
            provider = text(random, LOWER_ALNUM + "-", 1 + random.nextInt(10));
        } while (GeoPrefix.fromPrefix(provider).isPresent());
        String model = provider + "." + text(random, LOWER_ALNUM + "-", 1 + random.nextInt(25));
        if (random.nextBoolean()) {
            model += "." + text(random, LOWER_ALNUM, 1 + random.nextInt(5));
        }
        if (random.nextBoolean()) {
            model += ":" + text(random, LOWER_ALNUM, 1 + random.nextInt(4));
        }
        return model;
    }

    private static String randomPieces(SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        int count = random.nextInt(14);
        for (int i = 0; i < count; i++) {
            out.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return out.toString();
    }

    private static String randomUnicode(SplittableRandom random) {
        StringBuilder out = new StringBuilder();
        int count = random.nextInt(20);
        for (int i = 0; i < count; i++) {
            out.append((char) (random.nextBoolean() ? 0x20 + random.nextInt(0x60) : random.nextInt(0x10000)));
        }
        return out.toString();
    }

    private static String text(SplittableRandom random, String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }
}
