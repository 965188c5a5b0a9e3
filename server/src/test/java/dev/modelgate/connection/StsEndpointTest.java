package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.net.URI;
import org.junit.jupiter.api.Test;

class StsEndpointTest {

    private static final Region US_EAST_1 = Region.of("us-east-1");
    private static final Region CN_NORTH_1 = Region.of("cn-north-1");
    private static final Region US_GOV_WEST_1 = Region.of("us-gov-west-1");

    @Test
    void parse_nullOrEmpty_isTheRegionalEndpointOfTheModelsRegion() {
        assertThat(StsEndpoint.parse(null, US_EAST_1).url()).isEqualTo("https://sts.us-east-1.amazonaws.com");
        assertThat(StsEndpoint.parse("", CN_NORTH_1).url()).isEqualTo("https://sts.cn-north-1.amazonaws.com.cn");
        assertThat(StsEndpoint.parse(null, US_GOV_WEST_1).signingRegion()).isEqualTo(US_GOV_WEST_1);
    }

    @Test
    void parse_regionalEndpointOfAnotherRegion_signsForThatRegion() {
        StsEndpoint endpoint = StsEndpoint.parse("https://sts.eu-west-1.amazonaws.com", US_EAST_1);

        assertThat(endpoint.signingRegion()).isEqualTo(Region.of("eu-west-1"));
        assertThat(endpoint.uri()).isEqualTo(URI.create("https://sts.eu-west-1.amazonaws.com"));
        assertThat(endpoint.fips()).isFalse();
        assertThat(endpoint.dualStack()).isFalse();
        assertThat(endpoint.global()).isFalse();
    }

    @Test
    void parse_trailingSlash_isDroppedFromTheCanonicalUrl() {
        assertThat(StsEndpoint.parse("https://sts.us-west-2.amazonaws.com/", US_EAST_1))
                .hasToString("https://sts.us-west-2.amazonaws.com");
    }

    @Test
    void parse_globalEndpoint_signsForUsEast1() {
        StsEndpoint endpoint = StsEndpoint.parse("https://sts.amazonaws.com", Region.of("ap-southeast-2"));

        assertThat(endpoint.global()).isTrue();
        assertThat(endpoint.signingRegion()).isEqualTo(US_EAST_1);
    }

    @Test
    void parse_fipsAndDualStackEndpoints() {
        StsEndpoint fips = StsEndpoint.parse("https://sts-fips.us-west-2.amazonaws.com", US_EAST_1);
        StsEndpoint dualStack = StsEndpoint.parse("https://sts.eu-central-2.api.aws", US_EAST_1);
        StsEndpoint both = StsEndpoint.parse("https://sts-fips.us-east-2.api.aws/", US_EAST_1);

        assertThat(fips.fips()).isTrue();
        assertThat(fips.dualStack()).isFalse();
        assertThat(dualStack.dualStack()).isTrue();
        assertThat(dualStack.signingRegion()).isEqualTo(Region.of("eu-central-2"));
        assertThat(both.fips()).isTrue();
        assertThat(both.dualStack()).isTrue();
    }

    @Test
    void parse_chinaEndpoints() {
        assertThat(StsEndpoint.parse("https://sts.cn-northwest-1.amazonaws.com.cn", CN_NORTH_1).signingRegion())
                .isEqualTo(Region.of("cn-northwest-1"));
        assertThat(StsEndpoint.parse("https://sts.cn-north-1.api.amazonwebservices.com.cn", CN_NORTH_1).dualStack())
                .isTrue();
    }

    @Test
    void parse_govCloudEndpoints_regionalOneIsFips() {
        assertThat(StsEndpoint.parse("https://sts.us-gov-west-1.amazonaws.com", US_GOV_WEST_1).fips()).isTrue();
        assertThat(StsEndpoint.parse("https://sts.us-gov-east-1.api.aws", US_GOV_WEST_1).fips()).isFalse();
        assertThat(StsEndpoint.parse("https://sts-fips.us-gov-east-1.api.aws", US_GOV_WEST_1).fips()).isTrue();
    }

    @Test
    void parse_govCloudFipsHostname_pointsToTheRegionalOne() {
        assertThat(violations("https://sts-fips.us-gov-west-1.amazonaws.com", US_GOV_WEST_1)).containsExactly(
                violation("no-fips-endpoint", "STS endpoint \"sts-fips.us-gov-west-1.amazonaws.com\" does not exist: in "
                        + "GovCloud the regional endpoint https://sts.us-gov-west-1.amazonaws.com is the FIPS endpoint, "
                        + "got \"https://sts-fips.us-gov-west-1.amazonaws.com\""));
    }

