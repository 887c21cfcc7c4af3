import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSim, type RunningSim } from '../../../src-main/sim';

/**
 * The demo with `ledgerIncidentInMs`: ledger runs healthy on payments-ledger:7 until a bad
 * release (:8) is deployed that long after "now"; then its tasks crash and restart. History's
 * e2e needs a crash loop that begins while Wharf watches.
 */
const MIN = 60_000;
let sim: RunningSim;
let ecs: ECSClient;

beforeAll(async () => {
  sim = await startSim({ scenario: 'demo', port: 0, seed: 7, speed: 0, demo: { ledgerIncidentInMs: 5 * MIN } });
  ecs = new ECSClient({ endpoint: sim.endpoint, region: sim.region, credentials: sim.credentials });
});
afterAll(async () => {
  ecs?.destroy();
  await sim?.close();
});

async function ledger() {
  const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod-ec2', services: ['ledger'] }))).services![0];
  const arns = (await ecs.send(new ListTasksCommand({ cluster: 'prod-ec2', serviceName: 'ledger', desiredStatus: 'STOPPED' }))).taskArns ?? [];
  const stopped = arns.length ? (await ecs.send(new DescribeTasksCommand({ cluster: 'prod-ec2', tasks: arns }))).tasks ?? [] : [];
  return { service, crashes: stopped.filter((t) => t.stopCode === 'EssentialContainerExited').length };
}

describe('the demo\'s ledger incident', () => {
  it('is healthy before the bad release and crash-loops after it', async () => {
    const before = await ledger();
    expect(before.service.taskDefinition).toMatch(/payments-ledger:7$/);
    expect(before.service.runningCount).toBe(2);
    expect(before.crashes).toBe(0);
    sim.clock.advance(20 * MIN);
    const after = await ledger();
    expect(after.service.taskDefinition).toMatch(/payments-ledger:8$/);
    expect(after.crashes).toBeGreaterThan(0);
  });
});
