import { DescribeServiceDeploymentsCommand, type ServiceDeployment } from '@aws-sdk/client-ecs';
import type { EcsLike } from '../aws/reads';

/** One service deployment (the newer ECS deployment API), or null when ECS does not know it. */
export async function describeServiceDeployment(ecs: EcsLike, serviceDeploymentArn: string): Promise<ServiceDeployment | null> {
  const res = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [serviceDeploymentArn] }));
  return res.serviceDeployments?.[0] ?? null;
}

/** A stop or rollback was already asked for (or has finished): asking again would be a second action. */
export function stopIsUnderway(status: string | undefined): boolean {
  return status !== undefined && status !== 'PENDING' && status !== 'IN_PROGRESS';
}