    @Test
    void parse_fipsWhereStsHasNone_isRefused() {
        assertThat(violations("https://sts-fips.eu-west-1.amazonaws.com", US_EAST_1)).containsExactly(
                violation("no-fips-endpoint", "STS endpoint \"sts-fips.eu-west-1.amazonaws.com\" does not exist: STS has "
                        + "FIPS endpoints only in us-east-1, us-east-2, us-west-1 and us-west-2, "
                        + "got \"https://sts-fips.eu-west-1.amazonaws.com\""));
        assertThat(rules("https://sts-fips.cn-north-1.amazonaws.com.cn", CN_NORTH_1)).containsExactly("no-fips-endpoint");
    }

    @Test
    void parse_userinfo_isRefused() {
        assertThat(violations("https://sts.us-east-1.amazonaws.com@evil.com", US_EAST_1)).containsExactly(
                violation("userinfo", "STS endpoint must not contain user information (\"…@\"); the host would be what "
                        + "follows the @, got \"https://sts.us-east-1.amazonaws.com@evil.com\""));
    }

    @Test
    void parse_lookalikeSuffix_isNotAnStsHost() {
        assertThat(violations("https://sts.us-east-1.amazonaws.com.evil.com", US_EAST_1)).containsExactly(
                violation("not-sts-host", "STS endpoint must be an AWS STS endpoint such as "
                        + "https://sts.us-east-1.amazonaws.com, but host \"sts.us-east-1.amazonaws.com.evil.com\" is not "
                        + "one, got \"https://sts.us-east-1.amazonaws.com.evil.com\""));
        assertThat(rules("https://sts.us-east-1.amazonaws.com.", US_EAST_1)).containsExactly("not-sts-host");
        assertThat(rules("https://evil.com", US_EAST_1)).containsExactly("not-sts-host");
        assertThat(rules("https://bedrock-runtime.us-east-1.amazonaws.com", US_EAST_1)).containsExactly("not-sts-host");
    }

    @Test
    void parse_ipAddresses_areNotStsHosts() {
        assertThat(rules("https://52.94.236.248", US_EAST_1)).containsExactly("not-sts-host");
        assertThat(rules("https://[::1]", US_EAST_1)).containsExactly("not-sts-host");
        assertThat(rules("https://[::1]:443", US_EAST_1)).containsExactly("not-sts-host");
    }

    @Test
    void parse_httpOrNoScheme_isRefused() {
        assertThat(violations("http://sts.us-east-1.amazonaws.com", US_EAST_1)).containsExactly(
                violation("scheme", "STS endpoint must use https://, got \"http://sts.us-east-1.amazonaws.com\""));
        assertThat(violations("sts.us-east-1.amazonaws.com", US_EAST_1)).containsExactly(
                violation("scheme", "STS endpoint must start with https:// (for example https://sts.us-east-1.amazonaws.com), "
                        + "got \"sts.us-east-1.amazonaws.com\""));
        assertThat(rules("ftp://sts.us-east-1.amazonaws.com", US_EAST_1)).containsExactly("scheme");
        assertThat(rules("https:/sts.us-east-1.amazonaws.com", US_EAST_1)).containsExactly("scheme");
    }

    @Test
    void parse_portPathQueryFragment_areRefused() {
        assertThat(violations("https://sts.us-east-1.amazonaws.com:443", US_EAST_1)).containsExactly(
                violation("port", "STS endpoint must not name a port (STS listens on 443), "
                        + "got \"https://sts.us-east-1.amazonaws.com:443\""));
        assertThat(violations("https://sts.us-east-1.amazonaws.com/x", US_EAST_1)).containsExactly(
                violation("path", "STS endpoint must not have a path, query or fragment (found \"/x\"), "
                        + "got \"https://sts.us-east-1.amazonaws.com/x\""));
        assertThat(rules("https://sts.us-east-1.amazonaws.com?Action=AssumeRole", US_EAST_1)).containsExactly("path");
        assertThat(rules("https://sts.us-east-1.amazonaws.com#x", US_EAST_1)).containsExactly("path");
        assertThat(rules("https://sts.us-east-1.amazonaws.com//", US_EAST_1)).containsExactly("path");
        assertThat(rules("https://sts.us-east-1.amazonaws.com:8443/x", US_EAST_1)).containsExactly("path", "port");
    }

    @Test
    void parse_backslashAndPercentEncoding_areRefused() {
        assertThat(violations("https://sts.us-east-1.amazonaws.com\\@evil.com", US_EAST_1)).containsExactly(
                violation("invalid-character", "STS endpoint may contain only printable ASCII without \\ or %, found '\\' "
                        + "(U+005C) at index 35, got \"https://sts.us-east-1.amazonaws.com\\\\@evil.com\""));
        assertThat(rules("https://sts.us-east-1.amazonaws%2ecom", US_EAST_1)).containsExactly("invalid-character");
    }

