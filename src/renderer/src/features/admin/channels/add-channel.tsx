/**
 * "Add channel": choose the provider, fill in exactly the fields it needs
 * (each explained, invented values generated), verify with the provider, save
 * — or save unverified, explicitly — and then read what to set in the
 * provider's console.
 */
import { useId, useState } from 'react';
import { CHANNEL_KINDS, type Channel, type ChannelKind } from '../../../../../shared/domain.js';
import { ChannelIcon } from '../../../common/channel-icon.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { CredentialsForm } from './credentials-form.js';
import { credentialsOf, initialValues, isComplete } from './provider-fields.js';
import { SetupPanel } from './setup-panel.js';
import { VerifyAndSave } from './verify-and-save.js';

interface AddChannelProps {
  readonly onCancel: () => void;
  /** After the setup panel: open the saved channel. */
  readonly onDone: (channel: Channel) => void;
}

function ProviderChoice({ onChoose }: { onChoose: (kind: ChannelKind) => void }) {
  const { t } = useT();
  return (
    <fieldset className="channels-providers">
      <legend>{t('channels.add.chooseProvider')}</legend>
      <ul>
        {CHANNEL_KINDS.map((kind) => (
          <li key={kind}>
            <button type="button" className="channels-provider" onClick={() => onChoose(kind)}>
              <span aria-hidden="true">
                <ChannelIcon kind={kind} size={24} />
              </span>
              <span>{t(`channel.${kind}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

function ChannelForm({ kind, onSaved }: { kind: ChannelKind; onSaved: (channel: Channel) => void }) {
  const { t } = useT();
  const api = useApi();
  const nameId = useId();
  const [name, setName] = useState(t(`channel.${kind}`));
  const [values, setValues] = useState(() => initialValues(kind));
  const credentials = credentialsOf(kind, values);
  return (
    <form className="admin-form" onSubmit={(e) => e.preventDefault()} aria-label={t('channels.add.formLabel')}>
      <div className="admin-field">
        <label htmlFor={nameId}>{t('channels.name')}</label>
        <input
          id={nameId}
          value={name}
          required
          maxLength={100}
          aria-describedby={`${nameId}-hint`}
          onChange={(e) => setName(e.target.value)}
        />
        <span id={`${nameId}-hint`} className="hint">
          {t('channels.nameHint')}
        </span>
      </div>
      <CredentialsForm
        kind={kind}
        values={values}
        onChange={(field, value) => setValues({ ...values, [field]: value })}
      />
      <VerifyAndSave
        kind={kind}
        credentials={credentials}
        complete={isComplete(kind, values) && name.trim() !== ''}
        saveLabel={t('channels.add.save')}
        onSave={async (saveUnverified) => {
          const channel = await api.adminCreateChannel({ kind, name: name.trim(), credentials, saveUnverified });
          onSaved(channel);
        }}
      />
    </form>
  );
}

export function AddChannel({ onCancel, onDone }: AddChannelProps) {
  const { t } = useT();
  const [kind, setKind] = useState<ChannelKind | null>(null);
  const [saved, setSaved] = useState<Channel | null>(null);
  return (
    <section className="channels-add" aria-labelledby="channels-add-title">
      <h2 id="channels-add-title">
        {saved
          ? t('channels.add.savedTitle', { name: saved.name })
          : kind
            ? t('channels.add.titleFor', { provider: t(`channel.${kind}`) })
            : t('channels.add.title')}
      </h2>
      {saved ? (
        <>
          <p role="status">
            {saved.verification.status === 'verified'
              ? t('channels.add.savedVerified')
              : t('channels.add.savedUnverified')}
          </p>
          <SetupPanel channelId={saved.id} />
          <div className="admin-actions">
            <button type="button" onClick={() => onDone(saved)}>
              {t('channels.add.done')}
            </button>
          </div>
        </>
      ) : (
        <>
          {kind === null ? <ProviderChoice onChoose={setKind} /> : <ChannelForm kind={kind} onSaved={setSaved} />}
          <div className="admin-actions">
            {kind !== null && (
              <button type="button" onClick={() => setKind(null)}>
                {t('channels.add.otherProvider')}
              </button>
            )}
            <button type="button" onClick={onCancel}>
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
