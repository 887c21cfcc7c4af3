/**
 * The demo account must show every state an operator's demo needs whenever it is opened, not
 * only at start: a deployment in progress with visible progress (old -> new counts), a healthy
 * service, a circuit-breaker failure with its rollback, a crash loop, a service below its
 * desired count and a Spot interruption. Read over HTTP every 15 sim minutes for 4 hours.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  ListTasksCommand,
  type Deployment,
  type Service,
} from '@aws-sdk/client-ecs';
import { MINUTE, startHarness, stopHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ scenario: 'demo' });
});
afterAll(() => stopHarness(h));

async function servicesOf(cluster: string): Promise<Service[]> {
  const { serviceArns = [] } = await h.ecs.send(new ListServicesCommand({ cluster, maxResults: 100 }));
  const out: Service[] = [];
  for (let i = 0; i < serviceArns.length; i += 10) {
    out.push(...((await h.ecs.send(new DescribeServicesCommand({ cluster, services: serviceArns.slice(i, i + 10) }))).services ?? []));
  }
  return out;
}

async function stopCodes(cluster: string, serviceName: string): Promise<string[]> {
  const { taskArns = [] } = await h.ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: 'STOPPED', maxResults: 100 }));
  if (taskArns.length === 0) return [];
  const { tasks = [] } = await h.ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }));
  return tasks.map((t) => t.stopCode ?? '');
}

/** A rollout an operator can watch: a primary in progress next to the old deployment it replaces. */
function visibleRollout(service: Service): { primary: Deployment; old: Deployment } | undefined {
  const primary = service.deployments?.find((d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS');
  const old = service.deployments?.find((d) => d.status === 'ACTIVE' && (d.runningCount ?? 0) > 0);
  return primary && old ? { primary, old } : undefined;
}

describe('the demo over four hours of sim time', () => {
  it('always shows a rollout in progress, and every other state, at every moment', async () => {
    // Per deployment id: the primary's running counts seen, to prove the rollout moves.
    const progress = new Map<string, Set<number>>();
    const apiReleases = new Set<string>();
    for (let minute = 0; minute <= 4 * 60; minute += 15) {
      if (minute > 0) h.sim.clock.advance(15 * MINUTE);
      const at = `at +${minute} min`;
      const services = [...(await servicesOf('prod-ec2')), ...(await servicesOf('prod-fargate'))];
      const byName = new Map(services.map((s) => [s.serviceName!, s]));

      const rollouts = services.flatMap((s) => {
        const r = visibleRollout(s);
        return r ? [{ service: s, ...r }] : [];
      });
      expect(rollouts.length, `${at}: a deployment in progress with old and new tasks`).toBeGreaterThan(0);
      for (const r of rollouts) {
        expect((r.primary.runningCount ?? 0) + (r.old.runningCount ?? 0), `${at}: ${r.service.serviceName} keeps its desired count running`).toBeGreaterThanOrEqual(r.service.desiredCount!);
        const seen = progress.get(r.primary.id!) ?? new Set<number>();
        progress.set(r.primary.id!, seen.add(r.primary.runningCount ?? 0));
      }
      apiReleases.add(byName.get('api')!.taskDefinition!);

      const web = byName.get('web')!;
      expect(web, `${at}: web is healthy`).toMatchObject({ runningCount: web.desiredCount, pendingCount: 0 });
      expect(web.deployments?.map((d) => d.rolloutState)).toEqual(['COMPLETED']);
      const inference = byName.get('inference')!;
      expect(inference.runningCount!, `${at}: inference is below its desired count`).toBeLessThan(inference.desiredCount!);
      expect(byName.get('emailer')!.deployments?.[0].rolloutState, `${at}: emailer's deployment FAILED`).toBe('FAILED');
      expect(await stopCodes('prod-ec2', 'ledger'), `${at}: ledger crash-loops`).toContain('EssentialContainerExited');
      expect(await stopCodes('prod-fargate', 'image-resizer'), `${at}: a Spot task was interrupted`).toContain('SpotInterruption');
      if (minute % 120 === 0) {
        const { serviceDeployments = [] } = await h.ecs.send(new ListServiceDeploymentsCommand({ cluster: 'prod-fargate', service: 'notifications' }));
        expect(serviceDeployments.map((d) => d.status), `${at}: notifications was rolled back by the circuit breaker`).toContain('ROLLBACK_SUCCESSFUL');
      }
    }
    // Rollouts creep: one watched from its start shows many steps, and api ships release after release.
    const steps = [...progress.values()].map((s) => s.size);
    expect(Math.max(...steps)).toBeGreaterThanOrEqual(5);
    expect(apiReleases.size).toBeGreaterThanOrEqual(3);
  });
});
