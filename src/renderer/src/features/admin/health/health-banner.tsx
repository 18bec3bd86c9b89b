/**
 * The admins' banner for channels that stopped working, above the inbox and
 * the admin console: which ones and why, and a button to their page. It reads
 * the channels the client keeps (their status arrives with them), so it shows
 * offline too and changes as soon as a channel's status does.
 */
import { useMemo } from 'react';
import { useT } from '../../../common/use-t.js';
import { useInbox, useSession, useUi } from '../../../stores/store-context.js';
import { reasonWords, summaryOf } from './health-words.js';

export function ChannelHealthBanner() {
  const { t } = useT();
  const isAdmin = useSession((s) => s.session?.agent.role === 'admin');
  const channels = useInbox((s) => s.channels);
  const openAdmin = useUi((s) => s.openAdmin);
  const failing = useMemo(() => channels.filter((c) => summaryOf(c).status === 'failing'), [channels]);
  const first = failing[0];
  if (!isAdmin || first === undefined) return null;
  const text =
    failing.length === 1
      ? t('health.banner.one', { name: first.name, reason: reasonWords(t, summaryOf(first)) ?? '' })
      : t('health.banner.many', { count: failing.length, names: failing.map((c) => c.name).join(', ') });
  return (
    <div className="health-banner" role="status" data-testid="health-banner">
      <span className="health-dot" aria-hidden="true" />
      <span className="health-banner-text">{text}</span>
      <button type="button" onClick={() => openAdmin('channels')}>
        {t('health.banner.open')}
      </button>
    </div>
  );
}
