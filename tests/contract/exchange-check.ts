/**
 * Records every request the sim answers (startSim's onExchange) and judges each answer against
 * the botocore models, or the SDK's schemas for operations newer than those models.
 */
import * as ecsSdk from '@aws-sdk/client-ecs';
import { hasOperation, validateError, validateOutput, type ModelService } from './botocore-validate';
import { validateAgainstSdk } from './sdk-schema';

export interface RecordedExchange {
  service: string;
  operation: string;
  protocol: string;
  status: number;
  input: unknown;
  output?: unknown;
  errorCode?: string;
}

// The front door names services by SigV4 signing name; botocore by its data folder.
const MODEL_OF: Record<string, ModelService> = {
  ecs: 'ecs', ecr: 'ecr', logs: 'logs', monitoring: 'cloudwatch', cloudwatch: 'cloudwatch', sts: 'sts', elasticloadbalancing: 'elbv2',
};
// Only ECS has operations newer than the models; its client's schemas judge them.
const SDK_OF: Partial<Record<ModelService, Record<string, unknown>>> = { ecs: ecsSdk as unknown as Record<string, unknown> };

export class ExchangeLog {
  readonly exchanges: RecordedExchange[] = [];
  readonly onExchange = (exchange: RecordedExchange): void => {
    this.exchanges.push(exchange);
  };

  /** `service.Operation` of every answer (errors included), for coverage assertions. */
  operations(): Set<string> {
    return new Set(this.exchanges.map((e) => `${MODEL_OF[e.service] ?? e.service}.${e.operation}`));
  }

  errorCodes(): Set<string> {
    return new Set(this.exchanges.flatMap((e) => (e.errorCode ? [`${MODEL_OF[e.service] ?? e.service}.${e.operation}:${e.errorCode}`] : [])));
  }

  /** Every problem found, each naming the exchange; plus what was judged by the SDK instead. */
  judge(): { problems: string[]; checked: number; bySdkSchema: Set<string>; unjudged: Set<string> } {
    const problems: string[] = [];
    const bySdkSchema = new Set<string>();
    const unjudged = new Set<string>();
    let checked = 0;
    for (const e of this.exchanges) {
      const service = MODEL_OF[e.service];
      if (!service || !e.operation) {
        unjudged.add(`${e.service}.${e.operation ?? '?'}`);
        continue;
      }
      checked++;
      if (e.errorCode) {
        problems.push(...validateError(service, e.operation, e.errorCode));
      } else if (hasOperation(service, e.operation)) {
        problems.push(...validateOutput(service, e.operation, e.output));
      } else if (SDK_OF[service]) {
        bySdkSchema.add(`${service}.${e.operation}`);
        problems.push(...validateAgainstSdk(SDK_OF[service]!, e.operation, e.output));
      } else {
        unjudged.add(`${service}.${e.operation}`);
      }
    }
    return { problems: [...new Set(problems)], checked, bySdkSchema, unjudged };
  }
}
