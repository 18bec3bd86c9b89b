/**
 * Turns the flat message page into what the thread shows: reactions attach to
 * the message they react to (shown alone only when that message is not
 * loaded), quotes resolve to the quoted message.
 */
import type { ClientMessage } from '../../../../shared/api.js';

export interface Thread {
  items: ClientMessage[];
  reactionsByProviderId: ReadonlyMap<string, string[]>;
  byProviderId: ReadonlyMap<string, ClientMessage>;
}

export function buildThread(messages: readonly ClientMessage[]): Thread {
  const byProviderId = new Map<string, ClientMessage>();
  for (const m of messages) if (m.providerMessageId) byProviderId.set(m.providerMessageId, m);
  const reactionsByProviderId = new Map<string, string[]>();
  const items: ClientMessage[] = [];
  for (const m of messages) {
    const reaction = m.kind === 'reaction' ? m.meta.reaction : undefined;
    if (reaction && byProviderId.has(reaction.targetProviderMessageId)) {
      const list = reactionsByProviderId.get(reaction.targetProviderMessageId) ?? [];
      // An empty emoji is WhatsApp's "reaction removed".
      if (reaction.emoji) list.push(reaction.emoji);
      reactionsByProviderId.set(reaction.targetProviderMessageId, list);
      continue;
    }
    items.push(m);
  }
  return { items, reactionsByProviderId, byProviderId };
}
