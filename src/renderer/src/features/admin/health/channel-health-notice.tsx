/**
 * On a conversation whose channel is not working: replies may not arrive.
 * Read from the channels the client keeps, so agents see it offline too;
 * admins are pointed at the channel's health instead of being told they were told.
 */
import { useT } from '../../../common/use-t.js';
import { useConversation, useInbox, useSession } from '../../../stores/store-context.js';

export function ChannelHealthNotice() {
  const { t } = useT();
  const channelId = useConversation((s) => s.detail?.channel.id ?? null);
  const fromDetail = useConversation((s) => s.detail?.channel.health?.status ?? null);
  const fromList = useInbox((s) => s.channels.find((c) => c.id === channelId)?.health?.status ?? null);
  const isAdmin = useSession((s) => s.session?.agent.role === 'admin');
  // The channel list is refreshed whenever channels change; the open conversation's copy only when it is reloaded.
  const status = fromList ?? fromDetail;
  if (status !== 'failing') return null;
  return (
    <p className="health-notice" role="status" data-testid="health-notice">
      <span className="health-dot" aria-hidden="true" />
      {t(isAdmin ? 'health.notice.admin' : 'health.notice.agent')}
    </p>
  );
}
