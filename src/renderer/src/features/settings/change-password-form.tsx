/**
 * The signed-in agent's own password, from the settings: the current one, the new one twice. The hub
 * keeps this session and signs out the agent's other computers; a wrong current password counts as a
 * failed sign-in there, so its refusal is shown in words.
 */
import { useState, type FormEvent } from 'react';
import { describeError } from '../../../../shared/errors.js';
import { PASSWORD_MIN } from '../../../../shared/protocol.js';
import { useApi } from '../../common/use-api.js';
import { useT } from '../../common/use-t.js';
import { errorCodeOf } from '../../stores/error-code.js';

export function ChangePasswordForm() {
  const { t, lang } = useT();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (next.length < PASSWORD_MIN) return setProblem(t('agents.password.tooShort'));
    if (next !== repeat) return setProblem(t('agents.password.mismatch'));
    setSaving(true);
    setProblem(null);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
      setOpen(false);
    } catch (error) {
      setProblem(describeError(errorCodeOf(error), lang));
    } finally {
      setSaving(false);
    }
  }

  if (!open) {
    return (
      <div className="change-password">
        <button type="button" onClick={() => setOpen(true)}>
          {t('agents.password.title')}
        </button>
        {done && (
          <p role="status" className="form-notice">
            {t('agents.password.done')}
          </p>
        )}
      </div>
    );
  }
  return (
    <form
      className="change-password"
      aria-label={t('agents.password.title')}
      aria-busy={saving}
      onSubmit={(e) => void onSubmit(e)}
    >
      <h3>{t('agents.password.title')}</h3>
      <label>
        {t('agents.password.current')}
        <input
          type="password"
          required
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <label>
        {t('agents.password.new')}
        <input
          type="password"
          required
          autoComplete="new-password"
          aria-describedby="change-password-hint"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </label>
      <label>
        {t('agents.password.repeat')}
        <input
          type="password"
          required
          autoComplete="new-password"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </label>
      <span id="change-password-hint" className="muted">
        {t('agents.password.hint')}
      </span>
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      <div className="admin-actions">
        <button type="submit" className="primary" disabled={saving}>
          {t('agents.password.submit')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
