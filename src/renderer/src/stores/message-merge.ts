/**
 * Keeps the conversation's message list in order while pages arrive: the
 * newest page is re-read after every change, older pages are prepended as the
 * agent scrolls up. An outbox entry and the message the hub made of it share a
 * client id, so the list never shows a reply twice.
 */
import type { ClientMessage } from '../../../shared/api.js';

function compareMessages(a: ClientMessage, b: ClientMessage): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function sortMessages(messages: readonly ClientMessage[]): ClientMessage[] {
  return [...messages].sort(compareMessages);
}

function identities(messages: readonly ClientMessage[]): Set<string> {
  const ids = new Set<string>();
  for (const m of messages) {
    ids.add(m.id);
    if (m.clientId) ids.add(m.clientId);
  }
  return ids;
}

function isKnown(message: ClientMessage, known: Set<string>): boolean {
  return known.has(message.id) || (message.clientId !== null && known.has(message.clientId));
}

/** Replaces the newest part of the list with a freshly read newest page. */
export function mergeNewestPage(
  existing: readonly ClientMessage[],
  page: readonly ClientMessage[],
  pageHasMore: boolean,
): ClientMessage[] {
  const fresh = sortMessages(page);
  const oldest = fresh[0];
  if (!pageHasMore || oldest === undefined) return fresh;
  const known = identities(fresh);
  const older = existing.filter((m) => compareMessages(m, oldest) < 0 && !isKnown(m, known));
  return [...older, ...fresh];
}

/** Puts an older page in front of the list. */
export function prependOlderPage(existing: readonly ClientMessage[], page: readonly ClientMessage[]): ClientMessage[] {
  const known = identities(existing);
  return [...sortMessages(page.filter((m) => !isKnown(m, known))), ...existing];
}

/** Puts these messages into the list, each replacing the one it is (same id or client id), in order. */
export function mergeMessages(existing: readonly ClientMessage[], incoming: readonly ClientMessage[]): ClientMessage[] {
  const known = identities(incoming);
  return sortMessages([...existing.filter((m) => !isKnown(m, known)), ...incoming]);
}
