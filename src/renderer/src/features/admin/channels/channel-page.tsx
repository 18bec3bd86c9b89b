/**
 * One channel's page: what the provider said about its credentials, its
 * health, rename and settings (auto-convert, auto-assign, public handle), the
 * setup to paste in the provider's console, rotating credentials, and moving
 * it to the trash after a confirmation.
 */
import { useId, useState } from 'react';
import type { Channel } from '../../../../../shared/domain.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { ChannelIcon } from '../../../common/channel-icon.js';
import { ConfirmDialog } from '../../../common/confirm-dialog.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { formatDateTime } from '../../../i18n/translate.js';
import { ChannelHealthDetails } from '../health/channel-health-details.js';
import { VerificationMark } from './channel-list.js';
import { RotateCredentials } from './rotate-credentials.js';
import { RoutingSettings } from './routing-settings.js';
import { CountrySetting } from './country-setting.js';
import { ReopenWindowSetting } from './reopen-window-setting.js';
import { BusinessHoursSettings } from './business-hours-settings.js';
import { SetupPanel } from './setup-panel.js';
import { FoundIdentity } from './verify-and-save.js';

interface ChannelPageProps {
  readonly channel: Channel;
  readonly onBack: () => void;
  readonly onChanged: (channel: Channel) => void;
  readonly onTrashed: (channel: Channel) => void;
}

function Verification({ channel }: { channel: Channel }) {
  const { t, lang } = useT();
  const v = channel.verification;
  return (
    <section aria-labelledby={`verification-${channel.id}`}>
      <h3 id={`verification-${channel.id}`}>{t('channels.page.verification')}</h3>
      <p>
        <VerificationMark channel={channel} />{' '}
        {v.checkedAt === null
          ? t('channels.page.neverChecked')
          : t('channels.page.checkedAt', { time: formatDateTime(lang, v.checkedAt) })}
      </p>
      {v.identity && <FoundIdentity identity={v.identity} />}
      {v.reason !== null && (
        <p>
          {t('channels.page.unverifiedReason')} <q lang="en">{v.reason}</q>
        </p>
      )}
    </section>
  );
}

function SettingsForm({ channel, onChanged }: { channel: Channel; onChanged: (c: Channel) => void }) {
  const { t } = useT();
  const api = useApi();
  const id = useId();
  const [name, setName] = useState(channel.name);
  const [autoConvert, setAutoConvert] = useState(channel.settings.autoConvert);
  const [autoAssign, setAutoAssign] = useState(channel.settings.autoAssign);
  const [publicHandle, setPublicHandle] = useState(channel.settings.publicHandle ?? '');
  const [state, setState] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [failure, setFailure] = useState<Failure | null>(null);

  async function save() {
    setState('saving');
    setFailure(null);
    try {
      // An empty handle clears the channel's (the hub merges settings).
      const settings = { autoConvert, autoAssign, publicHandle: publicHandle.trim() };
      onChanged(await api.adminUpdateChannel(channel.id, { name: name.trim(), settings }));
      setState('saved');
    } catch (error) {
      setFailure(failureOf(error));
      setState('idle');
    }
  }

  return (
    <form
      className="admin-form"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id={`${id}-title`}>{t('channels.page.settings')}</h3>
      <div className="admin-field">
        <label htmlFor={`${id}-name`}>{t('channels.name')}</label>
        <input id={`${id}-name`} value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="admin-field channels-toggle">
        <label>
          <input type="checkbox" checked={autoConvert} onChange={(e) => setAutoConvert(e.target.checked)} />{' '}
          {t('channels.settings.autoConvert')}
        </label>
        <span className="hint">{t('channels.settings.autoConvertHint')}</span>
      </div>
      <div className="admin-field channels-toggle">
        <label>
          <input type="checkbox" checked={autoAssign} onChange={(e) => setAutoAssign(e.target.checked)} />{' '}
          {t('channels.settings.autoAssign')}
        </label>
        <span className="hint">{t('channels.settings.autoAssignHint')}</span>
      </div>
      <div className="admin-field">
        <label htmlFor={`${id}-handle`}>{t('channels.settings.publicHandle')}</label>
        <input
          id={`${id}-handle`}
          value={publicHandle}
          maxLength={200}
          aria-describedby={`${id}-handle-hint`}
          onChange={(e) => setPublicHandle(e.target.value)}
        />
        <span id={`${id}-handle-hint`} className="hint">
          {t(`channels.settings.publicHandleHint.${channel.kind}`)}
        </span>
      </div>
      <CallFailure failure={failure} />
      <div className="admin-actions">
        <button type="submit" disabled={state === 'saving' || name.trim() === ''}>
          {t('channels.settings.save')}
        </button>
        <span role="status">{state === 'saved' ? t('channels.settings.saved') : ''}</span>
      </div>
    </form>
  );
}

