/**
 * One applied batch of hub events as the one `changes` push the renderer
 * gets for it (docs/desktop.md, "Live changes"): the ids of what changed, so
 * the renderer re-reads only what it shows of them. Pure: no cache, no I/O.
 */
import type { ClientEvent } from '../../../shared/api.js';
import type { ApplyResult } from './apply-events.js';
import type { ApplyPhase } from './sync-engine.js';

export type ChangeEvent = Extract<ClientEvent, { type: 'changes' }>;

/**
 * The change a batch makes visible, or null when it changed nothing the renderer shows. A snapshot
 * page, a channel or an agent change can touch any row (names, links, who sees what): `all`.
 */
export function changeEventOf(result: ApplyResult, phase: ApplyPhase): ChangeEvent | null {
  const all = phase === 'snapshot' || result.channelsChanged || result.agentsChanged;
  const change: ChangeEvent = {
    type: 'changes',
    all,
    conversationIds: [...result.conversationIds],
    messages: [...result.messageIds].map(([conversationId, ids]) => ({ conversationId, messageIds: [...ids] })),
    contactIds: [...result.contactIds],
    templateChannelIds: [...result.templateChannelIds],
    ...(result.queueChannelIds.size > 0 ? { queueChannelIds: [...result.queueChannelIds] } : {}),
  };
  const empty =
    !all &&
    change.conversationIds.length === 0 &&
    change.messages.length === 0 &&
    change.contactIds.length === 0 &&
    change.templateChannelIds.length === 0 &&
    change.queueChannelIds === undefined;
  return empty ? null : change;
}
