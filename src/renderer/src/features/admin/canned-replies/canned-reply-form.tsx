/**
 * Writing one canned reply, team or personal: title, optional shortcut,
 * channel (or all), the text with a button per placeholder (inserted at the
 * caret) and a preview filled with example values. It checks by the same
 * rules the hub does (src/shared/canned-replies.ts) and says what is wrong in
 * the agent's language before anything is sent.
 */
import { useId, useLayoutEffect, useRef, useState, type FormEvent } from 'react';
import {
  CANNED_REPLY_PLACEHOLDERS,
  SHORTCUT_PATTERN,
  fillPlaceholders,
  placeholderToken,
  unknownPlaceholders,
  type CannedReplyPlaceholder,
} from '../../../../../shared/canned-replies.js';
import {
  CANNED_REPLY_SHORTCUT_MAX,
  CANNED_REPLY_TEXT_MAX,
  CANNED_REPLY_TITLE_MAX,
  type CannedReply,
} from '../../../../../shared/domain.js';
import { CallFailure } from '../../../common/call-failure.js';
import { useHubCall } from '../../../common/use-hub-call.js';
import { useT, type T } from '../../../common/use-t.js';
import { useSession } from '../../../stores/store-context.js';

export interface CannedReplyValues {
  readonly channelId: string | null;
  readonly title: string;
  readonly shortcut: string | null;
  readonly text: string;
}

export interface ChannelChoice {
  readonly id: string;
  readonly name: string;
}

interface Props {
  /** The reply being changed; null for a new one. */
  readonly reply: CannedReply | null;
  readonly channels: readonly ChannelChoice[];
  readonly onSave: (values: CannedReplyValues) => Promise<void>;
  readonly onCancel: () => void;
}

const EXAMPLE_TICKET_NUMBER = '1024';

/** The example values the preview shows, in the screen's language. */
function exampleValue(field: CannedReplyPlaceholder, t: T, agentName: string, channelName: string): string {
  switch (field) {
    case 'contact.name':
      return t('cannedReplies.example.contact.name');
    case 'contact.phone':
      return t('cannedReplies.example.contact.phone');
    case 'ticket.number':
      return EXAMPLE_TICKET_NUMBER;
    case 'ticket.subject':
      return t('cannedReplies.example.ticket.subject');
    case 'ticket.status':
      return t('cannedReplies.example.ticket.status');
    case 'agent.name':
      return agentName;
    case 'channel.name':
      return channelName;
  }
}

/** What is wrong with the values, in words; null when the hub would take them. */
function problemOf(values: CannedReplyValues, t: T): string | null {
  if (values.title.trim() === '') return t('cannedReplies.error.title');
  if (values.shortcut !== null && !SHORTCUT_PATTERN.test(values.shortcut)) return t('cannedReplies.error.shortcut');
  if (values.text.trim() === '') return t('cannedReplies.error.text');
  if (values.text.length > CANNED_REPLY_TEXT_MAX) {
    return t('cannedReplies.error.textTooLong', { max: CANNED_REPLY_TEXT_MAX.toLocaleString() });
  }
  const unknown = unknownPlaceholders(values.text);
  if (unknown.length > 0)
    return t('cannedReplies.error.placeholder', { names: unknown.map((n) => `{{${n}}}`).join(', ') });
  return null;
}

