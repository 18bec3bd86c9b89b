import { describe, expect, it } from 'vitest';
import type { Message } from '../../../src/shared/domain.js';
import { applyDelivery, failureReasonOf } from '../../../src/hub/services/delivery.js';

const queued: Message = {
  id: 'm1',
  conversationId: 'c1',
  direction: 'out',
  kind: 'text',
  text: 'hi',
  attachments: [],
  meta: {},
  providerMessageId: null,
  clientId: null,
  senderAgentId: 'a1',
  state: 'queued',
  failureCode: null,
  failureReason: null,
  createdAt: 1,
  updatedAt: 1,
};

describe('delivery states', () => {
  it('move forward through sent, delivered and read and never back', () => {
    const sent = applyDelivery(queued, { state: 'sent', providerMessageId: 'p1' }, 2);
    expect(sent).toMatchObject({ state: 'sent', providerMessageId: 'p1', updatedAt: 2 });
    const read = sent && applyDelivery(sent, { state: 'read' }, 3);
    expect(read?.state).toBe('read');
    expect(read && applyDelivery(read, { state: 'delivered' }, 4)).toBeNull();
  });

  it('a failure keeps the code and explains it in words with the provider’s own reason', () => {
    const failed = applyDelivery(
      queued,
      { state: 'failed', failureCode: 'PROVIDER_UNREACHABLE_COUNTRY', failureReason: '131026 Message undeliverable' },
      2,
    );
    expect(failed).toMatchObject({ state: 'failed', failureCode: 'PROVIDER_UNREACHABLE_COUNTRY' });
    expect(failed?.failureReason).toBe(
      'The provider cannot deliver to the customer’s country. — 131026 Message undeliverable',
    );
    expect(failureReasonOf(null, null)).toBe('The provider refused the message.');
  });

  it('a late provider id is still recorded when the state does not change', () => {
    const sent = { ...queued, state: 'sent' as const };
    expect(applyDelivery(sent, { state: 'sent', providerMessageId: 'p9' }, 5)).toMatchObject({
      providerMessageId: 'p9',
      state: 'sent',
    });
  });
});
