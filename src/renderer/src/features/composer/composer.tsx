/**
 * The reply box. Enter sends, Shift+Enter adds a line (and Enter that ends
 * an IME composition, as in Japanese input, does not send). Files come by
 * picker, drag and drop or paste and are checked against the channel's rules
 * first. Outside the session window it becomes a template picker (WhatsApp) or
 * says why nothing can be sent (WeChat).
 */
import { useRef, useState, type ClipboardEvent, type DragEvent, type KeyboardEvent } from 'react';
import { CHANNEL_RULES } from '../../../../shared/channel-rules.js';
import { isCreditsLow } from '../../../../shared/domain.js';
import { describeError } from '../../../../shared/errors.js';
import { paidConversationOpen } from '../../../../shared/template-charge.js';
import { twilioPartCount } from '../../../../shared/text-parts.js';
import { composerMode, windowMsLeft } from '../../stores/composer-mode.js';
import { useComposer, useConversation } from '../../stores/store-context.js';
import { useCountdownNow, useNow } from '../../common/use-now.js';
import { useT } from '../../common/use-t.js';
import { formatBytes, formatDuration } from '../../i18n/translate.js';
import { FileName, fileNameText } from '../conversation/attachments/file-name.js';
import { useCannedReplyMenu } from './canned-replies.js';
import { FileProblems } from './file-problems.js';
import { OpenWindowTemplates, TemplatePicker } from './template-picker.js';
import { EndedConversationNote, useNewerConversation } from '../conversation/ended-conversation.js';

