package dev.modelgate.connection;

import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An AWS Region of a partition Modelgate supports ({@link AwsPartition}): {@code us-east-1}, {@code cn-north-1},
 * {@code us-gov-west-1}. Only Regions listed in botocore's {@code endpoints.json} exist; anything else is refused
 * with the closest known names.
 *
 * @param id the Region's name, lowercase, as in endpoints and ARNs
 */
public record Region(String id) {

    private static final Map<String, AwsPartition> PARTITIONS = new LinkedHashMap<>();
    /** The region patterns of the partitions left out (botocore's {@code regionRegex}), to say why they are refused. */
    private static final Map<String, Pattern> UNSUPPORTED_PARTITIONS = Map.of(
            "aws-iso", Pattern.compile("us-iso-\\w+-\\d+"), "aws-iso-b", Pattern.compile("us-isob-\\w+-\\d+"),
            "aws-iso-e", Pattern.compile("eu-isoe-\\w+-\\d+"), "aws-iso-f", Pattern.compile("us-isof-\\w+-\\d+"),
            "aws-eusc", Pattern.compile("eusc-de-\\w+-\\d+"));

    static {
        for (AwsPartition partition : AwsPartition.values()) {
            partition.regionIds().forEach(id -> PARTITIONS.put(id, partition));
        }
    }

    /**
     * Checks that {@code id} names a Region Modelgate knows.
     *
     * @throws InvalidInputException (field {@code region}) when {@code id} is blank or not a known Region
     */
    public Region {
        Optional<Violation> problem = problem("region", "region", id);
        if (problem.isPresent()) {
            throw new InvalidInputException(problem.get());
        }
    }

    /**
     * The Region named {@code id}.
     *
     * @throws InvalidInputException (field {@code region}, rule {@code blank}, {@code unknown-region} or
     *                               {@code unsupported-partition}) when {@code id} is not a Region Modelgate knows
     */
    public static Region of(String id) {
        return new Region(id);
    }

    /** The Region named {@code id}, or empty when there is none (no exception, no message). */
    public static Optional<Region> find(String id) {
        return id != null && PARTITIONS.containsKey(id) ? Optional.of(new Region(id)) : Optional.empty();
    }

    /** Every Region Modelgate knows, partition by partition. */
    public static List<Region> all() {
        return PARTITIONS.keySet().stream().map(Region::new).toList();
    }

    /** The partition this Region belongs to. */
    public AwsPartition partition() {
        return PARTITIONS.get(id);
    }

    /** The DNS suffix of this Region's endpoints: {@code amazonaws.com} or {@code amazonaws.com.cn}. */
    public String dnsSuffix() {
        return partition().dnsSuffix();
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * What is wrong with {@code id} as a Region, as a violation of {@code field}; empty when it is a known Region.
     * {@code subject} names the value in the message ("region", "STS endpoint region").
     */
    static Optional<Violation> problem(String field, String subject, String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of(Violation.of(field, "blank", subject + " must not be blank"));
        }
        if (PARTITIONS.containsKey(id)) {
            return Optional.empty();
        }
        for (Map.Entry<String, Pattern> partition : UNSUPPORTED_PARTITIONS.entrySet()) {
            if (partition.getValue().matcher(id).matches()) {
                return Optional.of(Violation.of(field, "unsupported-partition", subject + " " + Quoted.of(id)
                        + " is in the " + partition.getKey() + " partition, which Modelgate cannot reach; supported: "
                        + AwsPartition.idsForMessages()));
            }
        }
        List<String> close = closeMatches(id);
        return Optional.of(Violation.of(field, "unknown-region", subject + " " + Quoted.of(id) + " is not an AWS region"
                + (close.isEmpty() ? " (see https://docs.aws.amazon.com/general/latest/gr/rande.html)"
                : "; did you mean " + String.join(", ", close) + "?")));
    }

    /** Known Region names at the smallest edit distance from {@code id} (ignoring case), if that distance is at most 2. */
    static List<String> closeMatches(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        List<Map.Entry<String, Integer>> scored = new ArrayList<>();
        for (String known : PARTITIONS.keySet()) {
            scored.add(Map.entry(known, distance(lower, known)));
        }
        int best = scored.stream().mapToInt(Map.Entry::getValue).min().orElse(Integer.MAX_VALUE);
        if (best > 2) {
            return List.of();
        }
        return scored.stream().filter(e -> e.getValue() == best).map(Map.Entry::getKey)
                .sorted(Comparator.naturalOrder()).toList();
    }

    /** Levenshtein distance; inputs longer than a Region name are cut, which keeps it cheap for hostile input. */
    private static int distance(String a, String b) {
        String s = a.length() > 64 ? a.substring(0, 64) : a;
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (s.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
