/**
 * The admin console's credits and click-to-chat calls, as the desktop
 * client makes them against a real hub with the provider integration: the
 * QR code arrives as bytes (a Uint8Array, through the IPC guard too), the
 * ledger pages with its filters, and the hub's refusals keep their codes.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProviderExtension } from '../../../src/hub/providers/provider-integration.js';
import { callApi } from '../../../src/main/core/ipc-guard.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startHub, type TestHub } from '../../helpers/hub.js';
import { makeTempDir, startSignedInClient, type TestClient } from '../../helpers/client.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('credits and click-to-chat from the desktop client', () => {
  let hub: TestHub;
  let tmp: ReturnType<typeof makeTempDir>;
  let clients: TestClient[];
  beforeEach(async () => {
    hub = await startHub({ extensions: [createProviderExtension()] });
    tmp = makeTempDir();
    clients = [];
  });
  afterEach(async () => {
    for (const client of clients) await client.stop();
    await hub.stop();
    tmp.cleanup();
  });

  const signIn = async (agent: { email: string; password: string }, name: string): Promise<TestClient> => {
    const dataDir = join(tmp.dir, name);
    mkdirSync(dataDir);
    const client = await startSignedInClient({ dataDir, hubUrl: hub.url, agent });
    clients.push(client);
    return client;
  };

  it('an admin gets the channel’s link and its QR code as PNG and SVG bytes; an unlinked agent is refused', async () => {
    const channel = await hub.createChannel({ kind: 'whatsapp', settings: { publicHandle: '+81 3-1234-5678' } });
    const admin = await signIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin');
    expect(await admin.service.adminGetClickToChat(channel.id)).toEqual({
      url: 'https://wa.me/81312345678',
      label: 'WhatsApp +81312345678',
    });
    const png = await callApi(admin.service, 'adminGetClickToChatQr', [channel.id, 'png']);
    if (!png.ok) throw new Error(png.error.message);
    expect(png.value).toBeInstanceOf(Uint8Array);
    expect([...(png.value instanceof Uint8Array ? png.value.subarray(0, 8) : [])]).toEqual(PNG_SIGNATURE);
    const svg = await admin.service.adminGetClickToChatQr(channel.id, 'svg');
    expect(new TextDecoder().decode(svg)).toContain('<svg');
    expect(await callApi(admin.service, 'adminGetClickToChatQr', [channel.id, 'gif'])).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });

    const dan = await hub.createAgent({ name: 'Dan' });
    const agent = await signIn(dan, 'dan');
    expect(await callApi(agent.service, 'adminGetClickToChatQr', [channel.id, 'png'])).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('an admin tops up, sets the warning, schedules a cancellation and pages the ledger; the refusal keeps its code', async () => {
    const channel = await hub.createChannel({ kind: 'whatsapp' });
    const admin = await signIn({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, 'admin');
    const { service } = admin;
    expect((await service.adminTopUpCredits(channel.id, 5)).balance).toBe(5);
    hub.clock.advance(1000);
    expect((await service.adminTopUpCredits(channel.id, 7)).balance).toBe(12);
    expect((await service.adminSetCreditsThreshold(channel.id, 20)).lowBalanceThreshold).toBe(20);
    expect((await service.adminSetCreditsCancellation(channel.id, true)).cancellationScheduled).toBe(true);
    await expect(service.adminTopUpCredits(channel.id, 1)).rejects.toMatchObject({ code: 'CANCELLATION_SCHEDULED' });

    const first = await service.adminListCreditLedger(channel.id, { kind: 'top-up', limit: 1 });
    expect(first.items.map((e) => e.delta)).toEqual([7]);
    const second = await service.adminListCreditLedger(channel.id, {
      kind: 'top-up',
      limit: 1,
      cursor: first.nextCursor ?? '',
    });
    expect(second).toMatchObject({ items: [{ delta: 5, kind: 'top-up' }], nextCursor: null });
    expect((await service.adminListCreditLedger(channel.id, { kind: 'charge' })).items).toEqual([]);
  });
});
