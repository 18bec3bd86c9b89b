/** Sign in: hub address (remembered), email and password; says why when it fails. */
import { useState, type FormEvent } from 'react';
import { describeError } from '../../../../shared/errors.js';
import { useSession } from '../../stores/store-context.js';
import { useT } from '../../common/use-t.js';

export function SignInScreen() {
  const { t, lang } = useT();
  const rememberedHubUrl = useSession((s) => s.rememberedHubUrl);
  const signingIn = useSession((s) => s.signingIn);
  const errorCode = useSession((s) => s.signInErrorCode);
  const signIn = useSession((s) => s.signIn);
  const [hubUrl, setHubUrl] = useState(rememberedHubUrl);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void signIn({ hubUrl: hubUrl.trim(), email: email.trim(), password });
  }

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
        {errorCode && (
          <p role="alert" className="form-error">
            {describeError(errorCode, lang)}
          </p>
        )}
        <button type="submit" className="primary" disabled={signingIn}>
          {signingIn ? t('signIn.submitting') : t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}
