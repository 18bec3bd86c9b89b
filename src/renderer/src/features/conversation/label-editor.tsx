/**
 * The open conversation's labels: chips with a remove button each, and a box
 * that adds one on Enter (or comma); Backspace in the empty box removes the
 * last. Every change goes to the hub at once; offline it is refused with the
 * reason and the chips stay as they were.
 */
import { useState, type KeyboardEvent } from 'react';
import { LABEL_MAX } from '../../../../shared/protocol.js';
import { useConversation } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { usePermission } from '../../common/use-permission.js';

/** The hub keeps at most this many labels per conversation (SetLabelsRequest). */
const LABELS_PER_CONVERSATION_MAX = 20;

export function LabelEditor() {
  const { t } = useT();
  const labels = useConversation((s) => s.detail?.row.conversation.labels ?? null);
  const setLabels = useConversation((s) => s.setLabels);
  const [text, setText] = useState('');
  const may = usePermission('labels');
  if (!labels) return null;
  // Without "update" the labels are shown, not editable (the hub would refuse the change).
  if (!may.allowed) {
    if (labels.length === 0) return null;
    return (
      <div
        className="label-editor read-only"
        role="group"
        aria-label={t('labels.title')}
        title={may.reason ?? undefined}
      >
        <ul className="label-chips">
          {labels.map((label) => (
            <li key={label} className="label-chip">
              {label}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  const current = labels;

  async function add() {
    const label = text.trim();
    if (!label || current.includes(label) || current.length >= LABELS_PER_CONVERSATION_MAX) {
      setText('');
      return;
    }
    if (await setLabels([...current, label])) setText('');
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      void add();
    } else if (event.key === 'Backspace' && text === '' && current.length > 0) {
      void setLabels(current.slice(0, -1));
    }
  }

  return (
    <div className="label-editor" role="group" aria-label={t('labels.title')}>
      <ul className="label-chips">
        {current.map((label) => (
          <li key={label} className="label-chip">
            {label}
            <button
              type="button"
              className="icon-button"
              aria-label={t('labels.remove', { label })}
              onClick={() => void setLabels(current.filter((l) => l !== label))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        type="text"
        data-shortcut="label"
        className="label-input"
        aria-label={t('labels.add')}
        placeholder={t('labels.placeholder')}
        value={text}
        maxLength={LABEL_MAX}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
      />
    </div>
  );
}
