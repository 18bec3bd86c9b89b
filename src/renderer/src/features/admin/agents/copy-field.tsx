/** A value shown once (a temporary password, an invitation link): read-only, selectable, with Copy. */
import { useId, useState } from 'react';
import { useT } from '../../../common/use-t.js';

export function CopyField({ label, value, hint }: { label: string; value: string; hint: string }) {
  const { t } = useT();
  const id = useId();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // The clipboard may be refused (no permission, no focus): the value stays selectable.
      setCopied('failed');
    }
  }

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
        <button type="button" onClick={() => void copy()}>
          {copied === 'yes' ? t('agents.copied') : t('agents.copy')}
        </button>
      </div>
      <span id={`${id}-hint`} className="hint">
        {hint}
      </span>
      {copied === 'failed' && (
        <p role="alert" className="form-error">
          {t('agents.copyFailed')}
        </p>
      )}
      {copied === 'yes' && (
        <span role="status" className="sr-only">
          {t('agents.copied')}
        </span>
      )}
    </div>
  );
}
