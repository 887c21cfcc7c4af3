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
} as const;

export const registryEvents = {} as const;
