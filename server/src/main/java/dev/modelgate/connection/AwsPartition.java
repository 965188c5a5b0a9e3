package dev.modelgate.connection;

import java.util.List;
import java.util.Optional;

/**
 * The AWS partitions Modelgate can reach, with their DNS suffixes and Regions.
 *
 * <p>Data from botocore's {@code endpoints.json} (commit 0e6e2404b85dc336dd2889814e089bde7d1a4c55, the copy in
 * {@code shared/aws/models/}). The isolated partitions ({@code aws-iso*}) and the European Sovereign Cloud
 * ({@code aws-eusc}) are left out on purpose: they are not reachable from the public internet, so a tenant there
 * could not use a hosted Modelgate.
 */
public enum AwsPartition {

    /** The commercial partition. */
    AWS("aws", "amazonaws.com", "api.aws", List.of(
            "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
            "ap-south-1", "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
            "ap-southeast-5", "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "eu-central-1",
            "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2", "eu-west-3",
            "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
            "us-west-1", "us-west-2")),

    /** AWS China (Beijing, Ningxia). */
    AWS_CN("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn", List.of("cn-north-1", "cn-northwest-1")),

    /** AWS GovCloud (US). */
    AWS_US_GOV("aws-us-gov", "amazonaws.com", "api.aws", List.of("us-gov-east-1", "us-gov-west-1"));

    private final String id;
    private final String dnsSuffix;
    private final String dualStackDnsSuffix;
    private final List<String> regionIds;

    AwsPartition(String id, String dnsSuffix, String dualStackDnsSuffix, List<String> regionIds) {
        this.id = id;
        this.dnsSuffix = dnsSuffix;
        this.dualStackDnsSuffix = dualStackDnsSuffix;
        this.regionIds = regionIds;
    }

    /** The partition as written in ARNs: {@code aws}, {@code aws-cn}, {@code aws-us-gov}. */
    public String id() {
        return id;
    }

    /** The DNS suffix of regional endpoints: {@code amazonaws.com}, or {@code amazonaws.com.cn} in China. */
    public String dnsSuffix() {
        return dnsSuffix;
    }

    /** The DNS suffix of dual-stack (IPv4 and IPv6) endpoints: {@code api.aws}, or {@code api.amazonwebservices.com.cn}. */
    public String dualStackDnsSuffix() {
        return dualStackDnsSuffix;
    }

    /** The Regions of this partition, sorted by name. */
    public List<Region> regions() {
        return regionIds.stream().map(Region::of).toList();
    }

    List<String> regionIds() {
        return regionIds;
    }

    /** The partition whose ARN name is {@code id} ({@code "aws-cn"}), or empty when Modelgate does not support it. */
    public static Optional<AwsPartition> fromId(String id) {
        for (AwsPartition partition : values()) {
            if (partition.id.equals(id)) {
                return Optional.of(partition);
            }
        }
        return Optional.empty();
    }

    /** The supported partitions' ARN names, for messages: {@code aws, aws-cn or aws-us-gov}. */
    public static String idsForMessages() {
        return "aws, aws-cn or aws-us-gov";
    }

    @Override
    public String toString() {
        return id;
    }
}
