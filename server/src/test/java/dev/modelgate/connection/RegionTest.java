package dev.modelgate.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.validation.InvalidInputException;
import dev.modelgate.validation.Violation;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionTest {

    @Test
    void of_commercialRegion_isInPartitionAwsWithItsDnsSuffix() {
        Region region = Region.of("us-east-1");

        assertThat(region.partition()).isEqualTo(AwsPartition.AWS);
        assertThat(region.dnsSuffix()).isEqualTo("amazonaws.com");
        assertThat(region).hasToString("us-east-1");
    }

    @Test
    void of_chinaRegion_usesTheChinaDnsSuffix() {
        Region region = Region.of("cn-northwest-1");

        assertThat(region.partition()).isEqualTo(AwsPartition.AWS_CN);
        assertThat(region.dnsSuffix()).isEqualTo("amazonaws.com.cn");
        assertThat(region.partition().dualStackDnsSuffix()).isEqualTo("api.amazonwebservices.com.cn");
    }

    @Test
    void of_govCloudRegion_isInPartitionAwsUsGov() {
        assertThat(Region.of("us-gov-west-1").partition()).isEqualTo(AwsPartition.AWS_US_GOV);
        assertThat(Region.of("us-gov-east-1").dnsSuffix()).isEqualTo("amazonaws.com");
    }

    @Test
    void of_unknownRegion_suggestsTheClosestNames() {
        assertThat(violation("us-east-3")).isEqualTo(Violation.of("region", "unknown-region",
                "region \"us-east-3\" is not an AWS region; did you mean us-east-1, us-east-2?"));
    }

    @Test
    void of_uppercaseName_suggestsTheLowercaseOne() {
        assertThat(violation("EU-WEST-1").message())
                .isEqualTo("region \"EU-WEST-1\" is not an AWS region; did you mean eu-west-1?");
    }

    @Test
    void of_nameFarFromAnyRegion_pointsToAwsRegionList() {
        assertThat(violation("mars-north-1").message()).isEqualTo("region \"mars-north-1\" is not an AWS region "
                + "(see https://docs.aws.amazon.com/general/latest/gr/rande.html)");
    }

    @Test
    void of_isolatedPartitionRegion_isRefusedAsUnsupported() {
        assertThat(violation("us-iso-east-1")).isEqualTo(Violation.of("region", "unsupported-partition",
                "region \"us-iso-east-1\" is in the aws-iso partition, which Modelgate cannot reach; supported: "
                        + "aws, aws-cn or aws-us-gov"));
        assertThat(violation("eusc-de-east-1").rule()).isEqualTo("unsupported-partition");
    }

    @Test
    void of_blankOrNull_isBlank() {
        assertThat(violation("")).isEqualTo(Violation.of("region", "blank", "region must not be blank"));
        assertThat(violation(null).rule()).isEqualTo("blank");
    }

    @Test
    void of_partitionPseudoRegion_isNotARegion() {
        assertThat(violation("aws-global").rule()).isEqualTo("unknown-region");
    }

    @Test
    void find_knownAndUnknown() {
        assertThat(Region.find("ap-southeast-7")).contains(Region.of("ap-southeast-7"));
        assertThat(Region.find("ap-southeast-9")).isEmpty();
        assertThat(Region.find(null)).isEmpty();
    }

    @Test
    void all_listsEachRegionOfTheThreePartitionsOnce() {
        List<Region> all = Region.all();

        assertThat(all).hasSize(34 + 2 + 2);
        assertThat(new HashSet<>(all)).hasSameSizeAs(all);
        assertThat(AwsPartition.AWS_CN.regions()).containsExactly(Region.of("cn-north-1"), Region.of("cn-northwest-1"));
        for (AwsPartition partition : AwsPartition.values()) {
            assertThat(partition.regions()).allSatisfy(region -> assertThat(region.partition()).isEqualTo(partition));
        }
    }

    @Test
    void awsPartition_fromId_knowsOnlyTheSupportedPartitions() {
        assertThat(AwsPartition.fromId("aws-us-gov")).contains(AwsPartition.AWS_US_GOV);
        assertThat(AwsPartition.fromId("aws-iso")).isEmpty();
        assertThat(AwsPartition.AWS).hasToString("aws");
    }

    private static Violation violation(String id) {
        InvalidInputException thrown = catchThrowableOfType(InvalidInputException.class, () -> Region.of(id));
        assertThat(thrown).as("Region.of(%s)", id).isNotNull();
        assertThat(thrown.violations()).hasSize(1);
        return thrown.violations().getFirst();
    }
}