export function CannedReplyForm({ reply, channels, onSave, onCancel }: Props) {
  const { t, lang } = useT();
  const id = useId();
  const me = useSession((s) => s.session?.agent ?? null);
  const [title, setTitle] = useState(reply?.title ?? '');
  const [shortcut, setShortcut] = useState(reply?.shortcut ?? '');
  const [channelId, setChannelId] = useState(reply?.channelId ?? '');
  const [text, setText] = useState(reply?.text ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const { busy: saving, failure, run, clearFailure } = useHubCall();
  const textBox = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);

  const channelName = channels.find((c) => c.id === channelId)?.name ?? channels[0]?.name ?? '';
  const agentName = me?.name ?? '';
  const preview = fillPlaceholders(text, (field) => exampleValue(field, t, agentName, channelName));
  const examples = CANNED_REPLY_PLACEHOLDERS.filter((field) => text.includes(placeholderToken(field)))
    .map((field) => `${t(`cannedReplies.placeholder.${field}`)} = ${exampleValue(field, t, agentName, channelName)}`)
    .join(', ');

  function insertPlaceholder(field: CannedReplyPlaceholder): void {
    const box = textBox.current;
    const token = placeholderToken(field);
    const start = box?.selectionStart ?? text.length;
    const end = box?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + token + text.slice(end));
    pendingCaret.current = start + token.length;
  }

  // The caret goes after the inserted placeholder in the same commit that shows
  // it: a frame later it could land after what the agent has typed since.
  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !textBox.current) return;
    pendingCaret.current = null;
    textBox.current.focus();
    textBox.current.setSelectionRange(at, at);
  }, [text]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const trimmedShortcut = shortcut.trim().replace(/^[/\uff0f]/u, '');
    const values: CannedReplyValues = {
      channelId: channelId === '' ? null : channelId,
      title: title.trim(),
      shortcut: trimmedShortcut === '' ? null : trimmedShortcut,
      text,
    };
    const found = problemOf(values, t);
    setProblem(found);
    clearFailure();
    if (found) return;
    await run(() => onSave(values));
  }

  const field = (name: string) => `${id}-${name}`;
  return (
    <form className="admin-form canned-reply-form" onSubmit={(e) => void onSubmit(e)} noValidate>
      <div className="admin-field">
        <label htmlFor={field('title')}>{t('cannedReplies.field.title')}</label>
        <input
          id={field('title')}
          value={title}
          maxLength={CANNED_REPLY_TITLE_MAX}
          required
          aria-describedby={field('title-hint')}
          onChange={(e) => setTitle(e.target.value)}
        />
        <span id={field('title-hint')} className="hint">
          {t('cannedReplies.field.titleHint')}
        </span>
      </div>
      <div className="canned-reply-form-row">
        <div className="admin-field">
          <label htmlFor={field('shortcut')}>{t('cannedReplies.field.shortcut')}</label>
          <input
            id={field('shortcut')}
            value={shortcut}
            maxLength={CANNED_REPLY_SHORTCUT_MAX + 1}
            aria-describedby={field('shortcut-hint')}
            onChange={(e) => setShortcut(e.target.value)}
          />
          <span id={field('shortcut-hint')} className="hint">
            {t('cannedReplies.field.shortcutHint', { example: shortcut.trim().replace(/^[/\uff0f]/u, '') || 'thanks' })}
          </span>
        </div>
        <div className="admin-field">
          <label htmlFor={field('channel')}>{t('cannedReplies.field.channel')}</label>
          <select
            id={field('channel')}
            value={channelId}
            aria-describedby={field('channel-hint')}
            onChange={(e) => setChannelId(e.target.value)}
          >
            <option value="">{t('cannedReplies.allChannels')}</option>
            {channels.map((channel) => (
              <option key={channel.id} value={channel.id}>
                {channel.name}
              </option>
            ))}
            {reply?.channelId && !channels.some((c) => c.id === reply.channelId) && (
              <option value={reply.channelId}>{t('cannedReplies.unknownChannel')}</option>
            )}
          </select>
          <span id={field('channel-hint')} className="hint">
            {t('cannedReplies.field.channelHint')}
          </span>
        </div>
      </div>
      <div className="admin-field">
        <label htmlFor={field('text')}>{t('cannedReplies.field.text')}</label>
        <textarea
          id={field('text')}
          ref={textBox}
          value={text}
          rows={5}
          required
          aria-describedby={field('text-hint')}
          onChange={(e) => setText(e.target.value)}
        />
        <span id={field('text-hint')} className="hint">
          {t('cannedReplies.field.textHint', {
            count: text.length.toLocaleString(lang),
            max: CANNED_REPLY_TEXT_MAX.toLocaleString(lang),
          })}
        </span>
        <div role="group" aria-label={t('cannedReplies.field.placeholders')} className="canned-placeholders">
          {CANNED_REPLY_PLACEHOLDERS.map((placeholder) => (
            <button
              key={placeholder}
              type="button"
              title={placeholderToken(placeholder)}
              onClick={() => insertPlaceholder(placeholder)}
            >
              + {t(`cannedReplies.placeholder.${placeholder}`)}
            </button>
          ))}
        </div>
      </div>
      <section className="canned-preview" aria-labelledby={field('preview')}>
        <h3 id={field('preview')}>{t('cannedReplies.field.preview')}</h3>
        <p className="canned-preview-text">{preview}</p>
        {examples !== '' && <p className="hint">{t('cannedReplies.field.previewHint', { values: examples })}</p>}
      </section>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      <CallFailure failure={failure} />
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={saving}>
          {t('common.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
