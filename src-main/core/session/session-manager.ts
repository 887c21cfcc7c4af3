import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { ProfileList, SessionInfo } from '../../contract/domains/session';
import { WharfError } from '../../contract/errors';
import type { ApiBudget } from '../aws/api-budget';
import type { ApiMonitor } from '../aws/api-monitor';
import { ClientFactory, type ServiceClients } from '../aws/client-factory';
import type { Clock } from '../aws/clock';
import { callCredentialError, fixForKind } from '../aws/credential-errors';
import { credentialProviderFor } from '../aws/credentials';
import { loadProfiles, sharedFilesFrom, toProfileInfo, type AwsProfile, type ProfileCatalog } from '../aws/profiles';
import type { EventBus } from '../events';
import type { CoreOptions } from '../options';
import { toWharfError } from '../rpc/to-wharf-error';
import type { SettingsStore } from '../settings/settings-store';
import { ProfileWatcher } from './profile-watcher';

/**
 * The open AWS session: what every other core module (inventory, exec, rollback, logs) works
 * through. Take `SessionManager` as a dependency and call `current()` (or `require()`) each
 * time you need it: the user may switch profile or region at any moment, and a new session
 * comes with new clients.
 */
export interface OpenSession {
  /** Profile, account, region, read-only and production flags: safe to show and to log. */
  readonly info: SessionInfo;
  /** Core's view of the profile (kind, endpoints, source profile); holds no credentials. */
  readonly profile: AwsProfile;
  /** The SDK clients of the session's region. Each call waits for Wharf's token bucket. */
  readonly clients: ServiceClients;
  /** The same clients for another region of this profile (the all-regions overview). */
  clientsFor(region: string): ServiceClients;
  /** The token buckets of a region (default: the session's region). */
  budget(region?: string): ApiBudget;
  /** Request, throttle and error counts of every client Wharf has. */
  readonly monitor: ApiMonitor;
  /** Any error from these clients as a WharfError, naming the fix where there is one. */
  explainError(err: unknown): WharfError;
  /** Epoch ms by AWS's clock (the Date header of its answers) in `region` (default: the session's). */
  awsNow(region?: string): number;
  /** How far AWS's clock is ahead of the local one in `region`, ms (0 before any answer). */
  clockSkewMs(region?: string): number;
  /** What to do when this profile's credentials expire or are refused, for its kind (no SSO command for a non-SSO profile). */
  readonly credentialsFix: string;
}

/** How long a window waits for the start-up open before it is told there is no session yet. */
const STARTUP_WAIT_MS = 10_000;

export interface SessionManagerDeps {
  options: CoreOptions;
  settings: SettingsStore;
  events: EventBus;
  monitor: ApiMonitor;
  clock?: Clock;
}

export class SessionManager {
  private session: { open: OpenSession; factory: ClientFactory } | null = null;
  private openSeq = 0;
  /** The default profile's open as the app starts, while it runs. */
  private startup: Promise<unknown> | null = null;
  private readonly listeners = new Set<(session: OpenSession | null) => void>();
  /** Profile name → the account STS named when it was opened in this run. */
  private readonly knownAccounts = new Map<string, string>();
  private watcher: ProfileWatcher | null = null;
  /** The last list pushed as `session.profilesChanged`, to push only real changes. */
  private lastPushed: string | null = null;

  constructor(private readonly deps: SessionManagerDeps) {}

  /** The profiles as the renderer sees them, with every account known so far. */
  async profileList(): Promise<ProfileList> {
    const catalog = await this.profiles();
    return {
      profiles: catalog.profiles.map((p) => toProfileInfo(p, this.knownAccounts.get(p.name))),
      defaultProfile: catalog.defaultProfile,
      regions: catalog.regions,
    };
  }

  private pushing: Promise<void> = Promise.resolve();

