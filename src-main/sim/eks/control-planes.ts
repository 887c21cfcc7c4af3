/**
 * The account's running Kubernetes API servers, one per EKS cluster, started the first time a
 * cluster is described (so a sim that is never asked about EKS opens no extra sockets and
 * makes no keys) and closed with the sim.
 */
import { startKubeApiServer, type KubeApiServer } from '../k8s/kube-api-server';
import type { ControlPlaneSource } from './eks-service';
import type { EksCluster } from './eks-types';
import { versionInfo } from './versions';

export class ControlPlanes implements ControlPlaneSource {
  private readonly servers = new Map<string, Promise<KubeApiServer>>();
  private stsOrigin: string | undefined;
  private closed = false;

  constructor(private readonly options: { host: string; now: () => number }) {}

  /** Where the sim's STS answers (its front door): tokens are checked against it. */
  setStsOrigin(origin: string): void {
    this.stsOrigin = new URL(origin).origin;
  }

  async ensure(cluster: EksCluster): Promise<{ endpoint: string; caData: string }> {
    if (this.closed) throw new Error('The sim is closing.');
    let server = this.servers.get(cluster.arn);
    if (!server) {
      const [major, minor] = cluster.version.split('.');
      const patch = versionInfo(cluster.version)?.patch ?? `${cluster.version}.0`;
      server = startKubeApiServer({
        host: this.options.host,
        clusterName: cluster.name,
        world: cluster.kube,
        version: { major, minor, gitVersion: `v${patch}-eks-${cluster.id.slice(0, 7).toLowerCase()}` },
        accessEntries: () => cluster.accessEntries,
        now: this.options.now,
        stsOrigin: () => this.stsOrigin,
      });
      this.servers.set(cluster.arn, server);
      server.catch(() => this.servers.delete(cluster.arn));
    }
    const { endpoint, caData } = await server;
    return { endpoint, caData };
  }

  async close(): Promise<void> {
    this.closed = true;
    const servers = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(servers.map((s) => s.then((server) => server.close(), () => undefined)));
  }
}
