import type { ImageDetail, Repository } from '@aws-sdk/client-ecr';
import type { Service } from '@aws-sdk/client-ecs';
import type { ImageFindings, ImageUse, RegistryImage, RepositoryRecord, RepositoryUser } from '../../contract/domains/registry';
import { WharfError } from '../../contract/errors';
import type { OpenSession } from '../session/session-manager';
import { BriefCache, mapLimit } from './brief-cache';
import { countImages, describeAllImages, describeRepositories, toRegistryImage, toRepositoryRecord } from './ecr-reads';
import { collectServiceImages, noServiceImagesYet, previousImages, resolveDigest, runningDigests, sameRepository, type ServiceImages, type ServiceImagesSoFar, type ServiceImageUse } from './service-usage';
import { TaskDefinitionCache } from '../aws/task-definitions';
import { readScanFindings, toImageFindings } from './scan-findings';

export interface RegistryDeps {
  sessions: { require(): OpenSession };
  tds?: TaskDefinitionCache;
  now?: () => number;
  /** How long answers are reused (the registry is fetched on demand, not polled). */
  ttlMs?: number;
  /** How long "run by" waits for the whole index before it answers with what is known (default 1 s). */
  usersWaitMs?: number;
}

/** "Run by" while the index is still read: what is left, so the view can say it and ask again. */
export interface UsersProgress {
  clustersLeft: number | null;
  taskDefinitionsLeft: number;
}

export interface RegistryImages {
  repository: RepositoryRecord;
  images: RegistryImage[];
  fetchedAt: number;
  usageWarnings: string[];
}

/** The Registry view's data: repositories, their images, and the services running each digest. */
export class RegistryService {
  readonly tds: TaskDefinitionCache;
  private readonly now: () => number;
  private readonly repoLists: BriefCache<{ repositories: RepositoryRecord[]; fetchedAt: number }>;
  private readonly usage: BriefCache<ServiceImages>;
  private readonly imageLists: BriefCache<RegistryImages>;
  private readonly findingLists: BriefCache<ImageFindings>;
  /** Per scope, the index being collected (or last collected): read by "run by" before it is done. */
  private readonly partial = new Map<string, { soFar: ServiceImagesSoFar; done: boolean; previous: ServiceImages | null }>();

  constructor(private readonly deps: RegistryDeps) {
    this.tds = deps.tds ?? new TaskDefinitionCache();
    this.now = deps.now ?? Date.now;
    const ttl = deps.ttlMs ?? 20_000;
    this.repoLists = new BriefCache(ttl, this.now);
    this.usage = new BriefCache(ttl, this.now);
    this.imageLists = new BriefCache(ttl, this.now);
    this.findingLists = new BriefCache(ttl, this.now);
  }

  repositories(opts: { force?: boolean } = {}): Promise<{ repositories: RepositoryRecord[]; fetchedAt: number }> {
    const session = this.deps.sessions.require();
    return this.repoLists.get(scopeOf(session), async () => {
      const ecr = session.clients.ecr;
      const repos = await describeRepositories(ecr).catch((err) => Promise.reject(session.explainError(err)));
      const records = await mapLimit(repos, 4, async (repo) => toRepositoryRecord(repo, await countImages(ecr, repo.repositoryName ?? '').catch(() => null)));
      records.sort((a, b) => a.name.localeCompare(b.name));
      return { repositories: records, fetchedAt: this.now() };
    }, opts);
  }

  images(repositoryName: string, opts: { force?: boolean } = {}): Promise<RegistryImages> {
    const session = this.deps.sessions.require();
    return this.imageLists.get(`${scopeOf(session)}|${repositoryName}`, () => this.loadImages(session, repositoryName, opts), opts);
  }

