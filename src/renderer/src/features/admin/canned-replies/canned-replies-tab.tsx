/**
 * The admin console's Canned replies tab: the team's replies, for one channel
 * or all, created, changed and deleted here (the hub refuses these calls from
 * agents regardless). Agents' personal replies are theirs alone and never
 * shown here.
 */
import { useMemo } from 'react';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { CannedReplyManager, type CannedReplySource } from './canned-reply-manager.js';

export function CannedRepliesTab() {
  const { t } = useT();
  const api = useApi();
  const source = useMemo<CannedReplySource>(
    () => ({
      list: () => api.adminListTeamCannedReplies(),
      channels: async () => (await api.adminListChannels()).map(({ id, name }) => ({ id, name })),
      create: (values) => api.adminCreateTeamCannedReply(values),
      update: (id, values) => api.updateCannedReply(id, values),
      remove: (id) => api.deleteCannedReply(id),
    }),
    [api],
  );
  return (
    <section className="canned-replies-tab" aria-labelledby="canned-replies-tab-title">
      <h2 id="canned-replies-tab-title">{t('cannedReplies.tab.title')}</h2>
      <p className="muted">{t('cannedReplies.tab.intro')}</p>
      <CannedReplyManager source={source} emptyText={t('cannedReplies.tab.empty')} />
    </section>
  );
}
