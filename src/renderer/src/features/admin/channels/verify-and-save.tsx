/**
 * Verify, then save: "Verify" asks the provider (through the hub) whom the
 * credentials belong to and shows what it found — display number, verified
 * name, quality rating; the bot; the account — or its refusal in words.
 * "Save" is offered only for credentials that just verified; after a refusal
 * "Save unverified" saves them anyway, explicitly, under a warning.
 */
import { useState } from 'react';
import type { ChannelKind, ProviderIdentity } from '../../../../../shared/domain.js';
import { describeError } from '../../../../../shared/errors.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { detailRows } from './channel-identity.js';

type Outcome =
  | { readonly ok: true; readonly identity: ProviderIdentity }
  | { readonly ok: false; readonly code: string; readonly message: string };

interface VerifyAndSaveProps {
  readonly kind: ChannelKind;
  readonly credentials: Readonly<Record<string, string>>;
  /** Every required field is filled in. */
  readonly complete: boolean;
  readonly saveLabel: string;
  /** Saves; throws the hub's refusal (shown here). */
  readonly onSave: (saveUnverified: boolean) => Promise<void>;
}

export function FoundIdentity({ identity }: { identity: ProviderIdentity }) {
  const { t } = useT();
  return (
    <dl className="channels-facts">
      {detailRows(t, identity).map((row) => (
        <div key={row.label}>
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function VerifyAndSave({ kind, credentials, complete, saveLabel, onSave }: VerifyAndSaveProps) {
  const { t, lang } = useT();
  const api = useApi();
  const fingerprint = JSON.stringify(credentials);
  const [result, setResult] = useState<{ for: string; outcome: Outcome } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState<'verify' | 'save' | null>(null);
  // What the provider said about other values than these is no longer an answer.
  const outcome = result?.for === fingerprint ? result.outcome : null;

  async function verify() {
    setBusy('verify');
    setFailure(null);
    try {
      const answer = await api.adminVerifyChannel(kind, { ...credentials });
      setResult({
        for: fingerprint,
        outcome: answer.ok
          ? { ok: true, identity: answer.identity }
          : { ok: false, code: answer.error.code, message: answer.error.message },
      });
    } catch (error) {
      setResult(null);
      setFailure(failureOf(error));
    } finally {
      setBusy(null);
    }
  }

  async function save(saveUnverified: boolean) {
    setBusy('save');
    setFailure(null);
    try {
      await onSave(saveUnverified);
    } catch (error) {
      setFailure(failureOf(error));
      setBusy(null);
    }
  }

  return (
    <div className="channels-verify">
      <div className="admin-actions">
        <button type="button" disabled={!complete || busy !== null} onClick={() => void verify()}>
          {busy === 'verify' ? t('channels.verify.running') : t('channels.verify.button')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {outcome?.ok === true && (
          <div className="channels-verified">
            <p>
              <span className="verified-mark" aria-hidden="true">
                ✓
              </span>{' '}
              {t('channels.verify.found', { label: outcome.identity.label })}
            </p>
            <FoundIdentity identity={outcome.identity} />
          </div>
        )}
        {outcome?.ok === false && (
          <div className="channels-refused">
            <p>
              {t('channels.verify.refused')} <q lang="en">{outcome.message}</q>
            </p>
            <p className="muted">{describeError(outcome.code, lang)}</p>
          </div>
        )}
      </div>
      <CallFailure failure={failure} />
      <div className="admin-actions">
        <button type="button" disabled={outcome?.ok !== true || busy !== null} onClick={() => void save(false)}>
          {saveLabel}
        </button>
      </div>
      {outcome?.ok === false && (
        <div className="channels-unverified-save">
          <p className="channels-warning">{t('channels.verify.unverifiedWarning')}</p>
          <div className="admin-actions">
            <button type="button" disabled={busy !== null} onClick={() => void save(true)}>
              {t('channels.verify.saveUnverified')}
            </button>
          </div>
        </div>
      )}
      {outcome === null && complete && <p className="muted">{t('channels.verify.first')}</p>}
    </div>
  );
}
