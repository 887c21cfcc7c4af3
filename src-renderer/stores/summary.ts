import { defineStore } from 'pinia';
import { storeApi } from './api-context';

/** The incident summary: core writes a service's state as Markdown for the incident channel. */
export const useSummaryStore = defineStore('summary', () => {
  const api = storeApi();

  /** Deployments, events, stopped tasks with exit codes and the last error lines of its logs. */
  async function serviceMarkdown(clusterArn: string, serviceName: string): Promise<string> {
    return (await api.call('summary.service', { clusterArn, serviceName })).markdown;
  }

  return { serviceMarkdown };
});
