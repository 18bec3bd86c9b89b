/** A channel's health in one word and a colour, for the channel list; the reason is read out with it. */
import type { Channel } from '../../../../../shared/domain.js';
import { useT } from '../../../common/use-t.js';
import { reasonWords, statusWords, summaryOf } from './health-words.js';

export function ChannelHealthBadge({ channel }: { channel: Channel }) {
  const { t } = useT();
  const summary = summaryOf(channel);
  const reason = reasonWords(t, summary);
  return (
    <span className={`health-badge health-${summary.status}`} title={reason ?? undefined} data-testid="health-badge">
      <span className="health-dot" aria-hidden="true" />
      <span className="sr-only">{t('health.details.title')}: </span>
      {statusWords(t, summary)}
      {reason !== null && <span className="sr-only">: {reason}</span>}
    </span>
  );
}
