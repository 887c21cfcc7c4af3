import { aws, expect, openWharf, test } from './fixtures';

/**
 * EKS beside ECS on the demo scenario: the cluster on the overview, its node groups as the
 * AWS CLI reads them from the same sim, the pod placement map with the pending pods and the
 * scheduler's reason, the headroom question answered, a cluster that refuses Wharf's
 * token saying what to fix, and every EKS Problems rule the demo trips in the Problems list.
 */

// Each test reads the sim with the AWS CLI too (a Python process per call): on a loaded
// two-core machine that alone can take half of the default 30 s.
test.describe.configure({ timeout: 90_000 });

interface CliCluster { cluster: { version: string; platformVersion: string; resourcesVpcConfig: { endpointPublicAccess: boolean; endpointPrivateAccess: boolean } } }
interface CliNodegroup { nodegroup: { nodegroupName: string; capacityType: string; scalingConfig: { minSize: number; desiredSize: number; maxSize: number }; health: { issues: Array<{ code: string }> } } }

test('the EKS cluster shows on the overview beside the ECS clusters, as the AWS CLI describes it', async ({ page, wharf }) => {
  const { cluster } = await aws<CliCluster>(wharf.simEndpoint, 'eks', 'describe-cluster', '--name', 'shop-eks');
  await openWharf(page, wharf, '/overview');
  await expect(page.getByTestId('cluster-row').first()).toBeVisible();
  const card = page.locator('[data-testid="eks-cluster-card"][data-cluster="shop-eks"]');
  await expect(card.getByTestId('eks-cluster-version')).toHaveText(cluster.version);
  await expect(card).toContainText(`(${cluster.platformVersion})`);
  await expect(card.getByTestId('eks-cluster-support')).toContainText('extended support until 2027-03-23');
  await expect(card).toContainText('public and private');
  // Its nodes and pods, read through its Kubernetes API with the session's token.
  await expect(card.getByTestId('eks-cluster-nodes')).toContainText('7 of 8 nodes Ready', { timeout: 20_000 });
  await expect(card.getByTestId('eks-cluster-nodes')).toContainText('(2 pending)');
  await expect(card.getByTestId('eks-cluster-addons')).toContainText('eks-pod-identity-agent v1.3.4-eksbuild.1');
  await expect(card.getByTestId('eks-cluster-insights')).toContainText('Amazon Linux 2 compatibility');
});

test('the EKS cluster page lists its node groups as DescribeNodegroup does', async ({ page, wharf }) => {
  const { nodegroups } = await aws<{ nodegroups: string[] }>(wharf.simEndpoint, 'eks', 'list-nodegroups', '--cluster-name', 'shop-eks');
  await openWharf(page, wharf, '/overview');
  await page.locator('[data-testid="eks-cluster-card"][data-cluster="shop-eks"]').getByTestId('eks-cluster-link').click();
  await expect(page.getByTestId('eks-cluster-page')).toBeVisible();
  for (const name of nodegroups) {
    const { nodegroup } = await aws<CliNodegroup>(wharf.simEndpoint, 'eks', 'describe-nodegroup', '--cluster-name', 'shop-eks', '--nodegroup-name', name);
    const row = page.locator(`[data-testid="eks-nodegroup"][data-name="${name}"]`);
    const s = nodegroup.scalingConfig;
    await expect(row.getByTestId('eks-nodegroup-scaling')).toHaveText(`${s.minSize} / ${s.desiredSize} / ${s.maxSize}`);
    await expect(row).toContainText(nodegroup.capacityType);
    for (const issue of nodegroup.health.issues) await expect(page.getByTestId('eks-nodegroup-issue').filter({ hasText: issue.code })).toBeVisible();
  }
  // Nodes: Ready of registered (one Spot node stopped answering).
  await expect(page.locator('[data-testid="eks-nodegroup"][data-name="spot-batch"]')).toContainText('1 / 2');
  await expect(page.getByTestId('eks-fargate-profile')).toContainText('fp-jobs');
  await expect(page.locator('[data-testid="eks-addon"][data-name="eks-pod-identity-agent"]')).toContainText('degraded');
});

