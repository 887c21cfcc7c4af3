import { createRouter, createWebHashHistory, type Router } from 'vue-router';
import { routes } from './routes';

export function createAppRouter(): Router {
  return createRouter({ history: createWebHashHistory(), routes });
}

export { CLUSTER_TABS, CLUSTER_TAB_TITLES, EKS_TABS, EKS_TAB_TITLES } from './routes';
