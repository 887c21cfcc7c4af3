/** Task definition bodies for scenario services: realistic, and each exercising something. */
import type { Json } from '../world/types';

export interface AppSpec {
  family: string;
  image: string;
  cpu: number;
  memory: number;
  networkMode: 'bridge' | 'awsvpc' | 'host';
  port?: number;
  fargate?: boolean;
  accountId: string;
  region: string;
  extra?: Json;
  container?: Json;
}

export function appTaskDefinition(spec: AppSpec): Json {
  const role = (name: string) => `arn:aws:iam::${spec.accountId}:role/${name}`;
  return {
    family: spec.family,
    networkMode: spec.networkMode,
    taskRoleArn: role(`${spec.family}-task`),
    executionRoleArn: role('ecsTaskExecutionRole'),
    requiresCompatibilities: spec.fargate ? ['FARGATE'] : ['EC2'],
    cpu: String(spec.cpu),
    memory: String(spec.memory),
    runtimePlatform: spec.fargate ? { cpuArchitecture: 'X86_64', operatingSystemFamily: 'LINUX' } : undefined,
    containerDefinitions: [
      {
        name: 'app',
        image: spec.image,
        essential: true,
        cpu: spec.cpu,
        memoryReservation: Math.floor(spec.memory * 0.75),
        portMappings: spec.port
          ? [{ containerPort: spec.port, hostPort: spec.networkMode === 'bridge' ? 0 : spec.port, protocol: 'tcp', name: 'http', appProtocol: 'http' }]
          : [],
        environment: [
          { name: 'NODE_ENV', value: 'production' },
          { name: 'PORT', value: String(spec.port ?? 8080) },
        ],
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': `/ecs/${spec.family}`, 'awslogs-region': spec.region, 'awslogs-stream-prefix': 'ecs' },
        },
        healthCheck: spec.port
          ? { command: ['CMD-SHELL', `curl -fs http://localhost:${spec.port}/healthz || exit 1`], interval: 30, timeout: 5, retries: 3, startPeriod: 10 }
          : undefined,
        ...spec.container,
      },
    ],
    ...spec.extra,
  };
}
