/**
 * A new password typed twice, the same wherever an agent chooses one (first
 * sign-in with an invitation, after a temporary password, Change my password
 * in the settings): the two fields, and the rule the hub applies too — at
 * least PASSWORD_MIN characters, both the same — in words before anything is
 * sent.
 */
import { useId } from 'react';
import { PASSWORD_MIN } from '../../../shared/protocol.js';
import { useT, type T } from './use-t.js';

export interface NewPassword {
  readonly password: string;
  readonly repeat: string;
}

export const NO_NEW_PASSWORD: NewPassword = { password: '', repeat: '' };

/** Why these cannot be the new password, in words; null when they can. */
export function newPasswordProblem({ password, repeat }: NewPassword, t: T): string | null {
  if (password.length < PASSWORD_MIN) return t('agents.password.tooShort');
  if (password !== repeat) return t('agents.password.mismatch');
  return null;
}

/** The two fields; `hint` (what the password must be) is shown under the first and read with it. */
export function NewPasswordFields({
  value,
  onChange,
  hint,
}: {
  value: NewPassword;
  onChange: (value: NewPassword) => void;
  hint?: string;
}) {
  const { t } = useT();
  const hintId = useId();
  return (
    <>
      <label>
        {t('agents.password.new')}
        <input
          type="password"
          required
          autoComplete="new-password"
          aria-describedby={hint === undefined ? undefined : hintId}
          value={value.password}
          onChange={(e) => onChange({ ...value, password: e.target.value })}
        />
      </label>
      {hint !== undefined && (
        <span id={hintId} className="muted">
          {hint}
        </span>
      )}
      <label>
        {t('agents.password.repeat')}
        <input
          type="password"
          required
          autoComplete="new-password"
          value={value.repeat}
          onChange={(e) => onChange({ ...value, repeat: e.target.value })}
        />
      </label>
    </>
  );
}
