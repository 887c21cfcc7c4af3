import type { RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** The window title's first part, and the palette's label for top-level views. */
    title?: string;
    /** Where Esc goes back to from this route (a route name; params carry over). */
    parent?: string;
    /** The tab this route belongs to inside a cluster. */
    clusterTab?: ClusterTab;
    /** The tab this route belongs to inside an EKS cluster. */
    eksTab?: EksTab;
  }
}

export const EKS_TABS = ['cluster', 'placement'] as const;
export type EksTab = (typeof EKS_TABS)[number];
export const EKS_TAB_TITLES: Record<EksTab, string> = { cluster: 'Cluster', placement: 'Pod placement' };

export const CLUSTER_TABS = ['services', 'tasks', 'instances', 'placement', 'capacity', 'deployments', 'events'] as const;
export type ClusterTab = (typeof CLUSTER_TABS)[number];

export const CLUSTER_TAB_TITLES: Record<ClusterTab, string> = {
  services: 'Services',
  tasks: 'Tasks',
  instances: 'Instances',
  placement: 'Placement',
  capacity: 'Capacity',
  deployments: 'Deployments',
  events: 'Events',
};

/**
 * Every view the issues name. Hash history, because the Electron app is served from a custom
 * protocol. Views load lazily so the first paint carries only the frame.
 */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/overview' },
  { path: '/problems', name: 'problems', component: () => import('../views/problems/ProblemsView.vue'), meta: { title: 'Problems' } },
  { path: '/overview', name: 'overview', component: () => import('../views/overview/OverviewView.vue'), meta: { title: 'All clusters' } },
  {
    path: '/clusters/:cluster',
    component: () => import('../views/cluster/ClusterLayout.vue'),
    props: true,
    children: [
      { path: '', name: 'cluster', redirect: (to) => ({ name: 'cluster.services', params: to.params }) },
      { path: 'services', name: 'cluster.services', component: () => import('../views/service/ServiceListView.vue'), props: true, meta: { title: 'Services', clusterTab: 'services', parent: 'overview' } },
      { path: 'services/:service', name: 'cluster.service', component: () => import('../views/service/ServiceDetailView.vue'), props: true, meta: { title: 'Service', clusterTab: 'services', parent: 'cluster.services' } },
      { path: 'services/:service/rollback', name: 'cluster.service.rollback', component: () => import('../views/rollback/ServiceRollbackView.vue'), props: true, meta: { title: 'Roll back', clusterTab: 'services', parent: 'cluster.service' } },
      { path: 'tasks', name: 'cluster.tasks', component: () => import('../views/task/TaskListView.vue'), props: true, meta: { title: 'Tasks', clusterTab: 'tasks', parent: 'overview' } },
      { path: 'tasks/:task', name: 'cluster.task', component: () => import('../views/task/TaskDetailView.vue'), props: true, meta: { title: 'Task', clusterTab: 'tasks', parent: 'cluster.tasks' } },
      { path: 'instances', name: 'cluster.instances', component: () => import('../views/instance/InstanceListView.vue'), props: true, meta: { title: 'Instances', clusterTab: 'instances', parent: 'overview' } },
      { path: 'placement', name: 'cluster.placement', component: () => import('../views/placement/PlacementView.vue'), props: true, meta: { title: 'Placement', clusterTab: 'placement', parent: 'overview' } },
      { path: 'deployments', name: 'cluster.deployments', component: () => import('../views/deployments/DeploymentsView.vue'), props: true, meta: { title: 'Deployments', clusterTab: 'deployments', parent: 'overview' } },
      { path: 'events', name: 'cluster.events', component: () => import('../views/history/EventsView.vue'), props: true, meta: { title: 'Events', clusterTab: 'events', parent: 'overview' } },
      { path: 'capacity', name: 'cluster.capacity', component: () => import('../views/capacity/CapacityView.vue'), props: true, meta: { title: 'Capacity', clusterTab: 'capacity', parent: 'overview' } },
    ],
  },
  {
    // EKS pages name their region: EKS clusters of every watched region are read, so no switch is needed.
    path: '/eks/:region/:cluster',
    component: () => import('../views/eks/EksClusterLayout.vue'),
    props: true,
    children: [
      { path: '', name: 'eks.cluster', component: () => import('../views/eks/EksClusterView.vue'), props: true, meta: { title: 'EKS cluster', eksTab: 'cluster', parent: 'overview' } },
      { path: 'placement', name: 'eks.placement', component: () => import('../views/eks/EksPlacementView.vue'), props: true, meta: { title: 'Pod placement', eksTab: 'placement', parent: 'eks.cluster' } },
    ],
  },
  { path: '/events', name: 'events', component: () => import('../views/history/EventsView.vue'), meta: { title: 'Events' } },
  { path: '/deployments', name: 'deployments', component: () => import('../views/deployments/DeploymentsView.vue'), meta: { title: 'Deployments' } },
  { path: '/deployments/:arn(.*)', name: 'deployment', component: () => import('../views/deployments/DeploymentDetailView.vue'), props: true, meta: { title: 'Deployment', parent: 'deployments' } },
  { path: '/registry', name: 'registry', component: () => import('../views/registry/RegistryView.vue'), meta: { title: 'Registry' } },
  { path: '/audit', name: 'audit', component: () => import('../views/audit/AuditView.vue'), meta: { title: 'Audit log' } },
  { path: '/settings', name: 'settings', component: () => import('../views/settings/SettingsView.vue'), meta: { title: 'Settings' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('../views/frame/NotFoundView.vue'), meta: { title: 'Not found', parent: 'overview' } },
];
