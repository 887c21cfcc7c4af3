import type { UpdateInfo } from '../contract/domains/app';

/** Whether updates are on, from what the app knows about itself (pure, for tests). */
export function updateState(i: { packaged: boolean; feed: string | null; env: NodeJS.ProcessEnv }): UpdateInfo {
  if (!i.packaged) return { state: 'off', detail: 'not a packaged build' };
  if (i.env.WHARF_NO_UPDATES) return { state: 'off', detail: 'turned off by WHARF_NO_UPDATES' };
  if (i.feed === null) return { state: 'off', detail: 'this build names no update feed' };
  const field = (name: string) => new RegExp(`^${name}:\\s*['"]?([^'"\\s]+)`, 'm').exec(i.feed ?? '')?.[1];
  const owner = field('owner');
  const repo = field('repo');
  return { state: 'on', detail: owner && repo ? `GitHub Releases of ${owner}/${repo}` : 'the feed in app-update.yml' };
}
