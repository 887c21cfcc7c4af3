/**
 * What changed in the world, as the engine and the API handlers change it. ECS publishes such
 * changes to EventBridge ("ECS Task State Change", "ECS Container Instance State Change",
 * "ECS Service Action", "ECS Deployment State Change", the service-deployment events); the
 * sim's event source turns these notes into those events. A change names the record as it is
 * now; listeners read what they need from it at once (the record keeps changing).
 */
import type { ContainerInstanceRecord, ServiceRecord, TaskRecord } from '../world/types';

export type WorldChange =
  | { kind: 'task'; task: TaskRecord }
  | { kind: 'instance'; instance: ContainerInstanceRecord }
  /** An "ECS Service Action" (eventName such as SERVICE_STEADY_STATE, SERVICE_TASK_PLACEMENT_FAILURE). */
  | { kind: 'service-action'; service: ServiceRecord; eventName: string; reason?: string }
  /** An "ECS Deployment State Change" (SERVICE_DEPLOYMENT_IN_PROGRESS, _COMPLETED, _FAILED). */
  | { kind: 'deployment'; service: ServiceRecord; deploymentId: string; eventName: string; reason?: string }
  /** A service deployment moved (lifecycle stage, hook status, status): its ARN, read from the service. */
  | { kind: 'service-deployment'; service: ServiceRecord; serviceDeploymentArn: string };

export type ChangeListener = (change: WorldChange) => void;

/** The engine's list of listeners; a listener that throws never stops the world. */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  listen(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(change: WorldChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // An event source's bug must not break the simulation.
      }
    }
  }
}
