package dev.modelgate.connection;

import dev.modelgate.validation.Quoted;
import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The AWS STS endpoint Modelgate sends a tenant's {@code AssumeRole} to. Because Modelgate signs that request with
 * its own credentials, a tenant may choose only among genuine STS hostnames; the value is parsed strictly by hand,
 * never by a lenient URL parser.
 *
 * <p>Accepted, for a Region {@code R} of the model's partition (and an optional trailing {@code /}):
 * <ul>
 *   <li>{@code https://sts.R.amazonaws.com} ({@code .amazonaws.com.cn} in China), the regional endpoint;</li>
 *   <li>{@code https://sts.R.api.aws} ({@code .api.amazonwebservices.com.cn} in China), dual-stack;</li>
 *   <li>{@code https://sts-fips.R.amazonaws.com} where endpoints.json lists a FIPS endpoint (us-east-1, us-east-2,
 *       us-west-1, us-west-2; in GovCloud the regional endpoint is itself the FIPS one);</li>
 *   <li>{@code https://sts-fips.R.api.aws} for those Regions and GovCloud's (the rule set's FIPS + dual-stack form);</li>
 *   <li>{@code https://sts.amazonaws.com}, the global endpoint, signed for us-east-1 (partition aws only).</li>
 * </ul>
 *
 * @param host          the endpoint's hostname, lowercase
 * @param signingRegion the Region the request is signed for: the host's Region, or us-east-1 for the global endpoint
 */
public record StsEndpoint(String host, Region signingRegion) {

    private static final String FIELD = "stsEndpoint";
    private static final String GLOBAL_HOST = "sts.amazonaws.com";
    private static final Region GLOBAL_SIGNING_REGION = Region.of("us-east-1");
    private static final Set<String> FIPS_REGIONS = Set.of("us-east-1", "us-east-2", "us-west-1", "us-west-2");
    private static final Set<String> FIPS_DUAL_STACK_REGIONS = Set.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "us-gov-east-1", "us-gov-west-1");
    private static final Pattern REGIONAL_HOST = Pattern.compile(
            "(sts|sts-fips)\\.([a-z0-9-]+)\\.(amazonaws\\.com|amazonaws\\.com\\.cn|api\\.aws|api\\.amazonwebservices\\.com\\.cn)");

    /**
     * Checks that {@code host} is one of {@code signingRegion}'s STS hosts.
     *
     * @throws InvalidInputException (field {@code stsEndpoint}, rule {@code not-sts-host}) when {@code host} is not
     *                               an STS endpoint of {@code signingRegion}
     */
    public StsEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(signingRegion, "signingRegion");
        if (!hosts(signingRegion).contains(host)) {
            throw new InvalidInputException(Violation.of(FIELD, "not-sts-host", "STS endpoint " + Quoted.of(host)
                    + " is not an STS endpoint of " + signingRegion));
        }
    }

    /** The regional endpoint of {@code region}: {@code https://sts.<region>.amazonaws.com} (or {@code .com.cn}). */
    public static StsEndpoint regional(Region region) {
        return new StsEndpoint("sts." + region.id() + "." + region.dnsSuffix(), region);
    }

    /**
     * Reads the STS endpoint a tenant entered for a model in {@code modelRegion}. {@code null} or {@code ""} means
     * the regional endpoint of {@code modelRegion}. The endpoint may be in another Region than the model's, but
     * not in another partition.
     *
     * @throws InvalidInputException (field {@code stsEndpoint}) with every rule the value breaks: {@code whitespace},
     *                               {@code invalid-character}, {@code uppercase}, {@code scheme}, {@code userinfo},
     *                               {@code port}, {@code path}, {@code not-sts-host}, {@code unknown-region},
     *                               {@code unsupported-partition}, {@code partition-mismatch},
     *                               {@code dns-suffix-mismatch}, {@code no-fips-endpoint}
     */
    public static StsEndpoint parse(String raw, Region modelRegion) {
        List<Violation> violations = new ArrayList<>();
        StsEndpoint endpoint = read(raw, modelRegion, violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return endpoint;
    }

    /** Every rule {@code raw} breaks, as {@link #parse} would report them; empty when it is acceptable. */
    public static List<Violation> validate(String raw, Region modelRegion) {
        List<Violation> violations = new ArrayList<>();
        read(raw, modelRegion, violations);
        return violations;
    }

    /** The canonical URL: {@code https://} and the host, no trailing slash. */
    public String url() {
        return "https://" + host;
    }

    /** {@link #url()} as a {@link URI}. */
    public URI uri() {
        return URI.create(url());
    }

    /** Whether this is the global endpoint {@code sts.amazonaws.com}. */
    public boolean global() {
        return host.equals(GLOBAL_HOST);
    }

    /** Whether this is a dual-stack (IPv4 and IPv6) endpoint. */
    public boolean dualStack() {
        return host.endsWith("." + signingRegion.partition().dualStackDnsSuffix()) && !global();
    }

    /** Whether this endpoint is FIPS 140 validated: the {@code sts-fips} hosts and GovCloud's regional hosts. */
    public boolean fips() {
        return host.startsWith("sts-fips.") || signingRegion.partition() == AwsPartition.AWS_US_GOV && !dualStack();
    }

    @Override
    public String toString() {
        return url();
    }

    /** Every STS host {@code region} has, the global one included for us-east-1. */
    static Set<String> hosts(Region region) {
        AwsPartition partition = region.partition();
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add("sts." + region.id() + "." + partition.dnsSuffix());
        hosts.add("sts." + region.id() + "." + partition.dualStackDnsSuffix());
        if (FIPS_REGIONS.contains(region.id())) {
            hosts.add("sts-fips." + region.id() + "." + partition.dnsSuffix());
        }
        if (FIPS_DUAL_STACK_REGIONS.contains(region.id())) {
            hosts.add("sts-fips." + region.id() + "." + partition.dualStackDnsSuffix());
        }
        if (region.equals(GLOBAL_SIGNING_REGION)) {
            hosts.add(GLOBAL_HOST);
        }
        return hosts;
    }

    private static StsEndpoint read(String raw, Region modelRegion, List<Violation> violations) {
        Objects.requireNonNull(modelRegion, "modelRegion");
        if (raw == null || raw.isEmpty()) {
            return regional(modelRegion);
        }
        if (!lexicallyClean(raw, violations)) {
            return null;
        }
        String example = regional(modelRegion).url();
        String text = raw.toLowerCase(Locale.ROOT);
        String rest;
        if (text.startsWith("https://")) {
            rest = text.substring("https://".length());
        } else if (text.startsWith("http://")) {
            violations.add(violation("scheme", "STS endpoint must use https://", raw));
            rest = text.substring("http://".length());
        } else {
            violations.add(violation("scheme", "STS endpoint must start with https:// (for example " + example + ")", raw));
            return null;
        }
        int end = firstIndexOfAny(rest, "/?#");
        int hostEnd = text.length() - rest.length() + end;
        if (!raw.substring(0, hostEnd).equals(text.substring(0, hostEnd))) {
            violations.add(violation("uppercase", "STS endpoint must be written in lowercase", raw));
        }
        String authority = rest.substring(0, end);
        String tail = rest.substring(end);
        if (!tail.isEmpty() && !tail.equals("/")) {
            violations.add(violation("path", "STS endpoint must not have a path, query or fragment (found "
                    + Quoted.of(tail) + ")", raw));
        }
        if (authority.indexOf('@') >= 0) {
            violations.add(violation("userinfo", "STS endpoint must not contain user information (\"…@\"); the host "
                    + "would be what follows the @", raw));
            return null;
        }
        String host = authority;
        int colon = authority.indexOf(':');
        if (colon >= 0 && authority.indexOf('[') < 0) {
            violations.add(violation("port", "STS endpoint must not name a port (STS listens on 443)", raw));
            host = authority.substring(0, colon);
        }
        Optional<StsEndpoint> endpoint = checkHost(host, raw, modelRegion, example, violations);
        return violations.isEmpty() ? endpoint.orElse(null) : null;
    }

    private static Optional<StsEndpoint> checkHost(String host, String raw, Region modelRegion, String example,
                                                   List<Violation> violations) {
        AwsPartition partition = modelRegion.partition();
        if (host.equals(GLOBAL_HOST)) {
            if (partition != AwsPartition.AWS) {
                violations.add(violation("partition-mismatch", "STS endpoint must be in the model's partition ("
                        + partition + "), but the global endpoint sts.amazonaws.com is in aws", raw));
            }
            return Optional.of(new StsEndpoint(host, GLOBAL_SIGNING_REGION));
        }
        Matcher matcher = REGIONAL_HOST.matcher(host);
        if (!matcher.matches()) {
            violations.add(violation("not-sts-host", "STS endpoint must be an AWS STS endpoint such as " + example
                    + ", but host " + Quoted.of(host) + " is not one", raw));
            return Optional.empty();
        }
        Optional<Violation> unknown = Region.problem(FIELD, "STS endpoint region", matcher.group(2));
        if (unknown.isPresent()) {
            violations.add(unknown.get());
            return Optional.empty();
        }
        Region region = Region.of(matcher.group(2));
        AwsPartition hostPartition = region.partition();
        String suffix = matcher.group(3);
        if (hostPartition != partition) {
            violations.add(violation("partition-mismatch", "STS endpoint must be in the model's partition (" + partition
                    + "), but " + region + " is in " + hostPartition, raw));
        } else if (!suffix.equals(hostPartition.dnsSuffix()) && !suffix.equals(hostPartition.dualStackDnsSuffix())) {
            violations.add(violation("dns-suffix-mismatch", "STS endpoint hosts in " + region + " end in ."
                    + hostPartition.dnsSuffix() + " or ." + hostPartition.dualStackDnsSuffix() + ", not ." + suffix, raw));
        } else if (!hosts(region).contains(host)) {
            violations.add(violation("no-fips-endpoint", "STS endpoint " + Quoted.of(host) + " does not exist: "
                    + (hostPartition == AwsPartition.AWS_US_GOV
                    ? "in GovCloud the regional endpoint https://sts." + region + ".amazonaws.com is the FIPS endpoint"
                    : "STS has FIPS endpoints only in us-east-1, us-east-2, us-west-1 and us-west-2"), raw));
        }
        return violations.isEmpty() ? Optional.of(new StsEndpoint(host, region)) : Optional.empty();
    }

    private static boolean lexicallyClean(String raw, List<Violation> violations) {
        String whitespace = Quoted.whitespace(raw);
        if (whitespace != null) {
            violations.add(violation("whitespace", "STS endpoint must not contain whitespace (found " + whitespace + ")", raw));
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c < 0x21 || c > 0x7E || c == '\\' || c == '%') && !Quoted.isWhitespace(c)) {
                violations.add(violation("invalid-character", "STS endpoint may contain only printable ASCII without "
                        + "\\ or %, found " + Quoted.character(raw, i) + " at index " + i, raw));
                break;
            }
        }
        return violations.isEmpty();
    }

    private static int firstIndexOfAny(String text, String characters) {
        for (int i = 0; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static Violation violation(String rule, String sentence, String raw) {
        return Violation.of(FIELD, rule, sentence + ", got " + Quoted.of(raw));
    }
}
