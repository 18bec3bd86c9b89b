/**
 * Native desktop notifications for what the core's notification policy
 * decided to show; clicking one opens its conversation. The policy groups a
 * conversation's burst into one notification (docs/desktop.md "Notification
 * grouping"): the shell only replaces that conversation's earlier one with it.
 */
import { Notification } from 'electron';

export interface DesktopNotification {
  readonly title: string;
  readonly body: string;
  readonly conversationId: string | null;
}

/** The notification on screen per conversation (null: the summary), so the next one replaces it. */
const shown = new Map<string | null, Notification>();

export function showDesktopNotification(
  note: DesktopNotification,
  options: { readonly silent: boolean; readonly onOpen: (conversationId: string | null) => void },
): void {
  if (!Notification.isSupported()) return;
  shown.get(note.conversationId)?.close();
  const n = new Notification({ title: note.title, body: note.body, silent: options.silent });
  shown.set(note.conversationId, n);
  n.on('click', () => options.onOpen(note.conversationId));
  n.on('close', () => {
    if (shown.get(note.conversationId) === n) shown.delete(note.conversationId);
  });
  n.show();
}
