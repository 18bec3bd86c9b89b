import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Channel, DeliveryState } from '../../../src/shared/domain.js';
import { startHarness, twilioHeaders, waitFor, type AgentSession, type Harness } from './harness.js';
import { TW, twilioInbound, twilioStatus } from './provider-bodies.js';

const Uploaded = z.object({ mediaId: z.string() });

let h: Harness;
let agent: AgentSession;
let tw: Channel;

beforeAll(async () => {
  h = await startHarness();
  tw = await h.createChannel('twilio', { ...TW, apiBaseUrl: h.fake.baseUrlFor('twilio') });
  agent = await h.linkedAgent(tw.id);
});
afterAll(async () => h.stop());

async function upload(name: string): Promise<string> {
  const res = await h.api('POST', '/api/media', Buffer.from(`%PDF-1.4 ${name}`), agent.token, {
    'content-type': 'application/pdf',
    'x-file-name': name,
  });
  expect(res.status).toBe(201);
  return Uploaded.parse(await res.json()).mediaId;
}

describe('Twilio messages with several attachments', () => {
  it('every part’s status callback counts: delivered only when all parts are, failed when one part fails', async () => {
    const url = `https://hub.example.com/webhooks/${tw.id}`;
    const inbound = twilioInbound('SMin0000000000000000000000000077', '+15005550006', 'Manda os documentos');
    await h.webhook(tw.id, inbound.toString(), twilioHeaders(TW.authToken, url, inbound));
    const first = await waitFor('inbound', () =>
      agent.message((m) => m.providerMessageId === 'SMin0000000000000000000000000077'),
    );
    const post = async (sid: string, state: string, errorCode?: string): Promise<void> => {
      const form = twilioStatus(sid, state, errorCode);
      const res = await h.webhook(tw.id, form.toString(), twilioHeaders(TW.authToken, url, form));
      expect(res.status).toBe(200);
    };
    const sendTwo = async (): Promise<{ id: string; sids: string[] }> => {
      const attachments = [{ mediaId: await upload('a.pdf') }, { mediaId: await upload('b.pdf') }];
      const ack = await agent.send('message.send', {
        clientId: randomUUID(),
        conversationId: first.conversationId,
        kind: 'attachment',
        text: 'Segue',
        attachments,
      });
      const id = z.object({ id: z.string() }).parse(ack.data).id;
      await waitFor('sent', () => agent.message((m) => m.id === id && m.state === 'sent'));
      // One Messages API call, and so one SID, per attachment.
      const sids = (await h.hub.store.receipts.partsOf(id)).map((p) => p.providerMessageId);
      return { id, sids };
    };
    const stateOf = (id: string): DeliveryState | undefined => agent.message((m) => m.id === id)?.state;

    const two = await sendTwo();
    expect(two.sids).toHaveLength(2);
    const [a = '', b = ''] = two.sids;
    await post(a, 'delivered');
    await waitFor(
      'first part applied',
      async () => (await h.hub.store.receipts.findPart(tw.id, a))?.state === 'delivered',
    );
    expect(await stateOf(two.id)).toBe('sent');
    await post(b, 'delivered');
    await waitFor('delivered', async () => (await stateOf(two.id)) === 'delivered');

    const other = await sendTwo();
    const [c = '', d = ''] = other.sids;
    await post(c, 'delivered');
    await post(d, 'failed', '63016');
    await waitFor('failed', async () => (await stateOf(other.id)) === 'failed');
  });
});
