/** Sign in: hub address (remembered), email and password; says why when it fails or the hub ended the session. */
import { useState, type FormEvent } from 'react';
import { describeError } from '../../../../shared/errors.js';
import type { SessionEndReason } from '../../../../shared/protocol.js';
import type { MessageKey } from '../../i18n/en.js';
import { useConnection, useSession } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';
import { InvitationSignIn } from './invitation-sign-in.js';

const ENDED: Readonly<Record<SessionEndReason, MessageKey>> = {
  expired: 'signIn.ended.expired',
  revoked: 'signIn.ended.revoked',
  unknown: 'signIn.ended.unknown',
};

export function SignInScreen() {
  const { t, lang } = useT();
  const rememberedHubUrl = useSession((s) => s.rememberedHubUrl);
  const signingIn = useSession((s) => s.signingIn);
  const errorCode = useSession((s) => s.signInErrorCode);
  const signIn = useSession((s) => s.signIn);
  const endedReason = useConnection((s) => (s.connection.status === 'signed-out' ? s.connection.signOutReason : null));
  const [hubUrl, setHubUrl] = useState(rememberedHubUrl);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [withInvitation, setWithInvitation] = useState(false);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void signIn({ hubUrl: hubUrl.trim(), email: email.trim(), password });
  }

  if (withInvitation) return <InvitationSignIn onBack={() => setWithInvitation(false)} />;
  return (
    <main className="sign-in">
      <form className="sign-in-card" onSubmit={onSubmit} aria-busy={signingIn}>
        <h1>{t('app.title')}</h1>
        <p className="sign-in-subtitle">{t('signIn.title')}</p>
        <label>
          {t('signIn.hubUrl')}
          <input
            type="url"
            required
            value={hubUrl}
            placeholder="https://hub.example.com"
            onChange={(e) => setHubUrl(e.target.value)}
          />
        </label>
        <label>
          {t('signIn.email')}
          <input
            type="email"
            required
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          {t('signIn.password')}
          <input
            type="password"
            required
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {endedReason && !errorCode && (
          <p role="status" className="form-notice">
            {t(ENDED[endedReason])}
          </p>
        )}
        {errorCode && (
          <p role="alert" className="form-error">
            {describeError(errorCode, lang)}
          </p>
        )}
        <button type="submit" className="primary" disabled={signingIn}>
          {signingIn ? t('signIn.submitting') : t('signIn.submit')}
        </button>
        <button type="button" className="link-button" onClick={() => setWithInvitation(true)}>
          {t('agents.invite.open')}
        </button>
      </form>
    </main>
  );
}
