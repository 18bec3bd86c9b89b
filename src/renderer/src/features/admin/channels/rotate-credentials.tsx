/**
 * Rotating a channel's credentials: the same form as adding one, verified the
 * same way. The hub keeps the provider identity (another number or bot is
 * refused); values already pasted in the provider's console (the WhatsApp
 * verify token, WeChat's Token and EncodingAESKey) start as they are, from
 * the channel's setup, so the console need not change.
 */
import { useEffect, useState } from 'react';
import type { SetupValueName } from '../../../../../shared/channel-setup.js';
import type { Channel } from '../../../../../shared/domain.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { CredentialsForm } from './credentials-form.js';
import { credentialsOf, initialValues, isComplete } from './provider-fields.js';
import { VerifyAndSave } from './verify-and-save.js';

/** Setup values that are credentials too, by the credential they fill. */
const KEPT_FROM_SETUP: Readonly<Partial<Record<SetupValueName, string>>> = {
  verifyToken: 'verifyToken',
  serverToken: 'token',
  encodingAESKey: 'encodingAESKey',
};

export function RotateCredentials({ channel, onRotated }: { channel: Channel; onRotated: (c: Channel) => void }) {
  const { t } = useT();
  const api = useApi();
  const [values, setValues] = useState(() => initialValues(channel.kind));
  useEffect(() => {
    let live = true;
    api.adminGetChannelSetup(channel.id).then(
      (setup) => {
        if (!live) return;
        const kept: Record<string, string> = {};
        for (const value of setup.values) {
          const credential = KEPT_FROM_SETUP[value.name];
          if (credential !== undefined) kept[credential] = value.value;
        }
        setValues((current) => ({ ...current, ...kept }));
      },
      // Without the setup the generated values stay: the console must then be updated with them.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, channel.id]);
  const credentials = credentialsOf(channel.kind, values);
  return (
    <form className="admin-form" onSubmit={(e) => e.preventDefault()} aria-label={t('channels.rotate.title')}>
      <p className="muted">{t('channels.rotate.intro')}</p>
      <CredentialsForm
        kind={channel.kind}
        values={values}
        onChange={(field, value) => setValues({ ...values, [field]: value })}
      />
      <VerifyAndSave
        kind={channel.kind}
        credentials={credentials}
        complete={isComplete(channel.kind, values)}
        saveLabel={t('channels.rotate.save')}
        onSave={async (saveUnverified) => {
          onRotated(await api.adminReplaceChannelCredentials(channel.id, { credentials, saveUnverified }));
        }}
      />
    </form>
  );
}
