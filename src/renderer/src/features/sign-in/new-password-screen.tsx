/**
 * After signing in with a temporary password: the agent chooses their own before anything else (the
 * hub refuses every other call until then). Typed twice; the hub checks length and that it is new.
 */
import { useState, type FormEvent } from 'react';
import { describeError } from '../../../../shared/errors.js';
import { NewPasswordFields, NO_NEW_PASSWORD, newPasswordProblem } from '../../common/new-password-fields.js';
import { useT } from '../../common/use-t.js';
import { useSession } from '../../stores/store-context.js';

export function NewPasswordScreen() {
  const { t, lang } = useT();
  const agent = useSession((s) => s.session?.agent ?? null);
  const replaceTemporaryPassword = useSession((s) => s.replaceTemporaryPassword);
  const signOut = useSession((s) => s.signOut);
  const [password, setPassword] = useState(NO_NEW_PASSWORD);
  const [problem, setProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const found = newPasswordProblem(password, t);
    setProblem(found);
    if (found) return;
    setSaving(true);
    const refused = await replaceTemporaryPassword(password.password);
    setSaving(false);
    if (refused) setProblem(describeError(refused, lang));
  }

  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={(e) => void onSubmit(e)} aria-busy={saving}>
        <h1>{t('agents.forced.title')}</h1>
        {agent && (
          <p className="sign-in-subtitle">{t('settings.signedInAs', { name: agent.name, email: agent.email })}</p>
        )}
        <p>{t('agents.forced.body')}</p>
        <NewPasswordFields value={password} onChange={setPassword} hint={t('agents.forced.hint')} />
        {problem && (
          <p role="alert" className="form-error">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={saving}>
          {t('agents.forced.submit')}
        </button>
        <button type="button" className="link-button" onClick={() => void signOut()}>
          {t('agents.forced.signOut')}
        </button>
      </form>
    </main>
  );
}
