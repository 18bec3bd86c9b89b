/**
 * The contact's name, notes, email and custom attributes in the side panel (issues 13 §3, 14 §4): "Rename"
 * and "Edit details" open small forms in place, notes are a text box saved with its button. Both go to the hub (PATCH /api/contacts/:id); the new
 * snapshot comes back through the event log to every agent's cache, this one's included. Without
 * "update" the name and notes are shown, not editable, with the reason in words. Both are keyed by
 * the contact in the panel, so switching conversations starts them afresh.
 */
import { useId, useState, type FormEvent } from 'react';
import { ContactEmail, type ContactPatch } from '../../../../shared/contact-patch.js';
import {
  CONTACT_ATTRIBUTE_KEY_MAX,
  CONTACT_ATTRIBUTE_VALUE_MAX,
  CONTACT_ATTRIBUTES_MAX,
  CONTACT_NOTES_MAX,
  type ChannelKind,
  type Contact,
} from '../../../../shared/domain.js';
import type { MessageKey } from '../../i18n/en.js';
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
  async function save(change: ContactPatch): Promise<boolean> {
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

/** Save and Cancel under an edit form, and why the last save failed. */
function EditActions({ status, onCancel }: { status: Status; onCancel: () => void }) {
  const { t } = useT();
  return (
    <>
      <div className="contact-edit-actions">
        <button type="submit" disabled={status.kind === 'saving'}>
          {t('contactEdit.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('contactEdit.cancel')}
        </button>
      </div>
      {status.kind === 'error' && <StatusLine status={status} />}
    </>
  );
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
      <EditActions status={status} onCancel={() => setEditing(false)} />
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

interface AttributeRow {
  readonly id: number;
  readonly key: string;
  readonly value: string;
}

/** Why the form cannot be saved as it is, in the agent's words; null when it can. */
function detailsProblem(
  email: string,
  rows: readonly AttributeRow[],
): { key: MessageKey; params?: Record<string, string | number> } | null {
  if (!ContactEmail.safeParse(email).success) return { key: 'contactDetails.badEmail' };
  if (rows.length > CONTACT_ATTRIBUTES_MAX)
    return { key: 'contactDetails.tooMany', params: { max: CONTACT_ATTRIBUTES_MAX } };
  const seen = new Set<string>();
  for (const row of rows) {
    const key = row.key.trim();
    if (key === '') return { key: 'contactDetails.emptyKey' };
    if (key.length > CONTACT_ATTRIBUTE_KEY_MAX)
      return { key: 'contactDetails.keyTooLong', params: { max: CONTACT_ATTRIBUTE_KEY_MAX } };
    if (row.value.length > CONTACT_ATTRIBUTE_VALUE_MAX)
      return { key: 'contactDetails.valueTooLong', params: { max: CONTACT_ATTRIBUTE_VALUE_MAX } };
    if (seen.has(key)) return { key: 'contactDetails.duplicateKey', params: { key } };
    seen.add(key);
  }
  return null;
}

/**
 * The contact's email and custom attributes (key → short text): shown as a list, edited in place with
 * "Edit details" (one row per attribute, added and removed by button). The form says in words what
 * keeps it from saving (not an email address, too many attributes, a name missing or used twice)
 * before anything goes to the hub, which checks the same bounds.
 */
export function ContactDetails({ contact, shown }: { contact: Contact; shown: string }) {
  const { t } = useT();
  const may = usePermission('editContact');
  const [editing, setEditing] = useState(false);
  const [email, setEmail] = useState('');
  const [rows, setRows] = useState<AttributeRow[]>([]);
  const [nextId, setNextId] = useState(0);
  const [problem, setProblem] = useState<ReturnType<typeof detailsProblem>>(null);
  const { status, save } = useSave(contact.id);
  const id = useId();
  const attributes = Object.entries(contact.attributes ?? {});

  function startEditing() {
    setEmail(contact.email ?? '');
    setRows(attributes.map(([key, value], i) => ({ id: i, key, value })));
    setNextId(attributes.length);
    setProblem(null);
    setEditing(true);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = detailsProblem(email, rows);
    setProblem(found);
    if (found) return;
    const change = {
      email: email.trim(),
      attributes: Object.fromEntries(rows.map((row) => [row.key.trim(), row.value])),
    };
    if (await save(change)) setEditing(false);
  }

  if (!editing) {
    return (
      <section className="contact-details" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{t('contactDetails.title')}</h3>
        {contact.email === undefined && attributes.length === 0 ? (
          <p className="muted">{t('contactDetails.noDetails')}</p>
        ) : (
          <dl>
            {contact.email !== undefined && (
              <>
                <dt>{t('contactDetails.email')}</dt>
                <dd className="contact-email">{contact.email}</dd>
              </>
            )}
            {attributes.map(([key, value]) => (
              <div key={key} className="contact-attribute">
                <dt>{key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        )}
        {may.allowed && (
          <button
            type="button"
            className="link-button"
            aria-label={t('contactDetails.editLabel', { name: shown })}
            onClick={startEditing}
          >
            {t('contactDetails.edit')}
          </button>
        )}
        {status.kind !== 'idle' && <StatusLine status={status} />}
      </section>
    );
  }
  return (
    <form
      className="contact-details contact-details-form"
      noValidate
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => void submit(e)}
    >
      <h3 id={`${id}-title`}>{t('contactDetails.title')}</h3>
      <label htmlFor={`${id}-email`}>{t('contactDetails.email')}</label>
      <input
        id={`${id}-email`}
        type="email"
        value={email}
        maxLength={254}
        autoFocus
        autoComplete="off"
        aria-invalid={problem?.key === 'contactDetails.badEmail' ? true : undefined}
        onChange={(e) => setEmail(e.target.value)}
      />
      <fieldset>
        <legend>{t('contactDetails.attributes')}</legend>
        {rows.map((row, i) => (
          <div key={row.id} className="contact-attribute-row">
            <input
              type="text"
              value={row.key}
              maxLength={CONTACT_ATTRIBUTE_KEY_MAX}
              placeholder={t('contactDetails.key')}
              aria-label={t('contactDetails.keyLabel', { n: i + 1 })}
              onChange={(e) => setRows(rows.map((r) => (r.id === row.id ? { ...r, key: e.target.value } : r)))}
            />
            <input
              type="text"
              value={row.value}
              maxLength={CONTACT_ATTRIBUTE_VALUE_MAX}
              placeholder={t('contactDetails.value')}
              aria-label={t('contactDetails.valueLabel', { n: i + 1 })}
              onChange={(e) => setRows(rows.map((r) => (r.id === row.id ? { ...r, value: e.target.value } : r)))}
            />
            <button
              type="button"
              aria-label={t('contactDetails.removeLabel', { n: i + 1 })}
              onClick={() => setRows(rows.filter((r) => r.id !== row.id))}
            >
              {t('contactDetails.remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          disabled={rows.length >= CONTACT_ATTRIBUTES_MAX}
          onClick={() => {
            setRows([...rows, { id: nextId, key: '', value: '' }]);
            setNextId(nextId + 1);
          }}
        >
          {t('contactDetails.add')}
        </button>
        <p className="muted">
          {t('contactDetails.attributesHint', {
            max: CONTACT_ATTRIBUTES_MAX,
            keyMax: CONTACT_ATTRIBUTE_KEY_MAX,
            valueMax: CONTACT_ATTRIBUTE_VALUE_MAX,
          })}
        </p>
      </fieldset>
      {problem && (
        <p className="contact-details-problem" role="alert">
          {t(problem.key, problem.params)}
        </p>
      )}
      <EditActions status={status} onCancel={() => setEditing(false)} />
    </form>
  );
}
