/**
 * A customer's picture in the desktop client (issue 13 §3): fetched once from the hub into the
 * attachment cache folder, served to the renderer through a media URL, and still there offline.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import type { Contact } from '../../../src/shared/domain.js';
import { setLinePicture, setLineProfile } from '../../../src/fake-provider/line.js';
import { lineHeaders } from '../channels/harness.js';
import { startHub, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, waitFor, type TestClient } from '../../helpers/client.js';

const PICTURE = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(4096)]);
const USER_ID = 'U7c0000000000000000000000000avatar';

describe("a customer's picture in the client", () => {
  let hub: TestHub;
  let client: TestClient | undefined;
  let tmp: ReturnType<typeof makeTempDir>;

  beforeEach(async () => {
    tmp = makeTempDir();
    hub = await startHub({ extensions: [createProviderExtension({})] });
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    await hub.stop();
    tmp.cleanup();
  });

  it('is fetched once into the cache folder, served by its media URL, and shown offline', async () => {
    const aiko = await hub.createAgent({ name: 'Aiko' });
    const credentials = await hub.credentialsFor('line');
    const channelId = (
      await hub.createChannel({ kind: 'line', name: 'LINE JP', credentials, linkAgentIds: [aiko.agent.id] })
    ).id;
    const fake = await hub.fakeProvider();
    const path = setLinePicture(fake.state, 'aiko-customer.jpg', PICTURE, 'image/jpeg');
    setLineProfile(fake.state, {
      userId: USER_ID,
      displayName: '山田 太郎',
      pictureUrl: `${fake.baseUrlFor('line')}${path}`,
    });
    client = await startSignedInClient({ dataDir: tmp.dir, hubUrl: hub.url, agent: aiko });
    const body = JSON.stringify({
      destination: 'Ubot',
      events: [
        {
          type: 'message',
          mode: 'active',
          timestamp: Date.now(),
          webhookEventId: '01HAVATARCLIENT0001',
          deliveryContext: { isRedelivery: false },
          replyToken: 'token-avatar',
          source: { type: 'user', userId: USER_ID },
          message: { id: '990001', type: 'text', text: 'こんにちは' },
        },
      ],
    });
    const res = await hub.api('POST', `/webhooks/${channelId}`, {
      body,
      headers: lineHeaders(String(credentials['channelSecret']), body),
    });
    expect(res.status).toBe(200);

    const { service } = client;
    const contact: Contact = await waitFor(
      async () => (await service.listConversations({})).rows.find((r) => r.contact.avatar)?.contact,
      15_000,
      'the contact with its picture',
    );
    const avatar = contact.avatar ?? expect.unreachable('a picture');
    expect(avatar.mimeType).toBe('image/jpeg');

    const url = (await service.contactAvatarUrl(contact.id, avatar)) ?? expect.unreachable('a media URL');
    const mediaId = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
    const file = (await service.attachmentFile(mediaId)) ?? expect.unreachable('the cached picture');
    expect(file.mimeType).toBe('image/jpeg');
    expect(file.path.startsWith(tmp.dir)).toBe(true);
    expect(readFileSync(file.path).equals(PICTURE)).toBe(true);

    await hub.halt();
    expect(await service.contactAvatarUrl(contact.id, avatar)).toBe(url);
    expect((await service.attachmentFile(mediaId))?.path).toBe(file.path);
    await hub.resume();
  });
});