  /**
   * Watches the shared config and credentials files (AWS_CONFIG_FILE and
   * AWS_SHARED_CREDENTIALS_FILE respected) and pushes the new list when a profile was added,
   * changed or removed. The open session stays as it is: it holds its own credentials.
   */
  watchProfiles(opts: { debounceMs?: number; pollMs?: number } = {}): void {
    if (this.watcher) return;
    const files = () => {
      const f = sharedFilesFrom(this.env());
      return [f.configPath, f.credentialsPath];
    };
    this.watcher = new ProfileWatcher({ paths: files, onChange: () => void this.pushProfiles(), ...opts });
    this.watcher.start();
    // No quiet first reading to compare with: one taken late (a loaded machine) could already
    // hold the file's first change, which would then never be pushed. The first change is
    // pushed whatever it is; the window takes the same list again at worst.
  }

  /**
   * Reads the profiles again and pushes them if anything a person sees changed since the last
   * push. One reading at a time, so an older reading is never pushed after a newer one.
   */
  pushProfiles(): Promise<void> {
    this.pushing = this.pushing.then(() => this.readAndPushProfiles());
    return this.pushing;
  }

  private async readAndPushProfiles(): Promise<void> {
    let list: ProfileList;
    try {
      list = await this.profileList();
    } catch {
      return; // A file caught half-written: the next change event reads it whole.
    }
    const key = JSON.stringify(list);
    if (key === this.lastPushed) return;
    this.lastPushed = key;
    this.deps.events.emit('session.profilesChanged', list);
  }

  /** The profiles as of now: the files are re-read each time (the user may have just edited them). */
  profiles(): Promise<ProfileCatalog> {
    const settings = this.deps.settings.get();
    return loadProfiles({ env: this.env(), settings, demo: this.deps.options.demo });
  }

  current(): OpenSession | null {
    return this.session?.open ?? null;
  }

  /** The open session, or a NO_SESSION error the UI shows as "pick a profile". */
  require(): OpenSession {
    const open = this.current();
    if (!open) throw new WharfError('NO_SESSION', 'No AWS profile is open yet.', { fix: 'Pick a profile and a region.' });
    return open;
  }

  /** Opens `profileName` in `region` (else the profile's region), asks STS who we are, and switches to it. */
  async open(profileName: string, region?: string): Promise<SessionInfo> {
    const seq = ++this.openSeq;
    const catalog = await this.profiles();
    const profile = catalog.profiles.find((p) => p.name === profileName);
    if (!profile) {
      throw new WharfError('NOT_FOUND', `There is no profile named ${profileName} in ${catalog.files.configPath} or ${catalog.files.credentialsPath}.`, {
        fix: `Add it with \`aws configure --profile ${profileName}\`, or pick another profile.`,
      });
    }
    const sessionRegion = region ?? profile.region ?? this.env().AWS_REGION ?? this.env().AWS_DEFAULT_REGION ?? 'us-east-1';
    const factory = this.factoryFor(profile, catalog.profiles);
    const explainError = (err: unknown) => callCredentialError(profile, err, catalog.profiles) ?? toWharfError(err);

    let identity;
    try {
      identity = await factory.clientsFor(sessionRegion).sts.send(new GetCallerIdentityCommand({}));
    } catch (err) {
      factory.destroy();
      throw explainError(err);
    }
    if (seq !== this.openSeq) {
      // The user picked another profile while STS answered: that one wins.
      factory.destroy();
      throw new WharfError('CONFLICT', `Opening ${profileName} was superseded by a newer choice.`);
    }

    const info: SessionInfo = {
      profile: profile.name,
      kind: profile.kind,
      region: sessionRegion,
      accountId: identity.Account ?? 'unknown',
      callerArn: identity.Arn ?? 'unknown',
      readOnly: profile.readOnly,
      production: profile.production,
      demo: profile.kind === 'demo',
      openedAt: Date.now(),
    };
    const open: OpenSession = {
      info,
      profile,
      clients: factory.clientsFor(sessionRegion),
      clientsFor: (r) => factory.clientsFor(r),
      budget: (r) => factory.budgetFor(r ?? sessionRegion),
      monitor: this.deps.monitor,
      explainError,
      awsNow: (r) => factory.awsClock.now(r ?? sessionRegion),
      credentialsFix: fixForKind(profile, catalog.profiles),
      clockSkewMs: (r) => factory.awsClock.skewMs(r ?? sessionRegion),
    };
    this.session?.factory.destroy();
    this.session = { open, factory };
    // Troubles and missing operations belonged to the last profile's endpoint.
    this.deps.monitor.resetTroubles();
    this.deps.events.emit('session.changed', info);
    for (const listener of this.listeners) listener(open);
    if (info.accountId !== 'unknown' && this.knownAccounts.get(profile.name) !== info.accountId) {
      this.knownAccounts.set(profile.name, info.accountId);
      // The switcher shows each profile's account once known.
      if (this.watcher) void this.pushProfiles();
    }
    return info;
  }

