import { z } from 'zod';

/**
 * The container registry (ECR) next to the services that run its images. Fetched on demand
 * (the Registry view, a rollback picker) and cached briefly in core; never polled.
 */
const Ts = z.number().nullable(); // epoch ms, or null when AWS did not send it

export const ScanSeverity = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED']);
export type ScanSeverity = z.infer<typeof ScanSeverity>;

/** An image's scan: its status and the findings count per severity (absent severities are 0). */
export const ScanSummary = z.object({
  /** ECR's imageScanStatus.status: COMPLETE, IN_PROGRESS, FAILED, ... ; null when never scanned. */
  status: z.string().nullable(),
  counts: z.partialRecord(ScanSeverity, z.number()),
  total: z.number(),
});
export type ScanSummary = z.infer<typeof ScanSummary>;

export const RepositoryRecord = z.object({
  name: z.string(),
  arn: z.string(),
  uri: z.string(),
  /** MUTABLE or IMMUTABLE (or the *_WITH_EXCLUSION variants). */
  tagMutability: z.string(),
  scanOnPush: z.boolean(),
  encryptionType: z.string(),
  kmsKey: z.string().nullable(),
  createdAt: Ts,
  /** Distinct image digests; null when counting failed. */
  imageCount: z.number().nullable(),
});
export type RepositoryRecord = z.infer<typeof RepositoryRecord>;

/**
 * How a service uses an image: `current` is what its PRIMARY deployment runs, `previous` the
 * image it ran before (the newest earlier revision of its family with another image), `active`
 * an older deployment still draining.
 */
export const ImageUseRole = z.enum(['current', 'previous', 'active']);
export type ImageUseRole = z.infer<typeof ImageUseRole>;

export const ImageUse = z.object({
  clusterArn: z.string(),
  serviceArn: z.string(),
  serviceName: z.string(),
  containerName: z.string(),
  roles: z.array(ImageUseRole),
  /** Running tasks of this service whose container reports this digest. */
  runningTasks: z.number(),
});
export type ImageUse = z.infer<typeof ImageUse>;

export const RegistryImage = z.object({
  digest: z.string(),
  tags: z.array(z.string()),
  pushedAt: Ts,
  sizeBytes: z.number().nullable(),
  scan: ScanSummary.nullable(),
  lastPulledAt: Ts,
  usedBy: z.array(ImageUse),
  /** Running tasks anywhere in the region whose container reports this digest. */
  runningTasks: z.number(),
});
export type RegistryImage = z.infer<typeof RegistryImage>;

/**
 * One vulnerable package of one finding (a CVE found in two packages is two rows). Basic
 * scanning reports no fixed-in version: `fixedInVersion` null and `fixAvailable` null ("not
 * reported"); enhanced scanning says the version, or `fixAvailable` false when there is none.
 */
export const ScanFinding = z.object({
  /** The CVE (or other advisory) ID. */
  id: z.string(),
  /** CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL, UNDEFINED, or enhanced scanning's UNTRIAGED. */
  severity: z.string(),
  packageName: z.string().nullable(),
  installedVersion: z.string().nullable(),
  fixedInVersion: z.string().nullable(),
  fixAvailable: z.boolean().nullable(),
  /** The advisory's page (https), when the scan gave one. */
  link: z.string().nullable(),
  /** CVSS base score, when given. */
  score: z.number().nullable(),
  description: z.string().nullable(),
});
export type ScanFinding = z.infer<typeof ScanFinding>;

export const ImageFindings = z.object({
  repositoryName: z.string(),
  digest: z.string(),
  /** BASIC (ECR's own scan) or ENHANCED (Amazon Inspector), from the shape of the answer. */
  scanType: z.enum(['BASIC', 'ENHANCED']),
  status: z.string().nullable(),
  statusDescription: z.string().nullable(),
  completedAt: Ts,
  sourceUpdatedAt: Ts,
  counts: z.partialRecord(ScanSeverity, z.number()),
  /** Most severe first, then by ID. */
  findings: z.array(ScanFinding),
  /** True when the image has more findings than Wharf reads (MAX_FINDINGS). */
  truncated: z.boolean(),
  fetchedAt: z.number(),
});
export type ImageFindings = z.infer<typeof ImageFindings>;

/** A service whose deployments name an image of the repository. */
export const RepositoryUser = z.object({
  clusterArn: z.string(),
  serviceArn: z.string(),
  serviceName: z.string(),
  /** The containers naming the repository, in the PRIMARY deployment or a draining one. */
  containers: z.array(z.string()),
  /** true: only an older deployment still draining names it. */
  drainingOnly: z.boolean(),
});
export type RepositoryUser = z.infer<typeof RepositoryUser>;

export const registryMethods = {
  /** Repositories of the session's account and region. `force` skips the short cache. */
  'registry.repositories': {
    args: z.object({ force: z.boolean().optional() }).strict(),
    result: z.object({ repositories: z.array(RepositoryRecord), fetchedAt: z.number() }),
  },
  /** Every image of a repository (all pages), newest push first, with the services running each. */
  'registry.images': {
    args: z.object({ repositoryName: z.string().min(2).max(256), force: z.boolean().optional() }).strict(),
    result: z.object({
      repository: RepositoryRecord,
      images: z.array(RegistryImage),
      fetchedAt: z.number(),
      /** Why the "used by" columns may be incomplete (a cluster that failed to load, ...). */
      usageWarnings: z.array(z.string()),
    }),
  },
  /** Every finding of one image's latest scan (all pages), basic or enhanced. */
  'registry.findings': {
    args: z.object({ repositoryName: z.string().min(2).max(256), digest: z.string().regex(/^[a-z0-9]+:[a-f0-9]{32,128}$/), force: z.boolean().optional() }).strict(),
    result: ImageFindings,
  },
  /**
   * Per repository (by name), the services whose current or draining deployments run its
   * images. A region whose task definitions take long to read answers with what is known
   * and `progress` (what is left); ask again for more. null: complete.
   */
  'registry.repositoryUsers': {
    args: z.object({ force: z.boolean().optional() }).strict(),
    result: z.object({
      users: z.record(z.string(), z.array(RepositoryUser)),
      warnings: z.array(z.string()),
      fetchedAt: z.number(),
      progress: z.object({ clustersLeft: z.number().nullable(), taskDefinitionsLeft: z.number() }).nullable(),
    }),
  },
} as const;

export const registryEvents = {} as const;
