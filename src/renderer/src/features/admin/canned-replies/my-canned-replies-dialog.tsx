/**
 * "My canned replies", for every agent (from the settings dialog or the
 * composer's `/` list): personal replies nobody else sees, for one of the
 * agent's channels or for all. Changing them needs the hub; inserting them
 * works offline from the cache.
 */
import { useMemo } from 'react';
import { Modal } from '../../../common/modal.js';
import { useApi } from '../../../common/use-api.js';
import { useT } from '../../../common/use-t.js';
import { useConnection, useUi } from '../../../stores/store-context.js';
import { CannedReplyManager, type CannedReplySource } from './canned-reply-manager.js';

export function MyCannedRepliesDialog() {
  const { t } = useT();
  const api = useApi();
  const closeDialog = useUi((s) => s.closeDialog);
  const online = useConnection((s) => s.connection.status === 'online');
  const source = useMemo<CannedReplySource>(
    () => ({
      list: () => api.listMyCannedReplies(),
      // The channels this agent sees, from the cache: a personal reply may be for one of them.
      channels: async () => (await api.listChannels()).map(({ id, name }) => ({ id, name })),
      create: (values) => api.createMyCannedReply(values),
      update: (id, values) => api.updateCannedReply(id, values),
      remove: (id) => api.deleteCannedReply(id),
    }),
    [api],
  );
  return (
    <Modal title={t('cannedReplies.my.title')} onClose={closeDialog} className="my-canned-replies-dialog">
      <p className="dialog-hint">{t('cannedReplies.my.intro')}</p>
      {online ? (
        <CannedReplyManager source={source} emptyText={t('cannedReplies.my.empty')} />
      ) : (
        <p className="muted">{t('cannedReplies.my.needsHub')}</p>
      )}
      <footer className="modal-footer">
        <button type="button" onClick={closeDialog}>
          {t('common.close')}
        </button>
      </footer>
    </Modal>
  );
}
