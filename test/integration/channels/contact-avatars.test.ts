/**
 * Contact avatars (issue 13 §3): the picture a LINE profile names is downloaded by the hub after the
 * profile answer, kept in the blob store, and served byte for byte by GET /api/contacts/:id/avatar to
 * agents who may read the contact. Anything that is not an image, or is larger than 1 MB, is not kept.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Contact, type Channel } from '../../../src/shared/domain.js';
import { setLinePicture, setLineProfile } from '../../../src/fake-provider/line.js';
import { lineTextBody } from './provider-bodies.js';
import { lineHeaders, startHarness, waitFor, type AgentSession, type Harness } from './harness.js';

const LINE = { channelSecret: 'line-secret', channelAccessToken: 'line-access' };
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let h: Harness;
let agent: AgentSession;
let line: Channel;
let seq = 0;

beforeAll(async () => {
  h = await startHarness();
  line = await h.createChannel('line', { ...LINE, apiBaseUrl: h.fake.baseUrlFor('line') });
  agent = await h.linkedAgent(line.id);
});
afterAll(async () => h.stop());

/** A LINE customer with this picture writes in; resolves with their contact once the profile was handled. */
async function customerWithPicture(name: string, bytes: Buffer, contentType: string): Promise<Contact> {
  seq += 1;
  const userId = `U5be${String(seq).padStart(29, '0')}`;
  const path = setLinePicture(h.fake.state, name, bytes, contentType);
  setLineProfile(h.fake.state, {
    userId,
    displayName: `Customer ${seq}`,
    pictureUrl: `${h.fake.baseUrlFor('line')}${path}`,
  });
  const id = `88${String(seq).padStart(6, '0')}`;
  const body = lineTextBody(userId, id, 'hello');
  const res = await h.webhook(line.id, body, lineHeaders(LINE.channelSecret, body));
  expect(res.status).toBe(200);
  await waitFor('the LINE message', () => agent.message((m) => m.providerMessageId === id));
  await h.fake.state.waitForCall('line', (c) => c.path === `/v2/bot/profile/${userId}`);
  await h.runtime.profiles.idle();
  const found = await waitFor('the named contact', () => {
    for (let i = agent.events.length - 1; i >= 0; i -= 1) {
      const e = agent.events[i];
      if (e?.type === 'contact.upsert' && e.contact.identity.externalId === userId && e.contact.name !== userId)
        return e.contact;
    }
    return undefined;
  });
  return Contact.parse(await h.json('GET', `/api/contacts/${found.id}`, undefined, agent.token));
}

function avatarOf(contactId: string, token: string): Promise<Response> {
  return h.api('GET', `/api/contacts/${contactId}/avatar`, undefined, token);
}

describe('contact avatars', () => {
  it("a LINE customer's picture comes back byte for byte, with its type and caching headers", async () => {
    const bytes = Buffer.concat([PNG_SIGNATURE, randomBytes(2048)]);
    const contact = await customerWithPicture('hanako.png', bytes, 'image/png');
    expect(contact.avatar).toMatchObject({ mimeType: 'image/png', size: bytes.length });

    const res = await avatarOf(contact.id, agent.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);

    const stranger = await h.linkedAgent();
    expect([403, 404]).toContain((await avatarOf(contact.id, stranger.token)).status);
  });

  it('a picture that is not an image is not kept (its Content-Type says image/png)', async () => {
    const contact = await customerWithPicture(
      'page.png',
      Buffer.from('<html><script>alert(1)</script></html>'),
      'image/png',
    );
    expect(contact.avatar ?? null).toBeNull();
    const res = await avatarOf(contact.id, agent.token);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NO_AVATAR');
  });

  it('a picture larger than 1 MB is not kept', async () => {
    const huge = Buffer.concat([PNG_SIGNATURE, Buffer.alloc(1024 * 1024)]);
    const contact = await customerWithPicture('huge.png', huge, 'image/png');
    expect(contact.avatar ?? null).toBeNull();
    expect((await avatarOf(contact.id, agent.token)).status).toBe(404);
  });
});
