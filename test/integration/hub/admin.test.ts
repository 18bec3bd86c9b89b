import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Agent, Channel } from '../../../src/shared/domain.js';
import { testCredentials, startHub, type TestHub } from '../../helpers/hub.js';

describe('administration', () => {
  let t: TestHub;
  beforeEach(async () => {
    t = await startHub();
  });
  afterEach(async () => {
    await t.stop();
  });

  it('channel credentials are validated, never returned by any API, and not readable in the database file', async () => {
    const bad = await t.api('POST', '/api/channels', {
      token: t.adminToken,
      body: { kind: 'telegram', name: 'Bot', credentials: { botToken: 'nope', secretToken: 'x' } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });

    const credentials = await t.credentialsFor('telegram', { secretToken: 'very_secret_marker_value' });
    const created = await t.api('POST', '/api/channels', {
      token: t.adminToken,
      body: { kind: 'telegram', name: 'Bot', credentials },
    });
    expect(created.status).toBe(201);
    const list = await t.api('GET', '/api/channels', { token: t.adminToken });
    for (const body of [created.body, list.body])
      expect(JSON.stringify(body)).not.toContain('very_secret_marker_value');
    const id = Channel.parse(created.body).id;
    expect(await t.hub.services.channels.credentialsOf(id)).toMatchObject({ secretToken: 'very_secret_marker_value' });

    await t.halt();
    for (const file of fs.readdirSync(t.dataDir).filter((f) => f.startsWith('hub.sqlite'))) {
      expect(fs.readFileSync(path.join(t.dataDir, file)).includes('very_secret_marker_value')).toBe(false);
    }
    await t.resume();
  });

  it('a channel’s provider identity cannot change, and one provider account cannot be added twice', async () => {
    const credentials = await t.credentialsFor('whatsapp');
    const channel = await t.createChannel({ kind: 'whatsapp', credentials });
    const duplicate = await t.api('POST', '/api/channels', {
      token: t.adminToken,
      body: { kind: 'whatsapp', name: 'Again', credentials },
    });
    expect(duplicate.status).toBe(409);
    const rotated = await t.api('PUT', `/api/channels/${channel.id}/credentials`, {
      token: t.adminToken,
      body: { credentials: { ...credentials, accessToken: 'rotated-token' } },
    });
    expect(rotated.status).toBe(200);
    const moved = await t.api('PUT', `/api/channels/${channel.id}/credentials`, {
      token: t.adminToken,
      body: { credentials: { ...credentials, phoneNumberId: '999999' } },
    });
    expect(moved.status).toBe(409);
    expect(moved.body).toMatchObject({ error: { code: 'CHANNEL_IDENTITY_IMMUTABLE' } });
    const renamed = await t.api('PATCH', `/api/channels/${channel.id}`, {
      token: t.adminToken,
      body: { name: 'Support JP' },
    });
    expect(renamed.body).toMatchObject({ name: 'Support JP' });
  });

  it('agents cannot use the admin API', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel();
    const calls: [string, string, unknown][] = [
      ['POST', '/api/agents', { email: 'x@example.com', name: 'X', password: 'password-123' }],
      ['PATCH', `/api/agents/${aiko.agent.id}`, { role: 'admin' }],
      ['POST', '/api/channels', { kind: 'telegram', name: 'x', credentials: testCredentials('telegram') }],
      ['PATCH', `/api/channels/${channel.id}`, { name: 'mine now' }],
      ['POST', `/api/channels/${channel.id}/agents`, { agentId: aiko.agent.id }],
      ['DELETE', `/api/channels/${channel.id}`, undefined],
    ];
    for (const [method, url, body] of calls) {
      const res = await t.api(method, url, { token: aiko.token, body });
      expect(res.status, `${method} ${url}`).toBe(403);
    }
  });

  it('the last active admin cannot be demoted or deactivated', async () => {
    const res = await t.api('POST', `/api/agents/${t.admin.id}/deactivate`, { token: t.adminToken });
    expect(res.status).toBe(409);
    const demote = await t.api('PATCH', `/api/agents/${t.admin.id}`, { token: t.adminToken, body: { role: 'agent' } });
    expect(demote.status).toBe(409);
    const other = await t.createAgent({ role: 'admin' });
    expect(
      (await t.api('PATCH', `/api/agents/${t.admin.id}`, { token: other.token, body: { role: 'agent' } })).status,
    ).toBe(200);
  });

  it('agent changes reach every connected client, and a new password signs the agent out everywhere', async () => {
    const aiko = await t.createAgent({ name: 'Aiko' });
    const watcher = await t.connect(t.adminToken);
    const updated = await t.api('PATCH', `/api/agents/${aiko.agent.id}`, {
      token: t.adminToken,
      body: { name: 'Aiko Tanaka' },
    });
    expect(Agent.parse(updated.body).name).toBe('Aiko Tanaka');
    await watcher.waitForEvent((e) => e.type === 'agent.upsert' && e.agent.name === 'Aiko Tanaka');
    await t.api('PATCH', `/api/agents/${aiko.agent.id}`, {
      token: t.adminToken,
      body: { password: 'a-brand-new-password' },
    });
    expect((await t.api('GET', '/api/auth/me', { token: aiko.token })).status).toBe(401);
    await t.login(aiko.email, 'a-brand-new-password');
  });

  it('unlinking an agent hands its conversations in that channel back to unassigned', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    await t.connect(aiko.token);
    const ingested = await t.ingestText(channel.id, { from: 'c1' });
    const conversationId =
      (await t.hub.store.messages.findById(ingested.messageIds[0] ?? ''))?.message.conversationId ?? '';
    expect((await t.hub.store.conversations.findById(conversationId))?.conversation.assigneeId).toBe(aiko.agent.id);
    await t.api('DELETE', `/api/channels/${channel.id}/agents/${aiko.agent.id}`, { token: t.adminToken });
    expect((await t.hub.store.conversations.findById(conversationId))?.conversation.assigneeId).toBeNull();
  });

  it('deleting a channel moves it to the trash: every client is told, and it leaves the lists', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel({ linkAgentIds: [aiko.agent.id] });
    await t.ingestText(channel.id, { from: 'c1' });
    const sock = await t.connect(aiko.token);
    expect((await t.api('DELETE', `/api/channels/${channel.id}`, { token: t.adminToken })).status).toBe(204);
    await sock.waitForEvent(
      (e) => e.type === 'channel.upsert' && e.channel.id === channel.id && e.channel.trashedAt !== null,
    );
    const channels = await t.api('GET', '/api/channels', { token: t.adminToken });
    expect(JSON.stringify(channels.body)).not.toContain(channel.id);
    const conversations = await t.api('GET', '/api/conversations', { token: t.adminToken });
    expect(conversations.body).toMatchObject({ items: [] });
  });

  it('inbound media waits as a pending attachment and every download outcome reaches the clients', async () => {
    const aiko = await t.createAgent();
    const channel = await t.createChannel({ kind: 'line', linkAgentIds: [aiko.agent.id] });
    const sock = await t.connect(aiko.token);
    const result = await t.ingestText(channel.id, {
      from: 'U1',
      kind: 'image',
      text: null,
      media: [{ ref: 'line-msg-1', mimeType: 'image/jpeg', fileName: null, size: null }],
    });
    expect(result.pendingAttachmentIds).toHaveLength(1);
    const [attachmentId] = result.pendingAttachmentIds;
    const { attachments } = t.hub.services;
    expect(await attachments.listPendingAttachments()).toMatchObject([
      { attachmentId, channelKind: 'line', media: { ref: 'line-msg-1' } },
    ]);

    await attachments.markAttachmentFailed(attachmentId ?? '', 'provider timed out', { willRetry: true });
    await sock.waitForEvent(
      (e) => e.type === 'message.upsert' && e.message.attachments[0]?.error === 'provider timed out',
    );
    expect(await attachments.listPendingAttachments()).toMatchObject([{ attachmentId, attempts: 1 }]);

    const bytes = Buffer.from('ffd8ffe000104a464946', 'hex');
    const blob = await t.hub.blobs.put(bytes);
    await attachments.markAttachmentReady(attachmentId ?? '', {
      ...blob,
      mimeType: 'image/jpeg',
      fileName: 'photo.jpg',
    });
    await sock.waitForEvent((e) => e.type === 'message.upsert' && e.message.attachments[0]?.status === 'ready');
    expect(await attachments.listPendingAttachments()).toEqual([]);
    const download = await t.api('GET', `/api/attachments/${attachmentId}`, { token: aiko.token });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('image/jpeg');
    expect(download.headers.get('content-disposition')).toMatch(/^inline; filename="photo.jpg"/);
  });

  it('health answers without a token with the latest sequence number', async () => {
    const res = await t.api('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: expect.any(String), seq: await t.hub.store.events.latestSeq() });
  });
});
