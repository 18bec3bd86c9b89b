/**
 * Copying a value to the clipboard, the same everywhere: the button says
 * "Copied" once it is done, a live region tells screen readers what was
 * copied, and a clipboard that refuses (no permission, the window not
 * focused) is said in words — the value stays on screen to copy by hand.
 */
import { useId, useState } from 'react';
import { useT } from './use-t.js';

type Outcome = 'copied' | 'failed' | null;

function useClipboard(value: string) {
  const [outcome, setOutcome] = useState<Outcome>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setOutcome('copied');
    } catch {
      // Refused by the clipboard: said below the value, which stays selectable.
      setOutcome('failed');
    }
  }
  return { outcome, copy };
}

function Button({ outcome, copy, name }: { outcome: Outcome; copy: () => Promise<void>; name?: string }) {
  const { t } = useT();
  return (
    <button type="button" aria-label={name} onClick={() => void copy()}>
      {outcome === 'copied' ? t('admin.copied') : t('admin.copy')}
    </button>
  );
}

/** Always there, so screen readers hear it change; on screen only when the copy failed. */
function OutcomeText({ outcome, what }: { outcome: Outcome; what: string }) {
  const { t } = useT();
  return (
    <span role="status" className={outcome === 'failed' ? 'form-error' : 'sr-only'}>
      {outcome === 'copied' ? t('admin.copiedWhat', { what }) : outcome === 'failed' ? t('admin.copyFailed') : ''}
    </span>
  );
}

/** A Copy button beside a value shown elsewhere (a `<code>`, a list): named "Copy {what}". */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const { t } = useT();
  const { outcome, copy } = useClipboard(value);
  return (
    <>
      <Button outcome={outcome} copy={copy} name={t('admin.copyWhat', { what })} />
      <OutcomeText outcome={outcome} what={what} />
    </>
  );
}

/** A labelled read-only value (a temporary password, a link) with Copy and a hint below. */
export function CopyField({ label, value, hint }: { label: string; value: string; hint: string }) {
  const id = useId();
  const { outcome, copy } = useClipboard(value);
  return (
    <div className="admin-field copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-field-row">
        <input
          id={id}
          type="text"
          readOnly
          spellCheck={false}
          value={value}
          aria-describedby={`${id}-hint`}
          onFocus={(e) => e.target.select()}
        />
        <Button outcome={outcome} copy={copy} />
      </div>
      <span id={`${id}-hint`} className="hint">
        {hint}
      </span>
      <OutcomeText outcome={outcome} what={label} />
    </div>
  );
}
