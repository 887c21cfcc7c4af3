import type { Handlers } from '../rpc/handlers';
import type { NotificationsService } from './notifications-service';

export function notificationsHandlers(deps: { notifications: NotificationsService }): Handlers<'notifications.list' | 'notifications.markRead'> {
  const { notifications } = deps;
  return {
    'notifications.list': () => notifications.list(),
    'notifications.markRead': ({ keys }) => notifications.markRead(keys),
  };
}
