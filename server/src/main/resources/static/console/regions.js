// The AWS Regions where Amazon Bedrock runs, for the Region and STS endpoint pickers. A model in a Region that is not
// listed here (an older edit, a new Region) is still shown: the pickers add the model's own value.

export const REGIONS = [
  ['us-east-1', 'US East (N. Virginia)'],
  ['us-east-2', 'US East (Ohio)'],
  ['us-west-1', 'US West (N. California)'],
  ['us-west-2', 'US West (Oregon)'],
  ['ca-central-1', 'Canada (Central)'],
  ['sa-east-1', 'South America (São Paulo)'],
  ['eu-central-1', 'Europe (Frankfurt)'],
  ['eu-central-2', 'Europe (Zurich)'],
  ['eu-west-1', 'Europe (Ireland)'],
  ['eu-west-2', 'Europe (London)'],
  ['eu-west-3', 'Europe (Paris)'],
  ['eu-north-1', 'Europe (Stockholm)'],
  ['eu-south-1', 'Europe (Milan)'],
  ['eu-south-2', 'Europe (Spain)'],
  ['ap-northeast-1', 'Asia Pacific (Tokyo)'],
  ['ap-northeast-2', 'Asia Pacific (Seoul)'],
  ['ap-northeast-3', 'Asia Pacific (Osaka)'],
  ['ap-south-1', 'Asia Pacific (Mumbai)'],
  ['ap-south-2', 'Asia Pacific (Hyderabad)'],
  ['ap-southeast-1', 'Asia Pacific (Singapore)'],
  ['ap-southeast-2', 'Asia Pacific (Sydney)'],
  ['me-central-1', 'Middle East (UAE)'],
  ['us-gov-west-1', 'AWS GovCloud (US-West)'],
  ['us-gov-east-1', 'AWS GovCloud (US-East)'],
];

export function regionName(id) {
  const found = REGIONS.find(([code]) => code === id);
  return found ? found[1] : id;
}

/** The regional STS endpoint of a Region. */
export function stsEndpointOf(region) {
  return region.startsWith('cn-') ? `https://sts.${region}.amazonaws.com.cn` : `https://sts.${region}.amazonaws.com`;
}
