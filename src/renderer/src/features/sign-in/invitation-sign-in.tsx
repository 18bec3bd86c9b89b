/**
 * "I have an invitation": the agent pastes the link an admin mailed (`<hub>/invite#<token>`), sees which
 * hub it leads to, chooses a password and is signed in. The link works once; the hub says why when not.
 */
import { useState, type FormEvent } from 'react';
import { describeError } from '../../../../shared/errors.js';
import { parseInvitationLink } from '../../../../shared/invitation-link.js';
import { PASSWORD_MIN } from '../../../../shared/protocol.js';
import { useT } from '../../common/use-t.js';
import { useSession } from '../../stores/store-context.js';

export function InvitationSignIn({ onBack }: { onBack: () => void }) {
  const { t, lang } = useT();
  const signingIn = useSession((s) => s.signingIn);
  const errorCode = useSession((s) => s.signInErrorCode);
  const signInWithInvitation = useSession((s) => s.signInWithInvitation);
  const [link, setLink] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // The hub's refusal of this form, not of an earlier sign-in with a password.
  const [submitted, setSubmitted] = useState(false);
  const parsed = parseInvitationLink(link);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!parsed) return setProblem(t('agents.invite.badLink'));
    if (password.length < PASSWORD_MIN) return setProblem(t('agents.password.tooShort'));
    if (password !== repeat) return setProblem(t('agents.password.mismatch'));
    setProblem(null);
    setSubmitted(true);
    void signInWithInvitation({ hubUrl: parsed.hubUrl, token: parsed.token, newPassword: password });
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
        <label>
          {t('agents.password.new')}
          <input
            type="password"
            required
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
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
