import type { AppNotification } from '@contract/domains/notifications';
import { parseArn } from '@contract/arn';

/**
 * Notifications belong to the account whose cluster they are about (the cluster ARN's
 * account): the bell shows the open account's, and keeps the others apart, labelled with the
 * profile that was open when they came. Without an open session every one is "here".
 */
export function notificationsOfAccount(all: readonly AppNotification[], accountId: string | null): { here: AppNotification[]; others: AppNotification[] } {
  if (!accountId) return { here: [...all], others: [] };
  const here: AppNotification[] = [];
  const others: AppNotification[] = [];
  for (const n of all) (accountOf(n) === accountId ? here : others).push(n);
  return { here, others };
}

export function accountOf(n: Pick<AppNotification, 'clusterArn'>): string | null {
  return parseArn(n.clusterArn)?.accountId ?? null;
}

/** How another account's notification is labelled: "prod-admin · 1234 5678 9012". */
export function accountLabel(n: Pick<AppNotification, 'clusterArn' | 'profile'>): string {
  const account = accountOf(n);
  const spaced = account ? account.replace(/(\d{4})(?=\d)/g, '$1 ') : 'unknown account';
  return n.profile ? `${n.profile} · ${spaced}` : spaced;
}
