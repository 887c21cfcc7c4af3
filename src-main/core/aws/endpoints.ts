/**
 * Endpoint overrides, resolved by Wharf itself rather than left to the SDK, so the UI can tell
 * the user which endpoint a profile talks to (LocalStack, the Demo sim, a VPC endpoint).
 *
 * Precedence is the SDKs' documented one:
 *   1. AWS_ENDPOINT_URL_<SERVICE>   (environment, service-specific)
 *   2. AWS_ENDPOINT_URL             (environment, global)
 *   3. the profile's `services` section: `<service> =` then `  endpoint_url = ...`
 *   4. the profile's `endpoint_url`
 * and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / `ignore_configured_endpoint_urls = true` turn all
 * four off. Clients built without an override are told to ignore configured endpoints, so the
 * SDK never picks one up from a different profile than the one Wharf opened.
 */

/** The services Wharf calls, by the key used in env names (AWS_ENDPOINT_URL_<KEY>). */
export const SERVICE_IDS = ['ECS', 'ECR', 'CLOUDWATCH', 'CLOUDWATCH_LOGS', 'STS', 'KMS', 'EKS', 'ELASTIC_LOAD_BALANCING_V2', 'EVENTBRIDGE', 'SQS'] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

export type EndpointOverrides = Partial<Record<ServiceId, string>>;

/** A profile section as the shared-ini loader returns it (sub-section keys are `ecs.endpoint_url`). */
export type IniSection = Record<string, string | undefined>;

export interface EndpointSources {
  env: Record<string, string | undefined>;
  /** The profile's own section, or undefined for the environment / Demo entries. */
  profile?: IniSection;
  /** The `[services X]` section the profile names with `services = X`, when present. */
  servicesSection?: IniSection;
}

export function resolveEndpointOverrides({ env, profile, servicesSection }: EndpointSources): EndpointOverrides {
  if (isTrue(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS) || isTrue(profile?.ignore_configured_endpoint_urls)) return {};
  const overrides: EndpointOverrides = {};
  for (const id of SERVICE_IDS) {
    const url =
      nonEmpty(env[`AWS_ENDPOINT_URL_${id}`]) ??
      nonEmpty(env.AWS_ENDPOINT_URL) ??
      nonEmpty(servicesSection?.[`${id.toLowerCase()}.endpoint_url`]) ??
      nonEmpty(profile?.endpoint_url);
    if (url) overrides[id] = url;
  }
  return overrides;
}

/** The same override for every service: the Demo account's sim speaks all of them on one port. */
export function sameEndpointForAll(url: string): EndpointOverrides {
  return Object.fromEntries(SERVICE_IDS.map((id) => [id, url])) as EndpointOverrides;
}

export function hasOverride(overrides: EndpointOverrides): boolean {
  return Object.keys(overrides).length > 0;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
