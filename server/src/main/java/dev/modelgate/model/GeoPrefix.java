package dev.modelgate.model;

import dev.modelgate.connection.AwsPartition;
import dev.modelgate.connection.Region;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The geography prefix of a cross-Region (system-defined) inference profile ID, {@code <prefix>.<model ID>}, and
 * the Regions from which such a profile can be called (its source Regions).
 *
 * <p>Sources: the prefixes and their Regions follow the AWS CDK's {@code CrossRegionInferenceProfileRegion}
 * ({@code aws-bedrock-alpha}, which also notes that APAC includes me-central-1) and PROTOCOL.md §4; {@code us.} is
 * also callable from ca-central-1 (AWS announced US and global profiles for Canada (Central), Nov. 2025). Which
 * models a geography offers varies: this check only refuses combinations that can never work.
 */
public enum GeoPrefix {

    /** United States: commercial {@code us-*} Regions, and ca-central-1. */
    US("us", "us-* Regions and ca-central-1",
            r -> commercial(r) && (r.id().startsWith("us-") || r.id().equals("ca-central-1"))),
    /** Europe: commercial {@code eu-*} Regions. */
    EU("eu", "eu-* Regions", r -> commercial(r) && r.id().startsWith("eu-")),
    /** Asia Pacific: {@code ap-*} Regions and Middle East (UAE), me-central-1. */
    APAC("apac", "ap-* Regions and me-central-1",
            r -> commercial(r) && (r.id().startsWith("ap-") || r.id().equals("me-central-1"))),
    /** AWS GovCloud (US): us-gov-east-1 and us-gov-west-1. */
    US_GOV("us-gov", "GovCloud Regions (us-gov-*)", r -> r.partition() == AwsPartition.AWS_US_GOV),
    /** Japan: ap-northeast-1 (Tokyo) and ap-northeast-3 (Osaka). */
    JP("jp", "ap-northeast-1 and ap-northeast-3", r -> List.of("ap-northeast-1", "ap-northeast-3").contains(r.id())),
    /** Australia: ap-southeast-2 (Sydney) and ap-southeast-4 (Melbourne). */
    AU("au", "ap-southeast-2 and ap-southeast-4", r -> List.of("ap-southeast-2", "ap-southeast-4").contains(r.id())),
    /** Global: any commercial Region. */
    GLOBAL("global", "commercial Regions (partition aws)", GeoPrefix::commercial);

    private final String prefix;
    private final String sourceRegions;
    private final Predicate<Region> canServe;

    GeoPrefix(String prefix, String sourceRegions, Predicate<Region> canServe) {
        this.prefix = prefix;
        this.sourceRegions = sourceRegions;
        this.canServe = canServe;
    }

    /** The prefix without its dot: {@code us}, {@code us-gov}, {@code global}. */
    public String prefix() {
        return prefix;
    }

    /** Whether a profile with this prefix can be called from {@code region}. */
    public boolean canServe(Region region) {
        return canServe.test(region);
    }

    /** The Regions this prefix serves, in words for messages: {@code eu-* Regions}. */
    public String sourceRegions() {
        return sourceRegions;
    }

    /** The geography whose prefix is {@code prefix} (without the dot), or empty. */
    public static Optional<GeoPrefix> fromPrefix(String prefix) {
        return Arrays.stream(values()).filter(geo -> geo.prefix.equals(prefix)).findFirst();
    }

    /**
     * The geography prefixes {@code id} starts with, outermost first: none for a model ID, one for a profile ID,
     * and more for a stacked one ({@code us.eu.anthropic.…} gives {@code [US, EU]}), which no profile is.
     */
    static List<GeoPrefix> leading(String id) {
        List<GeoPrefix> found = new ArrayList<>();
        int from = 0;
        for (int dot = id.indexOf('.'); dot >= 0; dot = id.indexOf('.', from)) {
            Optional<GeoPrefix> geo = fromPrefix(id.substring(from, dot));
            if (geo.isEmpty()) {
                break;
            }
            found.add(geo.get());
            from = dot + 1;
        }
        return found;
    }

    /** The prefixes that can be called from {@code region}, for suggestions. */
    public static List<GeoPrefix> serving(Region region) {
        return Arrays.stream(values()).filter(geo -> geo.canServe(region)).toList();
    }

    @Override
    public String toString() {
        return prefix + ".";
    }

    private static boolean commercial(Region region) {
        return region.partition() == AwsPartition.AWS;
    }
}
