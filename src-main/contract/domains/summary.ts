import { z } from 'zod';

/** "Copy incident summary": a service's state as Markdown, for the incident channel. */
export const summaryMethods = {
  'summary.service': {
    args: z.object({ clusterArn: z.string().min(1).max(2048), serviceName: z.string().min(1).max(255) }).strict(),
    result: z.object({ markdown: z.string(), generatedAt: z.number() }),
  },
} as const;

export const summaryEvents = {} as const;
