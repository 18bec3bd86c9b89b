/** The status rule of channel health (docs/hub.md, "Channel health"): which fact wins, and what never counts. */
import { describe, expect, it } from 'vitest';
import type { WebhookFact } from '../../../src/shared/admin/health.js';
import { judgeHealth, type HealthFacts } from '../../../src/hub/services/channel-health-rule.js';

const T = Date.UTC(2025, 0, 15, 9, 0, 0);
const VALID = { status: 'valid', code: null, message: null, checkedAt: T } as const;
const QUIET: HealthFacts = {
  lastInboundAt: null,
  lastSentAt: null,
  sendFailuresInRow: 0,
  lastError: null,
  token: null,
  webhook: null,
  quality: null,
};
const WEBHOOK_URL = 'https://hub.example.com/webhooks/ch-1';
const TELEGRAM: WebhookFact = {
  mode: 'webhook',
  url: WEBHOOK_URL,
  expectedUrl: WEBHOOK_URL,
  active: null,
  pendingUpdateCount: 0,
  lastErrorAt: null,
  lastErrorMessage: null,
  test: null,
  checkedAt: T,
};

describe('the channel health rule', () => {
  it('knows nothing about a channel never checked, used or written to', () => {
    expect(judgeHealth(QUIET)).toEqual({ status: 'unknown', reason: 'not-checked' });
    expect(judgeHealth({ ...QUIET, lastInboundAt: T })).toEqual({ status: 'ok', reason: null });
  });

  it('calls a channel nobody wrote to for a month ok once its token is valid', () => {
    expect(judgeHealth({ ...QUIET, token: VALID, lastInboundAt: T - 30 * 24 * 3600_000 })).toEqual({
      status: 'ok',
      reason: null,
    });
  });

  it('puts a refused token before everything else', () => {
    const facts: HealthFacts = {
      ...QUIET,
      token: { status: 'refused', code: 'PROVIDER_AUTH_FAILED', message: 'x', checkedAt: T },
      sendFailuresInRow: 5,
      webhook: { ...TELEGRAM, url: null },
    };
    expect(judgeHealth(facts)).toEqual({ status: 'failing', reason: 'token-refused' });
  });

  it('warns after one or two failed sends and fails from the third in a row', () => {
    expect(judgeHealth({ ...QUIET, token: VALID, sendFailuresInRow: 2 })).toMatchObject({ reason: 'send-failed' });
    expect(judgeHealth({ ...QUIET, token: VALID, sendFailuresInRow: 3 })).toEqual({
      status: 'failing',
      reason: 'sends-failing',
    });
  });

  it('fails when the provider does not deliver here, and weighs Telegram errors against the last inbound', () => {
    const ok = { ...QUIET, token: VALID };
    expect(judgeHealth({ ...ok, webhook: { ...TELEGRAM, url: null } }).reason).toBe('webhook-inactive');
    expect(judgeHealth({ ...ok, webhook: { ...TELEGRAM, url: 'https://elsewhere.example/x' } }).reason).toBe(
      'webhook-inactive',
    );
    const erred = { ...TELEGRAM, lastErrorAt: T, lastErrorMessage: '502' };
    expect(judgeHealth({ ...ok, webhook: { ...erred, pendingUpdateCount: 9 } })).toEqual({
      status: 'failing',
      reason: 'webhook-errors',
    });
    expect(judgeHealth({ ...ok, webhook: erred })).toEqual({ status: 'warning', reason: 'webhook-recent-error' });
    expect(judgeHealth({ ...ok, lastInboundAt: T + 1, webhook: { ...erred, pendingUpdateCount: 9 } })).toEqual({
      status: 'ok',
      reason: null,
    });
    expect(judgeHealth({ ...ok, webhook: { ...TELEGRAM, mode: 'polling', url: null } }).status).toBe('ok');
  });

  it('warns about a RED or flagged WhatsApp number, and about a provider it could not ask', () => {
    const quality = { qualityRating: 'GREEN', messagingLimitTier: 'TIER_1K', numberStatus: 'CONNECTED', checkedAt: T };
    expect(judgeHealth({ ...QUIET, token: VALID, quality: { ...quality, qualityRating: 'RED' } })).toEqual({
      status: 'warning',
      reason: 'quality-low',
    });
    expect(judgeHealth({ ...QUIET, token: VALID, quality: { ...quality, numberStatus: 'FLAGGED' } }).reason).toBe(
      'quality-low',
    );
    expect(judgeHealth({ ...QUIET, token: VALID, quality: { ...quality, qualityRating: 'YELLOW' } }).status).toBe('ok');
    const unreachable = { status: 'unreachable', code: 'PROVIDER_UNAVAILABLE', message: '503', checkedAt: T } as const;
    expect(judgeHealth({ ...QUIET, token: unreachable })).toEqual({
      status: 'warning',
      reason: 'provider-unreachable',
    });
  });
});
