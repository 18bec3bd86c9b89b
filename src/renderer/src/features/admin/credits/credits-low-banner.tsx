/**
 * The admin console's notice for WhatsApp channels whose credits are at or
 * below their warning level, with a button to the Credits tab. It reads the
 * channels the client keeps, so it appears as soon as a template's charge
 * brings a balance down, offline too.
 */
import { useMemo } from 'react';
import { isCreditsLow } from '../../../../../shared/domain.js';
import { useT } from '../../../common/use-t.js';
import { useInbox, useUi } from '../../../stores/store-context.js';
import { chargedChannels } from './credits-tab.js';

export function CreditsLowBanner() {
  const { t } = useT();
  const channels = useInbox((s) => s.channels);
  const tab = useUi((s) => s.adminTab);
  const openAdmin = useUi((s) => s.openAdmin);
  const low = useMemo(() => chargedChannels(channels).filter((c) => isCreditsLow(c.credits)), [channels]);
  if (low.length === 0) return null;
  return (
    <div className="credits-low-banner" role="status">
      <span>{t('credits.lowBanner', { channels: low.map((c) => c.name).join(', ') })}</span>
      {tab !== 'credits' && (
        <button type="button" onClick={() => openAdmin('credits')}>
          {t('credits.lowBannerLink')}
        </button>
      )}
    </div>
  );
}
