/** Channel marks drawn as our own SVG elements (no remote images), coloured per provider. */
import type { ChannelKind } from '../../../shared/domain.js';
import { useT } from './use-t.js';

const LETTER: Readonly<Record<ChannelKind, string>> = {
  whatsapp: 'W',
  twilio: 'T',
  telegram: 'TG',
  line: 'L',
  wechat: 'WC',
};

export function ChannelIcon({ kind, size = 28 }: { kind: ChannelKind; size?: number }) {
  const { t } = useT();
  const label = t(`channel.${kind}`);
  return (
    <svg className={`channel-icon channel-${kind}`} width={size} height={size} viewBox="0 0 28 28" role="img">
      <title>{label}</title>
      <circle cx="14" cy="14" r="14" className="channel-icon-bg" />
      <text x="14" y="18.5" textAnchor="middle" className="channel-icon-text">
        {LETTER[kind]}
      </text>
    </svg>
  );
}
