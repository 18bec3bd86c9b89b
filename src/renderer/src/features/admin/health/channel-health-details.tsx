/**
 * A channel's health in detail, for its page in the admin console: each fact
 * the hub keeps with its time, the provider's error code and words, and
 * "Check now", which asks the provider and shows the answer. Changes arrive
 * live (the `channel-health` event) while the page is open.
 */
import { useEffect, useState, type ReactNode } from 'react';
import type { ChannelHealth, WebhookFact } from '../../../../../shared/admin/health.js';
import type { Channel } from '../../../../../shared/domain.js';
import { describeError } from '../../../../../shared/errors.js';
import { CallFailure, failureOf, type Failure } from '../../../common/call-failure.js';
import { useApi } from '../../../common/use-api.js';
import { useT, type T } from '../../../common/use-t.js';
import { formatDateTime, type Lang } from '../../../i18n/translate.js';
import { ChannelHealthBadge } from './channel-health-badge.js';
import { qualityWords, reasonWords, tierWords } from './health-words.js';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function WebhookLines({ webhook, t, lang }: { webhook: WebhookFact; t: T; lang: Lang }) {
  if (webhook.mode === 'polling') return <p>{t('health.webhook.polling')}</p>;
  const { url, expectedUrl, active, pendingUpdateCount, lastErrorAt, lastErrorMessage, test } = webhook;
  return (
    <ul className="health-lines">
      <li>{url === null ? t('health.webhook.notSet') : t('health.webhook.url', { url })}</li>
      {expectedUrl !== null && url !== expectedUrl && <li>{t('health.webhook.expected', { url: expectedUrl })}</li>}
      {active === false && url !== null && <li>{t('health.webhook.inactive')}</li>}
      {pendingUpdateCount !== null && <li>{t('health.webhook.pending', { count: pendingUpdateCount })}</li>}
      {lastErrorAt !== null && (
        <li>
          {t('health.webhook.lastError', { time: formatDateTime(lang, lastErrorAt), message: lastErrorMessage ?? '' })}
        </li>
      )}
      {test && (
        <li>
          {test.success
            ? t('health.webhook.testOk', { status: test.statusCode, reason: test.reason })
            : t('health.webhook.testFailed', { status: test.statusCode, reason: test.reason, detail: test.detail })}
        </li>
      )}
    </ul>
  );
}

function HealthFacts({ health, t, lang }: { health: ChannelHealth; t: T; lang: Lang }) {
  const time = (at: number) => formatDateTime(lang, at);
  const checked = (at: number | null) => (at === null ? null : t('health.checkedAt', { time: time(at) }));
  const { lastError, token, webhook, quality } = health;
  return (
    <dl className="health-facts">
      <Fact label={t('health.fact.lastInbound')}>
        {health.lastInboundAt === null ? t('health.none.inbound') : time(health.lastInboundAt)}
      </Fact>
      <Fact label={t('health.fact.lastSent')}>
        {health.lastSentAt === null ? t('health.none.sent') : time(health.lastSentAt)}
      </Fact>
      <Fact label={t('health.fact.lastError')}>
        {lastError === null
          ? t('health.none.error')
          : t('health.error.line', {
              words: describeError(lastError.code, lang),
              message: lastError.message,
              code: lastError.code,
              source: t(lastError.source === 'send' ? 'health.error.send' : 'health.error.download'),
              time: time(lastError.at),
            })}
      </Fact>
      <Fact label={t('health.fact.token')}>
        {t(`health.token.${token.status}`, { message: token.message ?? '' })}
        {token.code !== null && token.status !== 'valid' && ` (${token.code})`}
        {token.checkedAt !== null && ` · ${checked(token.checkedAt)}`}
      </Fact>
      {webhook && (
        <Fact label={t('health.fact.webhook')}>
          <WebhookLines webhook={webhook} t={t} lang={lang} />
          <span className="muted">{checked(webhook.checkedAt)}</span>
        </Fact>
      )}
      {quality && (
        <Fact label={t('health.fact.quality')}>
          <ul className="health-lines">
            {quality.qualityRating !== null && (
              <li>{t('health.quality.rating', { rating: qualityWords(t, quality.qualityRating) })}</li>
            )}
            {quality.messagingLimitTier !== null && (
              <li>{t('health.quality.tier', { tier: tierWords(t, quality.messagingLimitTier) })}</li>
            )}
            {quality.numberStatus !== null && <li>{t('health.quality.status', { status: quality.numberStatus })}</li>}
          </ul>
          <span className="muted">{checked(quality.checkedAt)}</span>
        </Fact>
      )}
    </dl>
  );
}

export function ChannelHealthDetails({ channel }: { channel: Channel }) {
  const { t, lang } = useT();
  const api = useApi();
  // Kept with the channel they belong to, so another channel's page never shows them.
  const [loaded, setLoaded] = useState<ChannelHealth | null>(null);
  const [failure, setFailure] = useState<{ channelId: string; failure: Failure; checking: boolean } | null>(null);
  const [checking, setChecking] = useState(false);
  const health = loaded?.channelId === channel.id ? loaded : null;
  const failed = failure?.channelId === channel.id ? failure : null;

  useEffect(() => {
    let live = true;
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'channel-health' && event.health.channelId === channel.id) setLoaded(event.health);
    });
    api.adminGetChannelHealth(channel.id).then(
      (answer) => live && setLoaded((current) => (current?.channelId === channel.id ? current : answer)),
      (error: unknown) => live && setFailure({ channelId: channel.id, failure: failureOf(error), checking: false }),
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api, channel.id]);

  async function checkNow() {
    setChecking(true);
    setFailure(null);
    try {
      setLoaded(await api.adminCheckChannelHealth(channel.id));
    } catch (error) {
      setFailure({ channelId: channel.id, failure: failureOf(error), checking: true });
    } finally {
      setChecking(false);
    }
  }

  const titleId = `health-title-${channel.id}`;
  const shown: Channel = health ? { ...channel, health } : channel;
  const reason = health ? reasonWords(t, health) : null;
  return (
    <section className="health-details" aria-labelledby={titleId} aria-busy={checking}>
      <h3 id={titleId}>
        {t('health.details.title')} <ChannelHealthBadge channel={shown} />
        {health && health.since > 0 && (
          <span className="muted"> {t('health.details.since', { time: formatDateTime(lang, health.since) })}</span>
        )}
      </h3>
      {reason !== null && <p className="health-reason">{reason}</p>}
      {health ? <HealthFacts health={health} t={t} lang={lang} /> : !failed && <p>{t('health.details.loading')}</p>}
      <div className="admin-actions">
        <button type="button" onClick={() => void checkNow()} disabled={checking}>
          {checking ? t('health.checking') : t('health.check')}
        </button>
        {checking && <progress aria-label={t('health.checking')} />}
      </div>
      <CallFailure failure={failed?.failure ?? null}>
        {failed?.checking ? t('health.checkFailed', { words: describeError(failed.failure.code, lang) }) : undefined}
      </CallFailure>
    </section>
  );
}
