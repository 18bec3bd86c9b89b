/**
 * The admin console's Credits tab: per WhatsApp channel (the only kind that
 * is charged; Twilio bills its own account) the balance with the cost of a
 * conversation, the low-balance warning, buying credits, the scheduled
 * cancellation (FAQ 24) and the ledger. Balances come from the channels the
 * client keeps (they change live as agents send templates); what the admin
 * changes here shows at once from the hub's answer.
 */
import { useMemo, useState } from 'react';
import { isCreditsLow, type Channel, type Credits } from '../../../../../shared/domain.js';
import { useT } from '../../../common/use-t.js';
import { useInbox } from '../../../stores/store-context.js';
import { CreditLedger } from './credit-ledger.js';
import { CancellationControl, ThresholdForm, TopUpForm } from './credits-settings.js';

/** The channels whose credits this tab manages: live WhatsApp (Cloud API) channels. */
export function chargedChannels(channels: readonly Channel[]): (Channel & { credits: Credits })[] {
  return channels.filter((c): c is Channel & { credits: Credits } => c.credits !== null && c.trashedAt === null);
}

function CreditsSummary({ credits }: { credits: Credits }) {
  const { t, lang } = useT();
  const low = isCreditsLow(credits);
  return (
    <div className={`credits-summary ${low ? 'low' : ''}`}>
      <div className="credits-balance">
        <span className="credits-balance-label">{t('credits.balance')}</span>
        <span className="credits-balance-value">
          {t('credits.balanceValue', { balance: credits.balance.toLocaleString(lang) })}
        </span>
        {low && <span className="credits-low-badge">{t('credits.lowShort')}</span>}
      </div>
      {low && credits.lowBalanceThreshold !== null && (
        <p className="credits-low" role="status">
          {t('credits.low', {
            balance: credits.balance.toLocaleString(lang),
            threshold: credits.lowBalanceThreshold.toLocaleString(lang),
          })}
        </p>
      )}
      <p className="hint">
        {t('credits.costs', {
          marketing: credits.costs.marketing,
          utility: credits.costs.utility,
          authentication: credits.costs.authentication,
        })}
      </p>
    </div>
  );
}

export function CreditsTab() {
  const { t } = useT();
  const all = useInbox((s) => s.channels);
  const channels = useMemo(() => chargedChannels(all), [all]);
  const [chosenId, setChosenId] = useState<string | null>(null);
  /** Credits the hub answered to this admin's changes, until the synced channel catches up. */
  const [answered, setAnswered] = useState<Readonly<Record<string, Credits>>>({});
  const [ledgerVersion, setLedgerVersion] = useState(0);
  const channel = channels.find((c) => c.id === chosenId) ?? channels[0];

  if (channel === undefined) {
    return (
      <section className="credits-tab" aria-labelledby="credits-tab-title">
        <h2 id="credits-tab-title">{t('credits.title')}</h2>
        <p className="muted">{t('credits.none')}</p>
      </section>
    );
  }
  const mine = answered[channel.id];
  const credits = mine !== undefined && mine.updatedAt >= channel.credits.updatedAt ? mine : channel.credits;
  const onChanged = (next: Credits) => {
    setAnswered((now) => ({ ...now, [channel.id]: next }));
    setLedgerVersion((v) => v + 1);
  };
  const props = { channel, credits, onChanged };

  return (
    <section className="credits-tab" aria-labelledby="credits-tab-title">
      <h2 id="credits-tab-title">{t('credits.title')}</h2>
      <p className="muted credits-intro">{t('credits.intro')}</p>
      <div className="credits-head">
        {channels.length > 1 && (
          <div className="admin-field">
            <label htmlFor="credits-channel">{t('credits.channel')}</label>
            <select id="credits-channel" value={channel.id} onChange={(e) => setChosenId(e.target.value)}>
              {channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {isCreditsLow(c.credits) ? `${c.name} (${t('credits.lowShort')})` : c.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {channels.length === 1 && <h3 className="credits-channel-name">{channel.name}</h3>}
        <CreditsSummary credits={credits} />
      </div>
      <div className="credits-cards" key={`cards-${channel.id}`}>
        <TopUpForm {...props} />
        <ThresholdForm {...props} />
        <CancellationControl {...props} />
      </div>
      <CreditLedger key={`ledger-${channel.id}`} channelId={channel.id} version={ledgerVersion} />
    </section>
  );
}