  /** Every finding of one image's scan, basic or enhanced, all pages. */
  findings(repositoryName: string, digest: string, opts: { force?: boolean } = {}): Promise<ImageFindings> {
    const session = this.deps.sessions.require();
    return this.findingLists.get(`${scopeOf(session)}|${repositoryName}|${digest}`, async () => {
      try {
        return toImageFindings(repositoryName, digest, await readScanFindings(session.clients.ecr, repositoryName, digest), this.now());
      } catch (err) {
        throw session.explainError(err);
      }
    }, opts);
  }

  /**
   * Per repository, the services whose current (or still draining) deployments name one of
   * its images, from the same index of services and task definitions the image rows use.
   * A large region takes a while to read (every task definition of 2,000 services): when the
   * index is not complete within `usersWaitMs`, the answer holds what is known so far and
   * `progress` says what is left; the caller asks again for more.
   */
  async repositoryUsers(opts: { force?: boolean } = {}): Promise<{ users: Record<string, RepositoryUser[]>; warnings: string[]; fetchedAt: number; progress: UsersProgress | null }> {
    const session = this.deps.sessions.require();
    const scope = scopeOf(session);
    const whole = this.serviceImages(session, opts);
    const [{ repositories }, index] = await Promise.all([
      this.repositories(opts),
      Promise.race([whole, delay(this.deps.usersWaitMs ?? 1_000).then(() => null)]).catch((err) => Promise.reject(session.explainError(err))),
    ]);
    const partial = this.partial.get(scope);
    // A refresh in progress: the last whole index says more than the new one's first answers.
    const known: ServiceImages = index ?? partial?.previous ?? partial?.soFar ?? noServiceImagesYet();
    const progress = index || !partial || partial.done ? null : { clustersLeft: partial.soFar.clustersLeft, taskDefinitionsLeft: Math.max(0, partial.soFar.taskDefinitionsLeft) };
    // Copies: the collection keeps pushing into the arrays it shares with `soFar`.
    const uses = [...known.uses];
    const users: Record<string, RepositoryUser[]> = {};
    for (const repo of repositories) {
      const rows = new Map<string, RepositoryUser>();
      for (const u of uses) {
        if (!sameRepository(u.repositoryUri, repo.uri)) continue;
        const row = rows.get(u.serviceArn) ?? { clusterArn: u.clusterArn, serviceArn: u.serviceArn, serviceName: u.serviceName, containers: [], drainingOnly: true };
        if (!row.containers.includes(u.containerName)) row.containers.push(u.containerName);
        if (u.role === 'current') row.drainingOnly = false;
        rows.set(u.serviceArn, row);
      }
      users[repo.name] = [...rows.values()].sort((a, b) => a.serviceName.localeCompare(b.serviceName) || a.clusterArn.localeCompare(b.clusterArn));
    }
    return { users, warnings: [...known.warnings], fetchedAt: this.now(), progress };
  }

  /** Every image of the service images index (shared by all repositories for a short while). */
  serviceImages(session: OpenSession, opts: { force?: boolean } = {}): Promise<ServiceImages> {
    const scope = scopeOf(session);
    return this.usage.get(scope, () => {
      const before = this.partial.get(scope);
      const entry = { soFar: noServiceImagesYet(), done: false, previous: before?.done ? before.soFar : (before?.previous ?? null) };
      this.partial.set(scope, entry);
      const settle = () => void (entry.done = true);
      const whole = collectServiceImages(session.clients.ecs, this.tds, entry.soFar);
      whole.then(settle, settle);
      return whole;
    }, opts);
  }

  /** Forget cached answers: after a mutation the deployed images have changed. */
  invalidate(): void {
    this.repoLists.clear();
    this.usage.clear();
    this.imageLists.clear();
    this.findingLists.clear();
    this.partial.clear();
  }

