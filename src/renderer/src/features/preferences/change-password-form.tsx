/**
 * The signed-in agent's own password, from the settings: the current one, the new one twice. The hub
 * keeps this session and signs out the agent's other computers; a wrong current password counts as a
 * failed sign-in there, so its refusal is shown in words.
 */
import { useState, type FormEvent } from 'react';
import { CallFailure } from '../../common/call-failure.js';
import { NewPasswordFields, NO_NEW_PASSWORD, newPasswordProblem } from '../../common/new-password-fields.js';
import { useApi } from '../../common/use-api.js';
import { useHubCall } from '../../common/use-hub-call.js';
import { useT } from '../../common/use-t.js';

export function ChangePasswordForm() {
  const { t } = useT();
  const api = useApi();
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState(NO_NEW_PASSWORD);
  const [problem, setProblem] = useState<string | null>(null);
  const { busy: saving, failure, run, clearFailure } = useHubCall();
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const found = newPasswordProblem(next, t);
    setProblem(found);
    clearFailure();
    if (found) return;
    const changed = await run(async () => {
      await api.changePassword(current, next.password);
      return true;
    });
    if (!changed) return;
    setCurrent('');
    setNext(NO_NEW_PASSWORD);
    setDone(true);
    setOpen(false);
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
      <NewPasswordFields value={next} onChange={setNext} hint={t('agents.password.hint')} />
      {problem && (
        <p role="alert" className="form-error">
          {problem}
        </p>
      )}
      <CallFailure failure={failure} />
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
