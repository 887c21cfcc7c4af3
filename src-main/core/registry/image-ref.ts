/**
 * ECR image references as task definitions write them:
 * `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag | @sha256:...]`.
 * Anything else (Docker Hub, public.ecr.aws, another registry) is not ours to resolve.
 */
export interface EcrImageRef {
  registryId: string;
  region: string;
  repositoryName: string;
  tag: string | null;
  digest: string | null;
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._\-/]*?)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[0-9a-f]{64}))?$/;

export function parseEcrImage(image: string): EcrImageRef | null {
  const m = ECR_IMAGE.exec(image.trim());
  if (!m) return null;
  return { registryId: m[1], region: m[2], repositoryName: m[3], tag: m[4] ?? null, digest: m[5] ?? null };
}

/** The repository URI part of an image reference (what DescribeRepositories calls repositoryUri). */
export function repositoryUriOf(image: string): string {
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
}

/** `repo:tag` or, for a tag that may move, `repo@sha256:...` (the exact bytes that were tested). */
export function imageReference(repositoryUri: string, target: { tag: string | null; digest: string; pinByDigest: boolean }): string {
  if (target.tag && !target.pinByDigest) return `${repositoryUri}:${target.tag}`;
  return `${repositoryUri}@${target.digest}`;
}

/** A short label for people: the tag, else the first 12 hex digits of the digest. */
export function imageLabel(ref: { tag: string | null; digest: string | null }): string {
  if (ref.tag) return ref.tag;
  if (ref.digest) return shortDigest(ref.digest);
  return 'unknown image';
}

export function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
