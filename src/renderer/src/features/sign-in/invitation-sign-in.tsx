/**
 * "I have an invitation": the agent pastes the link an admin mailed (`<hub>/invite#<token>`), sees which
 * hub it leads to, chooses a password and is signed in. The link works once; the hub says why when not.
 */
import { useState, type FormEvent } from 'react';
import { describeError } from '../../../../shared/errors.js';
import { parseInvitationLink } from '../../../../shared/invitation-link.js';
import { NewPasswordFields, NO_NEW_PASSWORD, newPasswordProblem } from '../../common/new-password-fields.js';
import { useT } from '../../common/use-t.js';
import { useSession } from '../../stores/store-context.js';

export function InvitationSignIn({ onBack }: { onBack: () => void }) {
  const { t, lang } = useT();
  const signingIn = useSession((s) => s.signingIn);
  const errorCode = useSession((s) => s.signInErrorCode);
  const signInWithInvitation = useSession((s) => s.signInWithInvitation);
  const [link, setLink] = useState('');
  const [password, setPassword] = useState(NO_NEW_PASSWORD);
  const [problem, setProblem] = useState<string | null>(null);
  // The hub's refusal of this form, not of an earlier sign-in with a password.
  const [submitted, setSubmitted] = useState(false);
  const parsed = parseInvitationLink(link);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!parsed) return setProblem(t('agents.invite.badLink'));
    const found = newPasswordProblem(password, t);
    setProblem(found);
    if (found) return;
    setSubmitted(true);
    void signInWithInvitation({ hubUrl: parsed.hubUrl, token: parsed.token, newPassword: password.password });
  }

  const shown = problem ?? (submitted && errorCode ? describeError(errorCode, lang) : null);
  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={onSubmit} aria-busy={signingIn}>
        <h1>{t('app.title')}</h1>
        <p className="sign-in-subtitle">{t('agents.invite.title')}</p>
        <label>
          {t('agents.invite.link')}
          <input
            type="url"
            required
            autoComplete="off"
            spellCheck={false}
            aria-describedby="invitation-link-hint"
            value={link}
            placeholder="https://hub.example.com/invite#…"
            onChange={(e) => setLink(e.target.value)}
          />
        </label>
        <span id="invitation-link-hint" className="muted">
          {parsed ? t('agents.invite.hub', { hub: parsed.hubUrl }) : t('agents.invite.linkHint')}
        </span>
        <NewPasswordFields value={password} onChange={setPassword} />
        {shown && (
          <p role="alert" className="form-error">
            {shown}
          </p>
        )}
        <button type="submit" className="primary" disabled={signingIn}>
          {signingIn ? t('signIn.submitting') : t('agents.invite.submit')}
        </button>
        <button type="button" className="link-button" onClick={onBack}>
          {t('agents.invite.back')}
        </button>
      </form>
    </main>
  );
}