  private async loadImages(session: OpenSession, repositoryName: string, opts: { force?: boolean }): Promise<RegistryImages> {
    const { ecr, ecs } = session.clients;
    let repo: Repository | undefined;
    let details: ImageDetail[];
    try {
      [repo] = await describeRepositories(ecr, [repositoryName]);
      details = await describeAllImages(ecr, repositoryName);
    } catch (err) {
      throw session.explainError(err);
    }
    if (!repo?.repositoryUri) throw new WharfError('NOT_FOUND', `There is no repository named ${repositoryName} in ${session.info.region}.`);
    const repoUri = repo.repositoryUri;
    const tagToDigest = new Map<string, string>();
    for (const d of details) for (const tag of d.imageTags ?? []) if (d.imageDigest) tagToDigest.set(tag, d.imageDigest);

    const warnings: string[] = [];
    let uses: ServiceImageUse[] = [];
    let running = new Map<string, number>();
    try {
      const index = await this.serviceImages(session, opts);
      warnings.push(...index.warnings);
      uses = index.uses.filter((u) => sameRepository(u.repositoryUri, repoUri));
      const users = usersOf(index.services, uses);
      const previous = await mapLimit(users, 4, (s) => previousImages(ecs, this.tds, s).catch(() => []));
      uses.push(...previous.flat().filter((u) => sameRepository(u.repositoryUri, repoUri)));
      running = await runningDigests(ecs, users, repoUri);
    } catch (err) {
      warnings.push(`Which services run these images is unknown: ${session.explainError(err).message}`);
    }

    const images = details.map((d) => ({ ...toRegistryImage(d), usedBy: usesOf(d.imageDigest ?? '', uses, tagToDigest, running), runningTasks: countRunning(d.imageDigest ?? '', running) }));
    images.sort((a, b) => (b.pushedAt ?? 0) - (a.pushedAt ?? 0));
    return { repository: toRepositoryRecord(repo, new Set(details.map((d) => d.imageDigest)).size), images, fetchedAt: this.now(), usageWarnings: warnings };
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function scopeOf(session: OpenSession): string {
  return `${session.info.profile}|${session.info.accountId}|${session.info.region}`;
}

function usersOf(services: Service[], uses: ServiceImageUse[]): Service[] {
  const arns = new Set(uses.map((u) => u.serviceArn));
  return services.filter((s) => s.serviceArn && arns.has(s.serviceArn));
}

/** One row per service+container using `digest`, with every role it plays (current and previous may coincide). */
function usesOf(digest: string, uses: ServiceImageUse[], tagToDigest: ReadonlyMap<string, string>, running: ReadonlyMap<string, number>): ImageUse[] {
  const rows = new Map<string, ImageUse>();
  for (const u of uses) {
    if (resolveDigest(u.image, tagToDigest) !== digest) continue;
    const key = `${u.serviceArn}|${u.containerName}`;
    const row = rows.get(key) ?? { clusterArn: u.clusterArn, serviceArn: u.serviceArn, serviceName: u.serviceName, containerName: u.containerName, roles: [], runningTasks: running.get(`${u.serviceArn}|${digest}`) ?? 0 };
    if (!row.roles.includes(u.role)) row.roles.push(u.role);
    rows.set(key, row);
  }
  // Services that run this digest without deploying it by name (a moved mutable tag) still show.
  for (const [key, n] of running) {
    const [serviceArn, d] = key.split('|');
    if (d !== digest || [...rows.values()].some((r) => r.serviceArn === serviceArn)) continue;
    const any = uses.find((u) => u.serviceArn === serviceArn);
    if (any) rows.set(`${serviceArn}|*`, { clusterArn: any.clusterArn, serviceArn, serviceName: any.serviceName, containerName: any.containerName, roles: [], runningTasks: n });
  }
  return [...rows.values()].sort((a, b) => a.serviceName.localeCompare(b.serviceName));
}

function countRunning(digest: string, running: ReadonlyMap<string, number>): number {
  let n = 0;
  for (const [key, count] of running) if (key.endsWith(`|${digest}`)) n += count;
  return n;
}
