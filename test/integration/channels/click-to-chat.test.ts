import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Channel } from '../../../src/shared/domain.js';
import { startHarness, type AgentSession, type Harness } from './harness.js';

let h: Harness;
let wa: Channel;
let agent: AgentSession;
let outsider: AgentSession;

beforeAll(async () => {
  h = await startHarness();
  wa = await h.createChannel(
    'whatsapp',
    {
      accessToken: 't',
      appSecret: 's',
      verifyToken: 'v',
      phoneNumberId: '1122334455667',
      apiBaseUrl: h.fake.baseUrlFor('whatsapp'),
    },
    { publicHandle: '+81 3-1234-5678' },
  );
  agent = await h.linkedAgent(wa.id);
  outsider = await h.linkedAgent();
});
afterAll(async () => h.stop());

it('a linked agent gets the channel’s wa.me link', async () => {
  const link = await h.json('GET', `/api/channels/${wa.id}/click-to-chat`, undefined, agent.token);
  expect(link).toEqual({ url: 'https://wa.me/81312345678', label: 'WhatsApp +81312345678' });
});

it('the QR code comes as an SVG and as a PNG', async () => {
  const svg = await h.api('GET', `/api/channels/${wa.id}/click-to-chat.svg`, undefined, agent.token);
  expect(svg.headers.get('content-type')).toContain('image/svg+xml');
  expect(await svg.text()).toContain('<svg');
  const png = await h.api('GET', `/api/channels/${wa.id}/click-to-chat.png`, undefined, agent.token);
  expect(png.headers.get('content-type')).toBe('image/png');
  expect(
    Buffer.from(await png.arrayBuffer())
      .subarray(1, 4)
      .toString(),
  ).toBe('PNG');
});

it('an agent not linked to the channel cannot read its link, and nobody signed out can', async () => {
  expect(
    (await h.api('GET', `/api/channels/${wa.id}/click-to-chat`, undefined, outsider.token)).status,
  ).toBeGreaterThanOrEqual(403);
  expect((await h.api('GET', `/api/channels/${wa.id}/click-to-chat.svg`)).status).toBe(401);
});
