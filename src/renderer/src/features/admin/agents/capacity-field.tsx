/**
 * An agent's own capacity (issue 14 §2): the most open conversations routing gives them, overriding
 * each channel's limit; empty = the channel's. One field of the agent's edit dialog.
 */
import { useId } from 'react';
import { useT } from '../../../common/use-t.js';

export const CAPACITY_MAX = 500;

/** What the field's text says: a limit, null for none (empty), or 'invalid'. */
export function capacityOf(text: string): number | null | 'invalid' {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (!/^\d+$/.test(trimmed)) return 'invalid';
  const value = Number(trimmed);
  return value >= 1 && value <= CAPACITY_MAX ? value : 'invalid';
}

export function CapacityField({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  const { t } = useT();
  const id = useId();
  const invalid = capacityOf(value) === 'invalid';
  return (
    <div className="admin-field">
      <label htmlFor={`${id}-capacity`}>{t('agents.capacity')}</label>
      <input
        id={`${id}-capacity`}
        type="number"
        inputMode="numeric"
        min={1}
        max={CAPACITY_MAX}
        step={1}
        value={value}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-hint ${id}-error` : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      <span id={`${id}-hint`} className="hint">
        {t('agents.capacityHint')}
      </span>
      {invalid && (
        <span id={`${id}-error`} className="form-error">
          {t('agents.capacity.error')}
        </span>
      )}
    </div>
  );
}
