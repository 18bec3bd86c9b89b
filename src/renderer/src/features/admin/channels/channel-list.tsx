/**
 * The channels as a table: kind, name, the number or bot, verified or not,
 * health, linked agents and (WhatsApp) the credit balance. A channel's name
 * opens its page.
 */
import type { Channel } from '../../../../../shared/domain.js';
import { ChannelIcon } from '../../../common/channel-icon.js';
import { useT } from '../../../common/use-t.js';
import { ChannelHealthBadge } from '../health/channel-health-badge.js';
import { channelIdentityText } from './channel-identity.js';

export function VerificationMark({ channel }: { channel: Channel }) {
  const { t } = useT();
  const verified = channel.verification.status === 'verified';
  return (
    <span
      className={`verification-mark ${verified ? 'is-verified' : 'is-unverified'}`}
      title={channel.verification.reason ?? undefined}
    >
      <span aria-hidden="true">{verified ? '✓' : '!'}</span>{' '}
      {verified ? t('channels.verified') : t('channels.unverified')}
    </span>
  );
}

interface ChannelListProps {
  readonly channels: readonly Channel[];
  /** Agent names by id (linked agents); an id not in it is shown as unknown. */
  readonly agentNames: ReadonlyMap<string, string>;
  readonly onOpen: (channel: Channel) => void;
}

export function ChannelList({ channels, agentNames, onOpen }: ChannelListProps) {
  const { t, lang } = useT();
  if (channels.length === 0) return <p className="muted">{t('channels.list.empty')}</p>;
  return (
    <table className="admin-table channels-table">
      <caption className="sr-only">{t('channels.list.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('channels.list.kind')}</th>
          <th scope="col">{t('channels.list.name')}</th>
          <th scope="col">{t('channels.list.identity')}</th>
          <th scope="col">{t('channels.list.verification')}</th>
          <th scope="col">{t('channels.list.health')}</th>
          <th scope="col">{t('channels.list.agents')}</th>
          <th scope="col">{t('channels.list.credits')}</th>
        </tr>
      </thead>
      <tbody>
        {channels.map((channel) => {
          const names = channel.linkedAgentIds.map((id) => agentNames.get(id) ?? t('channels.list.unknownAgent'));
          return (
            <tr key={channel.id}>
              <td>
                <span className="channels-kind">
                  <span aria-hidden="true">
                    <ChannelIcon kind={channel.kind} size={22} />
                  </span>
                  <span>{t(`channel.${channel.kind}`)}</span>
                </span>
              </td>
              <td>
                <button type="button" className="link-button" onClick={() => onOpen(channel)}>
                  {channel.name}
                </button>
              </td>
              <td>{channelIdentityText(channel) ?? '—'}</td>
              <td>
                <VerificationMark channel={channel} />
              </td>
              <td>
                <ChannelHealthBadge channel={channel} />
              </td>
              <td>{names.length === 0 ? t('channels.list.noAgents') : names.join(', ')}</td>
              <td className="number">
                {channel.credits === null
                  ? '—'
                  : t('channels.list.balance', { balance: channel.credits.balance.toLocaleString(lang) })}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

interface TrashListProps {
  readonly channels: readonly Channel[];
  readonly onRestore: (channel: Channel) => void;
}

export function ChannelTrashList({ channels, onRestore }: TrashListProps) {
  const { t } = useT();
  return (
    <section className="channels-trash" aria-labelledby="channels-trash-title">
      <h3 id="channels-trash-title">{t('channels.trash.title')}</h3>
      {channels.length === 0 ? (
        <p className="muted">{t('channels.trash.empty')}</p>
      ) : (
        <ul>
          {channels.map((channel) => (
            <li key={channel.id}>
              <span aria-hidden="true">
                <ChannelIcon kind={channel.kind} size={20} />
              </span>{' '}
              <span>{channel.name}</span>{' '}
              <button
                type="button"
                aria-label={t('channels.trash.restoreName', { name: channel.name })}
                onClick={() => onRestore(channel)}
              >
                {t('channels.trash.restore')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
