/**
 * Records every request the sim answers (startSim's onExchange) and judges each answer against
 * the botocore models (Debian's and the newer ones in aws-models/), or the SDK's schemas for
 * an operation neither model knows.
 */
import * as ecsSdk from '@aws-sdk/client-ecs';
import { sourcesOf, validateError, validateErrorBody, validateOutput, type ModelService } from './botocore-validate';
import { validateAgainstSdk } from './sdk-schema';

export interface RecordedExchange {
  service: string;
  operation: string;
  protocol: string;
  status: number;
  input: unknown;
  output?: unknown;
  errorCode?: string;
  /** restJson1 errors: the body's members. */
  errorBody?: Record<string, unknown>;
}

// The front door names services by SigV4 signing name; botocore by its data folder.
const MODEL_OF: Record<string, ModelService> = {
  ecs: 'ecs',
  ecr: 'ecr',
  logs: 'logs',
  monitoring: 'cloudwatch',
  cloudwatch: 'cloudwatch',
  sts: 'sts',
  kms: 'kms',
  elasticloadbalancing: 'elbv2',
  events: 'events',
  sqs: 'sqs',
  eks: 'eks',
  ssm: 'ssm',
  'application-autoscaling': 'application-autoscaling',
};
// For an ECS operation neither model knows, its client's schemas judge it.
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

  /**
   * Every problem found, each naming the exchange; how many answers were judged, and by which
   * models: `newerOnly` are the operations Debian's models do not know (judged by the newer
   * ones alone), `bySdkSchema` those neither knows (judged by the SDK's schemas).
   */
  judge(): { problems: string[]; checked: number; byBoth: number; newerOnly: Set<string>; bySdkSchema: Set<string>; unjudged: Set<string> } {
    const problems: string[] = [];
    const newerOnly = new Set<string>();
    const bySdkSchema = new Set<string>();
    const unjudged = new Set<string>();
    let checked = 0;
    let byBoth = 0;
    for (const e of this.exchanges) {
      const service = MODEL_OF[e.service];
      if (!service || !e.operation) {
        unjudged.add(`${e.service}.${e.operation ?? '?'}`);
        continue;
      }
      const sources = sourcesOf(service, e.operation);
      if (sources.length === 2) byBoth++;
      else if (sources[0] === 'newer') newerOnly.add(`${service}.${e.operation}`);
      if (sources.length > 0) {
        checked++;
        problems.push(...(e.errorCode ? validateError(service, e.operation, e.errorCode) : validateOutput(service, e.operation, e.output)));
        if (e.errorCode && e.errorBody) problems.push(...validateErrorBody(service, e.operation, e.errorCode, e.errorBody));
      } else if (SDK_OF[service] && !e.errorCode) {
        checked++;
        bySdkSchema.add(`${service}.${e.operation}`);
        problems.push(...validateAgainstSdk(SDK_OF[service]!, e.operation, e.output));
      } else {
        unjudged.add(`${service}.${e.operation}`);
      }
    }
    return { problems: [...new Set(problems)], checked, byBoth, newerOnly, bySdkSchema, unjudged };
  }
}
