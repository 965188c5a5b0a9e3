package dev.modelgate.emulator.bedrock;

import java.util.List;

/**
 * A cross-Region inference geography: the prefix of its system-defined profile IDs and its Regions, which are both the
 * Regions a profile can be called from and those it routes to.
 *
 * @param prefix  {@code us}, {@code eu}, {@code apac}, {@code global}, …
 * @param label   how profile names start, e.g. {@code US}
 * @param regions the member Regions; at most 5 unless the geography is global (a profile summary lists a model ARN
 *                per member Region, and the model allows at most 5)
 */
public record Geography(String prefix, String label, List<String> regions) {

    public Geography {
        if (prefix == null || !prefix.matches("[a-z][a-z-]*")) {
            throw new IllegalArgumentException("geography prefix must be lower-case letters, got \"" + prefix + "\"");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("geography " + prefix + " needs a label");
        }
        if (regions == null || regions.isEmpty()) {
            throw new IllegalArgumentException("geography " + prefix + " needs at least one Region");
        }
        regions = List.copyOf(regions);
        if (!"global".equals(prefix) && regions.size() > 5) {
            throw new IllegalArgumentException("geography " + prefix + " has " + regions.size()
                    + " Regions; a profile lists at most 5 model ARNs");
        }
    }

    /** Whether profiles of this geography route worldwide (their models include the Region-less model ARN). */
    public boolean global() {
        return "global".equals(prefix);
    }

    /** Whether a profile of this geography can be called from {@code region}. */
    public boolean includes(String region) {
        return regions.contains(region);
    }
}
