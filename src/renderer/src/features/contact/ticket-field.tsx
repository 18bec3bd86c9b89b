/**
 * The ticket in the side panel (docs/lifecycle.md, "Conversations and tickets"): its number and subject;
 * agents with "update" edit the subject in place (≤ 200 characters) and, without a ticket (auto-convert
 * off), convert the conversation to one. Both are hub calls; the changed conversation comes back to
 * every agent's cache through the event log. An ended conversation (read-only) shows the ticket only.
 */
import { useId, useState, type FormEvent } from 'react';
import type { Conversation } from '../../../../shared/domain.js';
import { TICKET_SUBJECT_MAX } from '../../../../shared/tickets.js';
import { CallFailure } from '../../common/call-failure.js';
import { useApi } from '../../common/use-api.js';
import { useHubCall } from '../../common/use-hub-call.js';
import { usePermission } from '../../common/use-permission.js';
import { useT } from '../../common/use-t.js';

export function TicketField({ conversation, readOnly }: { conversation: Conversation; readOnly: boolean }) {
  const { t } = useT();
  const api = useApi();
  const may = usePermission('editContact');
  const call = useHubCall();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const inputId = useId();
  const ticket = conversation.ticket;
  const canChange = may.allowed && !readOnly;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await call.run(() => api.setTicketSubject(conversation.id, text))) setEditing(false);
  }

  if (ticket === null) {
    return (
      <dd className="ticket-field">
        {t('contact.noTicket')}
        {canChange && (
          <button
            type="button"
            className="link-button"
            disabled={call.busy}
            onClick={() => void call.run(() => api.convertToTicket(conversation.id))}
          >
            {call.busy ? t('tickets.converting') : t('tickets.convert')}
          </button>
        )}
        <CallFailure failure={call.failure} />
      </dd>
    );
  }
  if (editing) {
    return (
      <dd className="ticket-field">
        <form className="contact-rename" onSubmit={(e) => void submit(e)}>
          <label htmlFor={inputId}>{t('tickets.subject')}</label>
          <input
            id={inputId}
            type="text"
            value={text}
            maxLength={TICKET_SUBJECT_MAX}
            required
            autoFocus
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(false);
            }}
          />
          <div className="contact-edit-actions">
            <button type="submit" disabled={call.busy || text.trim() === ''}>
              {t('tickets.saveSubject')}
            </button>
            <button type="button" onClick={() => setEditing(false)}>
              {t('tickets.cancelSubject')}
            </button>
          </div>
          <CallFailure failure={call.failure} />
        </form>
      </dd>
    );
  }
  return (
    <dd className="ticket-field">
      <span className="ticket-subject">{`${t('conversation.ticket', { number: ticket.number })} ${ticket.subject}`}</span>
      {canChange && (
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setText(ticket.subject);
            setEditing(true);
          }}
        >
          {t('tickets.editSubject')}
        </button>
      )}
    </dd>
  );
}