  /**
   * Opens the default profile as the app starts, so the window finds its session (and the
   * cluster list) already on the way instead of asking for it once its scripts have run. A
   * failure is dropped here: the renderer finds no session, opens the same profile itself,
   * and shows that error with its fix.
   */
  openDefaultInBackground(): void {
    const opening = (async () => {
      const catalog = await this.profiles();
      const name = catalog.defaultProfile ?? catalog.profiles[0]?.name;
      if (name) await this.open(name);
    })();
    const startup = opening.catch(() => undefined).finally(() => {
      if (this.startup === startup) this.startup = null;
    });
    this.startup = startup;
  }

  /**
   * The open session, once the start-up open (if one is running) has ended either way, or
   * after `maxWaitMs`: a credential_process or an endpoint that never answers must not keep
   * the window from showing the profiles and their errors.
   */
  async settled(maxWaitMs = STARTUP_WAIT_MS): Promise<OpenSession | null> {
    if (this.startup) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)));
      await Promise.race([this.startup, gaveUp]);
      clearTimeout(timer);
    }
    return this.current();
  }

  /**
   * "Now" by AWS's clock in the open session's region (the local clock while none is open):
   * what ages, problem windows and "as of" are measured against.
   */
  awsNow(): number {
    return this.current()?.awsNow() ?? Date.now();
  }

  /** Called with the new session (or null) whenever it changes. */
  onChange(listener: (session: OpenSession | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The Demo account's sim was started again (it had stopped): its endpoint and key pair are
   * new. A Demo session open now is opened again on them (same profile and region), so every
   * client signs with the new pair; other sessions are untouched.
   */
  async replaceDemo(next: { endpoint: string; credentials: { accessKeyId: string; secretAccessKey: string } }): Promise<void> {
    const demo = this.deps.options.demo;
    if (!demo) return;
    demo.endpoint = next.endpoint;
    demo.credentials = { ...next.credentials };
    const open = this.current();
    if (!open?.info.demo) return;
    try {
      await this.open(open.info.profile, open.info.region);
    } catch {
      // The sim went again before it answered: the supervisor tells, and the next restart retries.
    }
  }

  /** settings.apiBudgetShare changed: the open session's buckets follow at once. */
  setBudgetShare(share: number): void {
    this.session?.factory.setShare(share);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    this.session?.factory.destroy();
    this.session = null;
  }

  private factoryFor(profile: AwsProfile, profiles: readonly AwsProfile[]): ClientFactory {
    const files = sharedFilesFrom(this.env());
    const credentials = credentialProviderFor(profile, files, profiles, { stsEndpoint: profile.endpoints.STS, demo: this.deps.options.demo });
    return new ClientFactory({
      profile,
      credentials,
      monitor: this.deps.monitor,
      share: this.deps.settings.get().apiBudgetShare,
      explainCredentialError: (err) => callCredentialError(profile, err, profiles),
      clock: this.deps.clock,
    });
  }

  private env(): Record<string, string | undefined> {
    return this.deps.options.env ?? process.env;
  }
}