function PendingFiles() {
  const { t, lang } = useT();
  const files = useComposer((s) => s.composerFiles);
  const removeFile = useComposer((s) => s.removeFile);
  if (files.length === 0) return null;
  return (
    <ul className="pending-files">
      {files.map(({ key, file }) => (
        <li key={key}>
          <FileName name={file.fileName} /> <span className="muted">{formatBytes(lang, file.data.byteLength)}</span>
          <button
            type="button"
            className="icon-button"
            aria-label={t('composer.removeFile', { name: fileNameText(file.fileName) })}
            onClick={() => removeFile(key)}
          >
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

function ReplyStrip() {
  const { t } = useT();
  const replyTo = useComposer((s) => s.replyTo);
  const setReplyTo = useComposer((s) => s.setReplyTo);
  if (!replyTo) return null;
  const fileName = replyTo.attachments[0]?.fileName;
  const text = replyTo.text ?? (fileName ? fileNameText(fileName) : replyTo.kind);
  return (
    <div className="reply-strip">
      <span>{t('composer.replyingTo', { text: text.slice(0, 120) })}</span>
      <button
        type="button"
        className="icon-button"
        aria-label={t('composer.cancelReply')}
        onClick={() => setReplyTo(null)}
      >
        ×
      </button>
    </div>
  );
}

function FreeComposer() {
  const { t, lang } = useT();
  const kind = useConversation((s) => s.detail?.row.channelKind ?? null);
  const text = useComposer((s) => s.composerText);
  const isNote = useComposer((s) => s.composerNote);
  const sending = useComposer((s) => s.sending);
  const hasFiles = useComposer((s) => s.composerFiles.length > 0);
  const sendErrorCode = useComposer((s) => s.sendErrorCode);
  const setText = useComposer((s) => s.setComposerText);
  const setNote = useComposer((s) => s.setComposerNote);
  const addFiles = useComposer((s) => s.addFiles);
  const send = useComposer((s) => s.sendComposer);
  const picker = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const canned = useCannedReplyMenu(box);
  const [dragging, setDragging] = useState(false);
  if (!kind) return null;
  const accept = CHANNEL_RULES[kind].allowedExtensions.map((ext) => `.${ext}`).join(',');
  const canSend = !sending && (text.trim().length > 0 || (hasFiles && !isNote));
  // Twilio's Body holds 1,600 characters: a longer reply goes out in parts (docs/lifecycle.md).
  const parts = kind === 'twilio' && !isNote ? twilioPartCount(text) : 1;

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (canned.handleKey(event)) return;
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (canSend) void send();
  }

  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const files = [...event.clipboardData.files];
    if (files.length === 0 || isNote) return;
    event.preventDefault();
    void addFiles(files);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    if (!isNote) void addFiles([...event.dataTransfer.files]);
  }

  return (
    <div
      className={`composer-box ${dragging ? 'dragging' : ''} ${isNote ? 'note' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <ReplyStrip />
      <PendingFiles />
      <FileProblems kind={kind} />
      {canned.list}
      <textarea
        ref={box}
        {...canned.boxProps}
        aria-label={isNote ? t('composer.note') : t('composer.label')}
        placeholder={isNote ? t('composer.notePlaceholder') : t('composer.placeholder')}
        value={text}
        rows={3}
        maxLength={4096}
        onChange={(e) => {
          setText(e.target.value);
          canned.trackCaret();
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
      />
      {dragging && <div className="drop-hint">{t('composer.dropHere')}</div>}
      {parts > 1 && (
        <p className="hint" role="status">
          {t('composer.twilioParts', { count: String(parts) })}
        </p>
      )}
      {sendErrorCode && (
        <p role="alert" className="form-error">
          {describeError(sendErrorCode, lang)}
        </p>
      )}
      <div className="composer-actions">
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          accept={accept}
          data-testid="file-picker"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void addFiles(files);
          }}
        />
        <button type="button" disabled={isNote} onClick={() => picker.current?.click()}>
          📎 {t('composer.attach')}
        </button>
        {canned.button}
        <label className="note-toggle">
          <input type="checkbox" checked={isNote} onChange={(e) => setNote(e.target.checked)} />
          {t('composer.note')}
        </label>
        <button type="button" className="primary" disabled={!canSend} onClick={() => void send()}>
          {t('composer.send')}
        </button>
      </div>
    </div>
  );
}

export function Composer() {
  const { t, lang } = useT();
  const row = useConversation((s) => s.detail?.row ?? null);
  const credits = useConversation((s) => s.detail?.channel.credits ?? null);
  const isNote = useComposer((s) => s.composerNote);
  const setNote = useComposer((s) => s.setComposerNote);
  const slowNow = useNow(15_000);
  const now = useCountdownNow(row?.window.applies ? row.window.closesAt : null, slowNow);
  // An ended conversation (the customer has a newer one) is read-only (ended-conversation.tsx).
  const newer = useNewerConversation();
  if (!row) return null;
  if (newer) return <EndedConversationNote newer={newer} />;
  const mode = composerMode(row.window, now, isNote);
  const msLeft = windowMsLeft(row.window, now);
  const creditsExhausted = credits !== null && credits.balance <= 0;
  // Within 24 h of a charged template, follow-ups are free (template-charge.ts): nothing is used up for them.
  const paidOpen = paidConversationOpen(row.conversation.lastChargedAt, now);

  return (
    <section className="composer" aria-label={t('composer.label')}>
      <div className="composer-status">
        {msLeft !== null && msLeft > 0 && (
          <span className="window-left">{t('composer.windowLeft', { time: formatDuration(lang, msLeft) })}</span>
        )}
        {credits !== null && (
          <span className={`credits ${creditsExhausted ? 'empty' : ''}`}>
            {t('composer.credits', { balance: credits.balance.toLocaleString(lang) })}
          </span>
        )}
        {credits !== null && !creditsExhausted && isCreditsLow(credits) && (
          <span className="credits low">{t('credits.composerLow')}</span>
        )}
      </div>
      {mode === 'free' && <FreeComposer />}
      {mode === 'free' && !isNote && <OpenWindowTemplates kind={row.channelKind} credits={credits} />}
      {mode === 'templates-only' && (
        <div className="composer-closed">
          <p role="status" className="window-closed">
            {t('composer.windowClosedTemplates')}
          </p>
          {creditsExhausted && !paidOpen && <p className="form-error">{t('composer.creditsEmpty')}</p>}
          <TemplatePicker credits={credits} />
        </div>
      )}
      {mode === 'blocked' && (
        <p role="status" className="window-closed">
          {t('composer.windowClosedNothing')}
        </p>
      )}
      {mode !== 'free' && (
        <label className="note-toggle">
          <input type="checkbox" checked={isNote} onChange={(e) => setNote(e.target.checked)} />
          {t('composer.note')}
        </label>
      )}
    </section>
  );
}
