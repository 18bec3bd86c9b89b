/**
 * Native desktop notifications for what the core's notification policy
 * decided to show; clicking one opens its conversation.
 */
import { Notification } from 'electron';

export interface DesktopNotification {
  readonly title: string;
  readonly body: string;
  readonly conversationId: string | null;
}

export function showDesktopNotification(
  note: DesktopNotification,
  options: { readonly silent: boolean; readonly onOpen: (conversationId: string | null) => void },
): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: note.title, body: note.body, silent: options.silent });
  n.on('click', () => options.onOpen(note.conversationId));
  n.show();
}
