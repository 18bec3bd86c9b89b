/**
 * The contact's name and notes in the side panel (issue 13 §3): "Rename" opens a small form in place,
 * notes are a text box saved with its button. Both go to the hub (PATCH /api/contacts/:id); the new
 * snapshot comes back through the event log to every agent's cache, this one's included. Without
 * "update" the name and notes are shown, not editable, with the reason in words. Both are keyed by
 * the contact in the panel, so switching conversations starts them afresh.
 */
import { useId, useState, type FormEvent } from 'react';
import { CONTACT_NOTES_MAX, type ChannelKind, type Contact } from '../../../../shared/domain.js';
import { CallFailure, failureOf, type Failure } from '../../common/call-failure.js';
import { useApi } from '../../common/use-api.js';
import { usePermission } from '../../common/use-permission.js';
import { useT } from '../../common/use-t.js';
import './contact-edit.css';

const KIND_LABEL: Readonly<Record<ChannelKind, string>> = {
  whatsapp: 'WhatsApp',
  twilio: 'WhatsApp',
  telegram: 'Telegram',
  line: 'LINE',
  wechat: 'WeChat',
};

type Status = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved' } | { kind: 'error'; failure: Failure };

function useSave(contactId: string) {
  const api = useApi();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  async function save(change: { name?: string; notes?: string }): Promise<boolean> {
    setStatus({ kind: 'saving' });
    try {
      await api.updateContact(contactId, change);
      setStatus({ kind: 'saved' });
      return true;
    } catch (err) {
      setStatus({ kind: 'error', failure: failureOf(err) });
      return false;
    }
  }
  return { status, save };
}

function StatusLine({ status }: { status: Status }) {
  const { t } = useT();
  if (status.kind === 'error') return <CallFailure failure={status.failure} />;
  return (
    <p className="muted contact-edit-status" role="status">
      {status.kind === 'saving' ? t('contactEdit.saving') : status.kind === 'saved' ? t('contactEdit.saved') : ''}
    </p>
  );
}

export function ContactName({ contact, kind, shown }: { contact: Contact; kind: ChannelKind; shown: string }) {
  const { t } = useT();
  const may = usePermission('editContact');
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const { status, save } = useSave(contact.id);
  const inputId = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await save({ name: text })) setEditing(false);
  }

  if (!editing) {
    return (
      <div className="contact-name">
        <h2 title={shown}>{shown}</h2>
        {contact.nameSetByAgent && <span className="muted contact-name-source">{t('contactEdit.renamedByAgent')}</span>}
        {may.allowed ? (
          <button
            type="button"
            className="link-button"
            aria-label={t('contactEdit.renameLabel', { name: shown })}
            onClick={() => {
              setText(contact.nameSetByAgent ? contact.name : shown);
              setEditing(true);
            }}
          >
            {t('contactEdit.rename')}
          </button>
        ) : null}
        {status.kind !== 'idle' && <StatusLine status={status} />}
      </div>
    );
  }
  return (
    <form className="contact-rename" onSubmit={(e) => void submit(e)}>
      <label htmlFor={inputId}>{t('contactEdit.name')}</label>
      <input
        id={inputId}
        type="text"
        value={text}
        maxLength={256}
        autoFocus
        aria-describedby={`${inputId}-hint`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setEditing(false);
        }}
      />
      <p id={`${inputId}-hint`} className="muted">
        {t('contactEdit.nameHint', { kind: KIND_LABEL[kind] })}
      </p>
      <div className="contact-edit-actions">
        <button type="submit" disabled={status.kind === 'saving'}>
          {t('contactEdit.save')}
        </button>
        <button type="button" onClick={() => setEditing(false)}>
          {t('contactEdit.cancel')}
        </button>
      </div>
      {status.kind === 'error' && <StatusLine status={status} />}
    </form>
  );
}

export function ContactNotes({ contact }: { contact: Contact }) {
  const { t } = useT();
  const may = usePermission('editContact');
  const stored = contact.notes ?? '';
  const [text, setText] = useState(stored);
  const { status, save } = useSave(contact.id);
  const id = useId();
  // Another agent's change arrives live: take it unless this agent is in the middle of writing.
  const [base, setBase] = useState(stored);
  if (stored !== base) {
    setBase(stored);
    if (text === base) setText(stored);
  }

  if (!may.allowed) {
    return stored === '' ? null : (
      <section className="contact-notes" aria-labelledby={`${id}-title`} title={may.reason ?? undefined}>
        <h3 id={`${id}-title`}>{t('contactEdit.notes')}</h3>
        <p className="contact-notes-text">{stored}</p>
      </section>
    );
  }
  return (
    <form
      className="contact-notes"
      onSubmit={(e) => {
        e.preventDefault();
        void save({ notes: text });
      }}
    >
      <label htmlFor={id}>
        <h3>{t('contactEdit.notes')}</h3>
      </label>
      <textarea
        id={id}
        value={text}
        rows={4}
        maxLength={CONTACT_NOTES_MAX}
        aria-describedby={`${id}-hint`}
        onChange={(e) => setText(e.target.value)}
      />
      <p id={`${id}-hint`} className="muted">
        {t('contactEdit.notesHint', { count: text.length, max: CONTACT_NOTES_MAX })}
      </p>
      <button type="submit" disabled={status.kind === 'saving' || text === stored}>
        {t('contactEdit.saveNotes')}
      </button>
      <StatusLine status={status} />
    </form>
  );
}
