/**
 * Commercial AWS regions where ECS runs, offered in the region picker when main does not
 * send its own list. Main's list (from the profile's partition) wins when present.
 */
export const KNOWN_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'ca-central-1', 'ca-west-1', 'mx-central-1', 'sa-east-1',
  'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-central-1', 'eu-central-2',
  'eu-north-1', 'eu-south-1', 'eu-south-2',
  'me-south-1', 'me-central-1', 'il-central-1', 'af-south-1',
  'ap-east-1', 'ap-east-2', 'ap-south-1', 'ap-south-2',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7',
];

/** The regions to offer: main's list or the known one, always including `current`. */
export function regionChoices(fromMain: readonly string[], current: string | null | undefined): string[] {
  const base = fromMain.length ? [...fromMain] : [...KNOWN_REGIONS];
  if (current && !base.includes(current)) base.unshift(current);
  return base;
}