function TrashButton({ channel, onTrashed }: { channel: Channel; onTrashed: (c: Channel) => void }) {
  const { t } = useT();
  const api = useApi();
  const [confirming, setConfirming] = useState(false);
  return (
    <>
      <div className="admin-actions">
        <button type="button" className="danger" onClick={() => setConfirming(true)}>
          {t('channels.trash.delete')}
        </button>
      </div>
      {confirming && (
        <ConfirmDialog
          title={t('channels.trash.confirmTitle', { name: channel.name })}
          confirmLabel={t('channels.trash.confirm')}
          onCancel={() => setConfirming(false)}
          onConfirm={async () => {
            await api.adminTrashChannel(channel.id);
            onTrashed(channel);
          }}
        >
          <p>{t('channels.trash.confirmText')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

export function ChannelPage({ channel, onBack, onChanged, onTrashed }: ChannelPageProps) {
  const { t } = useT();
  const [rotating, setRotating] = useState(false);
  const [setupVersion, setSetupVersion] = useState(0);
  return (
    <section className="channels-page" aria-labelledby={`channel-${channel.id}`}>
      <button type="button" className="channels-back" onClick={onBack}>
        ← {t('channels.page.back')}
      </button>
      <h2 id={`channel-${channel.id}`} className="channels-page-title">
        <ChannelIcon kind={channel.kind} /> {channel.name}
      </h2>
      <Verification channel={channel} />
      <ChannelHealthDetails channel={channel} />
      <SettingsForm key={`${channel.id}-settings`} channel={channel} onChanged={onChanged} />
      <RoutingSettings key={`${channel.id}-routing`} channel={channel} onChanged={onChanged} />
      <CountrySetting key={`${channel.id}-country`} channel={channel} onChanged={onChanged} />
      <ReopenWindowSetting key={`${channel.id}-reopen`} channel={channel} onChanged={onChanged} />
      <BusinessHoursSettings key={`${channel.id}-hours`} channel={channel} onChanged={onChanged} />
      <SetupPanel key={setupVersion} channelId={channel.id} />
      <section aria-labelledby={`rotate-${channel.id}`}>
        <h3 id={`rotate-${channel.id}`}>{t('channels.rotate.title')}</h3>
        {rotating ? (
          <RotateCredentials
            channel={channel}
            onRotated={(rotated) => {
              setRotating(false);
              setSetupVersion(setupVersion + 1);
              onChanged(rotated);
            }}
          />
        ) : (
          <div className="admin-actions">
            <button type="button" onClick={() => setRotating(true)}>
              {t('channels.rotate.open')}
            </button>
          </div>
        )}
      </section>
      <section aria-labelledby={`trash-${channel.id}`}>
        <h3 id={`trash-${channel.id}`}>{t('channels.trash.sectionTitle')}</h3>
        <p className="muted">{t('channels.trash.explain')}</p>
        <TrashButton channel={channel} onTrashed={onTrashed} />
      </section>
    </section>
  );
}
