package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.modelgate.validation.InvalidInputException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Property tests over seeded random endpoints (reproducible from the seed). The oracle, every genuine STS host and
 * its signing Region, is written out here independently of {@link StsEndpoint}.
 */
class StsEndpointPropertyTest {

    private static final int CASES = 2_000;
    private static final Map<String, String> GENUINE = genuineHosts();
    private static final List<String> HOSTS = List.copyOf(GENUINE.keySet());
    private static final String[] NASTY = {
        "@", ":", "/", "?", "#", "%", "\\", ".", "-", "a", "Z", "0", " ", "\t", "\u0430", "\u200b", "\uff0e", "@evil.com",
        ".evil.com", ":443", "http", "https://", "//", "sts.", "amazonaws.com", ".cn", "api.aws", "us-east-1", "[", "]",
        "%2e", "\u0000", "evil.com/", "sts-fips", "..", "\u212a", "\u0131", "\u017f",
    };

    @Test
    void everyGenuineHost_parsesToItselfAndItsSigningRegion() {
        for (Map.Entry<String, String> genuine : GENUINE.entrySet()) {
            Region signing = Region.of(genuine.getValue());
            for (String raw : List.of("https://" + genuine.getKey(), "https://" + genuine.getKey() + "/")) {
                StsEndpoint endpoint = StsEndpoint.parse(raw, signing);
                assertThat(endpoint.host()).as(raw).isEqualTo(genuine.getKey());
                assertThat(endpoint.signingRegion()).as(raw).isEqualTo(signing);
                assertThat(endpoint.url()).as(raw).isEqualTo("https://" + genuine.getKey());
            }
        }
    }

    @Test
    void mutatedEndpoints_areRefusedOrStillExactlyAGenuineHost() {
        SplittableRandom random = new SplittableRandom(20260418L);
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            String original = "https://" + HOSTS.get(random.nextInt(HOSTS.size())) + (random.nextBoolean() ? "/" : "");
            String mutated = mutate(original, random);
            Region modelRegion = randomRegion(random);
            StsEndpoint endpoint;
            try {
                endpoint = StsEndpoint.parse(mutated, modelRegion);
            } catch (InvalidInputException refused) {
                assertThat(refused.violations()).as(mutated).isNotEmpty()
                        .allSatisfy(v -> assertThat(v.field()).isEqualTo("stsEndpoint"));
                continue;
            }
            accepted++;
            assertAcceptedIsGenuine(mutated, endpoint, modelRegion);
        }
        assertThat(accepted).as("some mutations are harmless (e.g. one genuine host into another)").isPositive();
    }

    @Test
    void randomStrings_neverThrowAnythingButInvalidInput() {
        SplittableRandom random = new SplittableRandom(77L);
        for (int i = 0; i < CASES; i++) {
            StringBuilder raw = new StringBuilder(random.nextBoolean() ? "https://" : "");
            int pieces = random.nextInt(8);
            for (int p = 0; p < pieces; p++) {
                raw.append(NASTY[random.nextInt(NASTY.length)]);
            }
            String text = raw.toString();
            Region modelRegion = randomRegion(random);
            try {
                StsEndpoint endpoint = StsEndpoint.parse(text, modelRegion);
                if (text.isEmpty()) {
                    assertThat(endpoint).isEqualTo(StsEndpoint.regional(modelRegion));
                } else {
                    assertAcceptedIsGenuine(text, endpoint, modelRegion);
                }
            } catch (InvalidInputException expected) {
                // refused is fine
            } catch (RuntimeException other) {
                fail("parse(\"%s\") threw %s", text, other);
            }
        }
    }

    private static void assertAcceptedIsGenuine(String raw, StsEndpoint endpoint, Region modelRegion) {
        assertThat(GENUINE).as(raw).containsKey(endpoint.host());
        assertThat(endpoint.signingRegion().id()).as(raw).isEqualTo(GENUINE.get(endpoint.host()));
        assertThat(raw).as("only the canonical spelling is accepted").isIn(endpoint.url(), endpoint.url() + "/");
        assertThat(endpoint.signingRegion().partition()).as(raw).isEqualTo(modelRegion.partition());
        URI uri = URI.create(endpoint.url());
        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).isEqualTo(endpoint.host());
        assertThat(uri.getUserInfo()).isNull();
        assertThat(uri.getPort()).isEqualTo(-1);
        assertThat(uri.getRawPath()).isEmpty();
    }

    private static String mutate(String text, SplittableRandom random) {
        StringBuilder out = new StringBuilder(text);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int at = random.nextInt(out.length() + 1);
            switch (random.nextInt(6)) {
                case 0 -> out.insert(at, NASTY[random.nextInt(NASTY.length)]);
                case 1 -> {
                    if (at < out.length()) {
                        out.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < out.length()) {
                        out.setCharAt(at, NASTY[random.nextInt(NASTY.length)].charAt(0));
                    }
                }
                case 3 -> {
                    if (at < out.length()) {
                        out.setCharAt(at, Character.toUpperCase(out.charAt(at)));
                    }
                }
                case 4 -> out.append(NASTY[random.nextInt(NASTY.length)]);
                default -> {
                    String other = HOSTS.get(random.nextInt(HOSTS.size()));
                    int start = text.indexOf("://") + 3;
                    out.replace(start, Math.min(out.length(), start + other.length() / 2), other.substring(0, other.length() / 2));
                }
            }
        }
        return out.toString();
    }

    private static Region randomRegion(SplittableRandom random) {
        List<Region> all = Region.all();
        return all.get(random.nextInt(all.size()));
    }

    /** Host to signing Region, from endpoints.json and the STS endpoint rule set, spelled out longhand. */
    private static Map<String, String> genuineHosts() {
        Map<String, String> hosts = new LinkedHashMap<>();
        List<String> commercialFips = List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2");
        Set<String> govRegions = Set.of("us-gov-east-1", "us-gov-west-1");
        List<String> regions = new ArrayList<>();
        Region.all().forEach(r -> regions.add(r.id()));
        for (String region : regions) {
            boolean china = region.startsWith("cn-");
            hosts.put("sts." + region + (china ? ".amazonaws.com.cn" : ".amazonaws.com"), region);
            hosts.put("sts." + region + (china ? ".api.amazonwebservices.com.cn" : ".api.aws"), region);
            if (commercialFips.contains(region)) {
                hosts.put("sts-fips." + region + ".amazonaws.com", region);
            }
            if (commercialFips.contains(region) || govRegions.contains(region)) {
                hosts.put("sts-fips." + region + ".api.aws", region);
            }
        }
        hosts.put("sts.amazonaws.com", "us-east-1");
        return hosts;
    }
}
