import type { notificationsMethods } from '../../contract/domains/notifications';
import type { DomainHandlers } from '../rpc/handlers';
import type { NotificationsService } from './notifications-service';

export function notificationsHandlers(deps: { notifications: NotificationsService }): DomainHandlers<typeof notificationsMethods> {
  const { notifications } = deps;
  return {
    'notifications.list': () => notifications.list(),
    'notifications.markRead': ({ keys }) => notifications.markRead(keys),
  };
}
