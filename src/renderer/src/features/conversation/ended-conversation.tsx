/**
 * An ended conversation opens read-only (docs/lifecycle.md, "Conversations and tickets"): when the
 * contact has a newer conversation (on the same channel identity), this one was resolved and the customer
 * wrote again later — the composer gives way to a line pointing at the newer one. It comes from the
 * cache's past conversations, so it holds offline too.
 */
import type { ConversationDetail } from '../../../../shared/api.js';
import type { Conversation } from '../../../../shared/domain.js';
import { useConversation, useInbox } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';

/** The contact's newest conversation after this one, or null when this one is the latest. */
export function newerConversationOf(detail: ConversationDetail | null): Conversation | null {
  if (!detail) return null;
  const current = detail.row.conversation;
  const later = (c: Conversation) =>
    c.createdAt > current.createdAt || (c.createdAt === current.createdAt && c.id > current.id);
  let newest: Conversation | null = null;
  for (const c of detail.pastConversations) {
    if (c.contactId !== current.contactId || !later(c)) continue;
    if (newest === null || c.createdAt > newest.createdAt || (c.createdAt === newest.createdAt && c.id > newest.id))
      newest = c;
  }
  return newest;
}

export function useNewerConversation(): Conversation | null {
  return useConversation((s) => newerConversationOf(s.detail ?? null));
}

export function EndedConversationNote({ newer }: { newer: Conversation }) {
  const { t } = useT();
  const selectConversation = useInbox((s) => s.selectConversation);
  return (
    <section className="composer composer-ended" aria-label={t('composer.label')}>
      <p role="note">
        {t('tickets.ended')}{' '}
        <button type="button" className="link-button" onClick={() => selectConversation(newer.id)}>
          {t('tickets.endedOpen')}
        </button>
      </p>
    </section>
  );
}