    @Test
    void parse_unicodeLookalike_isRefusedWithItsCodePoint() {
        assertThat(violations("https://sts.us-e\u0430st-1.amazonaws.com", US_EAST_1)).containsExactly(
                violation("invalid-character", "STS endpoint may contain only printable ASCII without \\ or %, found 'а' "
                        + "(U+0430) at index 16, got \"https://sts.us-e\\u0430st-1.amazonaws.com\""));
        assertThat(rules("https://sts.us-east-1.amazonaws.com\u200b", US_EAST_1)).containsExactly("invalid-character");
        assertThat(rules("https://sts.us-east-1.amazonaws.com\uff0fx", US_EAST_1)).containsExactly("invalid-character");
    }

    @Test
    void parse_uppercase_isRefused() {
        assertThat(violations("https://STS.us-east-1.amazonaws.com", US_EAST_1)).containsExactly(
                violation("uppercase", "STS endpoint must be written in lowercase, got \"https://STS.us-east-1.amazonaws.com\""));
        assertThat(rules("HTTPS://sts.amazonaws.com", US_EAST_1)).containsExactly("uppercase");
    }

    @Test
    void parse_whitespace_isRefused() {
        assertThat(violations(" https://sts.us-east-1.amazonaws.com", US_EAST_1)).containsExactly(
                violation("whitespace", "STS endpoint must not contain whitespace (found leading whitespace), "
                        + "got \" https://sts.us-east-1.amazonaws.com\""));
        assertThat(rules("https://sts.us-east-1.amazonaws.com\n", US_EAST_1)).containsExactly("whitespace");
        assertThat(rules("https://sts.us-east-1.amazon\taws.com", US_EAST_1)).containsExactly("whitespace");
        assertThat(rules("   ", US_EAST_1)).containsExactly("whitespace");
    }

    @Test
    void parse_unknownRegion_suggestsCloseOnes() {
        assertThat(violations("https://sts.us-east-3.amazonaws.com", US_EAST_1)).containsExactly(Violation.of("stsEndpoint",
                "unknown-region", "STS endpoint region \"us-east-3\" is not an AWS region; did you mean us-east-1, us-east-2?"));
        assertThat(rules("https://sts.us-iso-east-1.amazonaws.com", US_EAST_1)).containsExactly("unsupported-partition");
    }

    @Test
    void parse_regionOfAnotherPartition_isRefused() {
        assertThat(violations("https://sts.cn-north-1.amazonaws.com.cn", US_EAST_1)).containsExactly(
                violation("partition-mismatch", "STS endpoint must be in the model's partition (aws), but cn-north-1 is in "
                        + "aws-cn, got \"https://sts.cn-north-1.amazonaws.com.cn\""));
        assertThat(rules("https://sts.us-east-1.amazonaws.com", US_GOV_WEST_1)).containsExactly("partition-mismatch");
        assertThat(violations("https://sts.amazonaws.com", CN_NORTH_1)).containsExactly(
                violation("partition-mismatch", "STS endpoint must be in the model's partition (aws-cn), but the global "
                        + "endpoint sts.amazonaws.com is in aws, got \"https://sts.amazonaws.com\""));
    }

    @Test
    void parse_dnsSuffixOfAnotherPartition_isRefused() {
        assertThat(violations("https://sts.cn-north-1.amazonaws.com", CN_NORTH_1)).containsExactly(
                violation("dns-suffix-mismatch", "STS endpoint hosts in cn-north-1 end in .amazonaws.com.cn or "
                        + ".api.amazonwebservices.com.cn, not .amazonaws.com, got \"https://sts.cn-north-1.amazonaws.com\""));
        assertThat(rules("https://sts.us-east-1.amazonaws.com.cn", US_EAST_1)).containsExactly("dns-suffix-mismatch");
    }

    @Test
    void parse_throwsWithEveryViolation() {
        assertThatThrownBy(() -> StsEndpoint.parse("http://sts.us-east-1.amazonaws.com:80/", US_EAST_1))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.violations())
                        .extracting(Violation::rule).containsExactly("scheme", "port"));
    }

    @Test
    void constructor_refusesAHostThatIsNotAnStsEndpointOfTheRegion() {
        assertThatThrownBy(() -> new StsEndpoint("evil.com", US_EAST_1)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new StsEndpoint("sts.amazonaws.com", Region.of("eu-west-1")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(StsEndpoint.regional(Region.of("ca-west-1")).url()).isEqualTo("https://sts.ca-west-1.amazonaws.com");
    }

    private static java.util.List<Violation> violations(String raw, Region modelRegion) {
        return StsEndpoint.validate(raw, modelRegion);
    }

    private static java.util.List<String> rules(String raw, Region modelRegion) {
        return StsEndpoint.validate(raw, modelRegion).stream().map(Violation::rule).toList();
    }

    private static Violation violation(String rule, String message) {
        return Violation.of("stsEndpoint", rule, message);
    }
}
