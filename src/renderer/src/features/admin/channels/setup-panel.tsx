/**
 * What to set in the provider's console after saving a channel, from the hub
 * (GET /api/channels/:id/setup): each value with a Copy button, the events or
 * webhook fields to subscribe to, how messages reach the hub (Telegram: the
 * hub's own webhook or long polling), and a warning when the hub's public URL
 * is missing or not https.
 */
import { useEffect, useState } from 'react';
import type { ChannelSetup, SetupValue, SetupValueName } from '../../../../../shared/channel-setup.js';
import type { ChannelKind } from '../../../../../shared/domain.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { CopyButton } from '../../../common/copy-to-clipboard.js';
import { useApi } from '../../../common/use-api.js';
import { useT, type T } from '../../../common/use-t.js';
import type { MessageKey } from '../../../i18n/en.js';

const VALUE_LABEL: Readonly<Record<SetupValueName, MessageKey>> = {
  webhookUrl: 'channels.setup.value.webhookUrl',
  statusCallbackUrl: 'channels.setup.value.statusCallbackUrl',
  verifyToken: 'channels.setup.value.verifyToken',
  serverToken: 'channels.setup.value.serverToken',
  encodingAESKey: 'channels.setup.value.encodingAESKey',
  encryptionMode: 'channels.setup.value.encryptionMode',
};

const WHERE: Readonly<Record<ChannelKind, MessageKey>> = {
  whatsapp: 'channels.setup.where.whatsapp',
  twilio: 'channels.setup.where.twilio',
  telegram: 'channels.setup.where.telegram',
  line: 'channels.setup.where.line',
  wechat: 'channels.setup.where.wechat',
};

const EVENTS: Readonly<Record<ChannelKind, MessageKey>> = {
  whatsapp: 'channels.setup.events.whatsapp',
  twilio: 'channels.setup.events.twilio',
  telegram: 'channels.setup.events.telegram',
  line: 'channels.setup.events.line',
  wechat: 'channels.setup.events.wechat',
};

function shownValue(t: T, value: SetupValue): string {
  if (value.name !== 'encryptionMode') return value.value;
  return value.value === 'safe' ? t('channels.setup.mode.safe') : t('channels.setup.mode.plaintext');
}

function PublicUrlWarning({ setup }: { setup: ChannelSetup }) {
  const { t } = useT();
  if (setup.publicUrlProblem === null) return null;
  // Telegram needs no public URL: the hub long-polls it instead, which is said above.
  if (setup.publicUrlProblem === 'missing' && setup.connection === 'long-polling') return null;
  const text =
    setup.publicUrlProblem === 'missing'
      ? t('channels.setup.noPublicUrl')
      : t('channels.setup.notHttps', { url: setup.publicUrl ?? '' });
  return (
    <div className="channels-warning" role="note">
      <p>{text}</p>
      <p>{t('channels.setup.readDocs', { docs: setup.reverseProxyDocs })}</p>
    </div>
  );
}

function Connection({ setup }: { setup: ChannelSetup }) {
  const { t } = useT();
  if (setup.connection === 'hub-webhook') return <p>{t('channels.setup.hubWebhook')}</p>;
  if (setup.connection === 'long-polling') return <p>{t('channels.setup.longPolling')}</p>;
  return <p>{t(WHERE[setup.kind])}</p>;
}

export function SetupDetails({ setup }: { setup: ChannelSetup }) {
  const { t } = useT();
  return (
    <div className="channels-setup">
      <PublicUrlWarning setup={setup} />
      <Connection setup={setup} />
      {setup.values.length > 0 && (
        <dl className="channels-copy-list">
          {setup.values.map((value) => {
            const label = t(VALUE_LABEL[value.name]);
            const shown = shownValue(t, value);
            return (
              <div key={value.name}>
                <dt>{label}</dt>
                <dd>
                  <code>{shown}</code>
                  <CopyButton value={shown} what={label} />
                </dd>
              </div>
            );
          })}
        </dl>
      )}
      <h4>{t(EVENTS[setup.kind])}</h4>
      <ul className="channels-events">
        {setup.events.map((event) => (
          <li key={event}>
            <code>{event}</code>
          </li>
        ))}
      </ul>
      {setup.kind !== 'telegram' && setup.kind !== 'twilio' && (
        <CopyButton value={setup.events.join(', ')} what={t(EVENTS[setup.kind])} />
      )}
    </div>
  );
}

/** Loads the setup of a saved channel and shows it. */
export function SetupPanel({ channelId, headingLevel = 3 }: { channelId: string; headingLevel?: 2 | 3 }) {
  const { t } = useT();
  const api = useApi();
  const [setup, setSetup] = useState<ChannelSetup | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  useEffect(() => {
    let live = true;
    api.adminGetChannelSetup(channelId).then(
      (answer) => live && setSetup(answer),
      (error: unknown) => live && setFailure(failureOf(error)),
    );
    return () => {
      live = false;
    };
  }, [api, channelId]);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="channels-setup-panel" aria-labelledby={`setup-${channelId}`}>
      <Heading id={`setup-${channelId}`}>{t('channels.setup.title')}</Heading>
      <CallFailure failure={failure} />
      {setup === null && failure === null && <p className="muted">{t('common.loading')}</p>}
      {setup && <SetupDetails setup={setup} />}
    </section>
  );
}
