import { useUi } from '../../../stores/store-context.js';
import { Modal } from '../../../common/modal.js';
import { useT } from '../../../common/use-t.js';

export function Lightbox() {
  const { t } = useT();
  const lightbox = useUi((s) => s.lightbox);
  const close = useUi((s) => s.closeLightbox);
  if (!lightbox) return null;
  return (
    <Modal title={lightbox.name || t('attachment.viewer')} onClose={close} className="lightbox">
      <img src={lightbox.url} alt={lightbox.name} referrerPolicy="no-referrer" />
    </Modal>
  );
}
