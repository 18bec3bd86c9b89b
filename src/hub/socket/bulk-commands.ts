/**
 * `conversation.bulk`: one triage action (assign, status, snooze, labels) on
 * up to BULK_MAX conversations, for the inbox's selection. Each conversation is
 * authorized and changed on its own, exactly as its single command would be
 * (the same service call, its own transaction, its own events), so one the
 * agent may not touch is refused by name while the others change. The answer
 * lists one outcome per id, in the order asked.
 */
import type { Conversation } from '../../shared/domain.js';
import { AppError, parseOrThrow } from '../../shared/errors.js';
import { BULK_MAX, BulkRequest, type BulkAction, type BulkOutcome, type BulkResult } from '../../shared/protocol.js';
import { requirePermission, type Actor } from '../services/actor.js';
import type { ConversationService } from '../services/conversations.js';

/** Counts the ids before the schema parses them, so an oversized selection gets its own code, not a generic one. */
function refuseOversized(raw: unknown): void {
  if (typeof raw !== 'object' || raw === null || !('conversationIds' in raw)) return;
  const ids = raw.conversationIds;
  if (Array.isArray(ids) && ids.length > BULK_MAX) {
    throw new AppError('BULK_TOO_LARGE', `At most ${BULK_MAX} conversations can be changed at once.`, {
      max: BULK_MAX,
      asked: ids.length,
    });
  }
}

async function applyOne(
  conversations: ConversationService,
  actor: Actor,
  id: string,
  action: BulkAction,
): Promise<Conversation> {
  switch (action.type) {
    case 'assign':
      return await conversations.assign(actor, { conversationId: id, assigneeId: action.assigneeId });
    case 'status':
      return await conversations.setStatus(actor, { conversationId: id, status: action.status, snoozedUntil: null });
    case 'snooze':
      return await conversations.setStatus(actor, {
        conversationId: id,
        status: 'pending',
        snoozedUntil: action.until,
      });
    case 'labels': {
      const current = (await conversations.get(actor, id)).labels;
      const removed = new Set(action.remove);
      const labels = [...current.filter((l) => !removed.has(l)), ...action.add];
      return await conversations.setLabels(actor, { conversationId: id, labels });
    }
  }
}

/**
 * Changes one conversation as its single command would. The permissions are the actor's and were checked
 * for the whole selection; a FORBIDDEN reading the conversation can then only mean its channel.
 */
async function changeOne(
  conversations: ConversationService,
  actor: Actor,
  id: string,
  action: BulkAction,
): Promise<BulkOutcome> {
  try {
    try {
      await conversations.readable(actor, id);
    } catch (error) {
      throw error instanceof AppError && error.code === 'FORBIDDEN' ? new AppError('CHANNEL_NOT_LINKED') : error;
    }
    return { conversationId: id, ok: true, conversation: await applyOne(conversations, actor, id, action) };
  } catch (error) {
    // Anything but a refusal (a database failure) ends the command: the hub logs it, the client is told INTERNAL.
    if (!(error instanceof AppError)) throw error;
    return { conversationId: id, ok: false, error: error.toBody() };
  }
}

export async function bulkUpdate(conversations: ConversationService, actor: Actor, raw: unknown): Promise<BulkResult> {
  refuseOversized(raw);
  const req = parseOrThrow(BulkRequest, raw);
  requirePermission(actor, 'view');
  requirePermission(actor, 'update');
  return {
    outcomes: await Promise.all(
      [...new Set(req.conversationIds)].map(async (id) => await changeOne(conversations, actor, id, req.action)),
    ),
  };
}
