/**
 * Child process of torn-write.test.ts: records batches into the store at argv[2], printing
 * "committed N" after each, then starts one more large batch and kills itself with SIGKILL
 * in the middle of its transaction (after pages have spilled to the file), like a power cut.
 */
import { HistoryDb } from '../../../src-main/core/history/store/history-db';
import { HistoryStore } from '../../../src-main/core/history/store/history-store';
import { task, service, CLUSTER, T0 } from '../../unit/inventory/records';

const file = process.argv[2];
const batches = Number(process.argv[3]);
const store = HistoryStore.open(file, { cachePages: 4 });
const delta = (i: number, n: number) => ({
  type: 'delta' as const, t: T0 + i * 1000, gen: 0, profile: 'p',
  delta: { clusterArn: CLUSTER, services: [service('web', { desiredCount: i })], tasks: Array.from({ length: n }, (_, j) => task(`b${i}-${j}`, { serviceName: 'web', group: `g-${i}-${j}-${Math.random().toString(36).repeat(8)}` })) },
});
store.append([{ type: 'delta', t: T0, gen: 0, profile: 'p', delta: { clusterArn: null, clusters: [{ arn: CLUSTER, name: 'prod', region: 'us-east-1', status: 'ACTIVE', runningTasksCount: 0, pendingTasksCount: 0, activeServicesCount: 0, registeredContainerInstancesCount: 0, capacityProviders: [], defaultCapacityProviderStrategy: [], containerInsights: null, execKmsKeyId: null, execLogging: null, problemCount: 0, health: { state: 'unknown', word: 'not read yet' }, fetchedAt: T0, stale: false }] } }]);
for (let i = 1; i <= batches; i++) {
  store.append([delta(i, 20)]);
  process.stdout.write(`committed ${i}\n`);
}
// The torn one: die at its transaction's last statement, after its batch (larger than the
// page cache, so already partly in the file) has been written.
const run = HistoryDb.prototype.run;
HistoryDb.prototype.run = function (this: HistoryDb, ...args: Parameters<HistoryDb['run']>) {
  if (args[0].startsWith('UPDATE spans')) process.kill(process.pid, 'SIGKILL');
  return run.apply(this, args);
};
store.append([delta(batches + 1, 400)]);
process.stdout.write('not killed\n');