test('the pod placement map shows the pending pods with the scheduler\'s reason and answers the headroom question', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/eks/us-east-1/shop-eks/placement');
  const map = page.getByTestId('eks-placement-map');
  await expect(map).toHaveAttribute('data-nodes', '8', { timeout: 20_000 });
  await expect(map).toHaveAttribute('data-pending', '2');
  await expect.poll(async () => Number(await map.getAttribute('data-draws'))).toBeGreaterThan(0);
  const pending = page.locator('[data-testid="eks-pending-group"][data-workload="batch/spark-worker"]');
  await expect(pending).toContainText('2 pods');
  await expect(pending.getByTestId('eks-pending-why')).toContainText('0/8 nodes are available');
  await expect(pending.getByTestId('eks-pending-reason')).toContainText(['1 Insufficient cpu']);
  await expect(pending.getByTestId('eks-pending-reason').filter({ hasText: "didn't match Pod's node affinity/selector" })).toHaveCount(1);

  // Headroom: more Spark workers do not fit (the Spot group cannot grow), small pods do.
  const sentence = page.getByTestId('eks-headroom-sentence');
  await expect(page.getByTestId('eks-headroom-shape')).toContainText('1.5 vCPU · 4 GiB · on nodes with workload=batch');
  await expect(sentence).toHaveAttribute('data-placed', '0');
  await expect(sentence).toContainText('No: not one more pod of this shape can be scheduled now.');
  await page.getByTestId('eks-headroom-like').click();
  await page.getByText('a size I type in', { exact: true }).click();
  // The general nodes are nearly full (their requests, not their use): 500m fits nowhere, 100m a few times.
  await expect(sentence).toHaveAttribute('data-placed', '0');
  const cpu = page.getByTestId('eks-headroom-cpu').locator('input');
  await cpu.fill('100');
  await cpu.press('Tab');
  const count = page.getByTestId('eks-headroom-count').locator('input');
  await count.fill('3');
  await count.press('Tab');
  await expect(sentence).toHaveAttribute('data-placed', '3');
  await expect(sentence).toHaveAttribute('data-requested', '3');
  await expect(sentence).toContainText('Yes: all 3 can be scheduled now');
  await expect(page.getByTestId('eks-headroom-placement').first()).toBeVisible();
});

test('a cluster that refuses Wharf\'s token says what to fix, and still shows its EKS part', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/eks/us-east-1/data-eks');
  const banner = page.getByTestId('eks-access-banner');
  await expect(banner).toHaveAttribute('data-state', 'unauthorized', { timeout: 20_000 });
  await expect(page.getByTestId('eks-access-message')).toContainText(/data-eks refused Wharf's token for arn:aws:iam::123456789012:user\/sim-\w+ \(401 Unauthorized\): that principal has no access entry/);
  await expect(page.getByTestId('eks-access-fix')).toContainText('create an access entry for arn:aws:iam::123456789012:user/sim-');
  await expect(page.getByTestId('eks-access-command').first()).toHaveText(/^aws eks create-access-entry --cluster-name data-eks --principal-arn arn:aws:iam::123456789012:user\/sim-\w+ --region us-east-1$/);
  await expect(page.getByTestId('eks-cluster-facts')).toContainText('on (node pools general-purpose, system)');
  await page.getByTestId('eks-tab-placement').click();
  await expect(page.getByText('No nodes or pods to show')).toBeVisible();
});

test('the Problems list shows every EKS rule the demo trips, beside the ECS problems', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/problems');
  const row = (kind: string) => page.locator(`[data-testid="problem-row"][data-kind="${kind}"]`);
  // Pods and nodes come through the cluster's Kubernetes API: wait for the slowest of them.
  await expect(row('pod-pending')).toContainText('batch/spark-worker: 2 pods pending', { timeout: 30_000 });
  await expect(row('node-not-ready')).toContainText(/shop-eks: node \S+ is NotReady/);
  await expect(row('pod-crash-loop')).toContainText('payments/fraud-score: CrashLoopBackOff');
  await expect(row('pod-image-pull')).toContainText('shop/recommendations: ImagePullBackOff');
  await expect(row('nodegroup-degraded')).toContainText('shop-eks node group spot-batch: AsgInstanceLaunchFailures');
  await expect(row('addon-degraded')).toContainText('shop-eks add-on eks-pod-identity-agent: degraded');
  await expect(row('version-support')).toContainText('shop-eks: Kubernetes 1.32 is past standard support');
  // data-eks refused Wharf: only its EKS-API part can trip a rule, and none does.
  await expect(page.locator('[data-testid="problem-row"]').filter({ hasText: 'data-eks' })).toHaveCount(0);
  // ECS problems share the list.
  await expect(page.locator('[data-testid="problem-row"][data-target*=":ecs:"]').first()).toBeVisible();
});

test('an EKS problem in the Problems list opens the map with its workload picked out', async ({ page, wharf }) => {
  await openWharf(page, wharf, '/problems');
  const row = page.locator('[data-testid="problem-row"][data-kind="pod-pending"]');
  await expect(row).toContainText('batch/spark-worker: 2 pods pending', { timeout: 30_000 });
  await row.getByTestId('problem-link').click();
  await expect(page).toHaveURL(/#\/eks\/us-east-1\/shop-eks\/placement\?highlight=batch(%2F|\/)spark-worker/);
  await expect(page.getByTestId('eks-headroom-shape')).toContainText('workload=batch');
});
