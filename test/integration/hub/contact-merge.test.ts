/**
 * Contacts and people on the hub (issue 14 §4): agents keep an email and custom attributes on a contact
 * (a bad email or too many attributes refused with words), and merge a LINE contact with a WhatsApp
 * contact into one person and undo it — each contact keeps its channel, identity, name, notes and
 * conversations; only agents who may update and read both channels can; it survives a restart.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContactMergeResult } from '../../../src/shared/contact-patch.js';
import { Contact, FULL_PERMISSIONS } from '../../../src/shared/domain.js';
import type { HubEvent } from '../../../src/shared/protocol.js';
import { startHub, type TestAgent, type TestHub } from '../../helpers/hub.js';

describe('contacts and people', () => {
  let t: TestHub;
  let aiko: TestAgent;
  let lineId: string;
  let whatsappId: string;

  beforeEach(async () => {
    t = await startHub();
    aiko = await t.createAgent({ name: 'Aiko', permissions: FULL_PERMISSIONS });
    lineId = (await t.createChannel({ kind: 'line', name: 'LINE shop', linkAgentIds: [aiko.agent.id] })).id;
    whatsappId = (await t.createChannel({ kind: 'whatsapp', name: 'WhatsApp', linkAgentIds: [aiko.agent.id] })).id;
  });
  afterEach(async () => {
    await t.stop();
  });

  async function customer(channelId: string, from: string, name: string) {
    const ingested = await t.ingestText(channelId, { from, name, text: 'hello' });
    const message = (await t.hub.store.messages.findById(ingested.messageIds[0] ?? ''))?.message;
    const conversation = (await t.hub.store.conversations.findById(message?.conversationId ?? ''))?.conversation;
    if (!conversation) throw new Error('no conversation');
    return { contactId: conversation.contactId, conversationId: conversation.id };
  }
  const contactOf = async (id: string): Promise<Contact> => {
    const found = (await t.hub.store.contacts.findById(id))?.contact;
    if (!found) throw new Error('no contact');
    return found;
  };
  const patch = (id: string, body: unknown, token = aiko.token) =>
    t.api('PATCH', `/api/contacts/${id}`, { token, body });
  const merge = (id: string, intoContactId: string, token = aiko.token) =>
    t.api('POST', `/api/contacts/${id}/merge`, { token, body: { intoContactId } });
  const unmerge = (id: string, token = aiko.token) => t.api('POST', `/api/contacts/${id}/unmerge`, { token });
  const errorOf = (body: unknown) => (body as { error: { code: string; message: string } }).error;

  it('keeps an email and custom attributes, refuses a bad email and too many or too long attributes', async () => {
    const hana = await customer(lineId, 'U-hana', 'Hana');
    const res = await patch(hana.contactId, {
      email: ' hana@example.jp ',
      attributes: { Plan: 'Gold', 会員番号: 'A-1024' },
    });
    expect(res.status).toBe(200);
    expect(Contact.parse(res.body)).toMatchObject({
      email: 'hana@example.jp',
      attributes: { Plan: 'Gold', 会員番号: 'A-1024' },
    });

    const bad = await patch(hana.contactId, { email: 'hana at example' });
    expect(bad.status).toBe(400);
    expect(errorOf(bad.body)).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('email') });
    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, 'v']));
    expect((await patch(hana.contactId, { attributes: tooMany })).status).toBe(400);
    expect((await patch(hana.contactId, { attributes: { ['k'.repeat(41)]: 'v' } })).status).toBe(400);
    expect((await patch(hana.contactId, { attributes: { Plan: 'v'.repeat(501) } })).status).toBe(400);
    expect((await patch(hana.contactId, { attributes: { ' ': 'v' } })).status).toBe(400);
    expect(await contactOf(hana.contactId)).toMatchObject({ email: 'hana@example.jp', attributes: { Plan: 'Gold' } });

    await t.restart();
    expect(await contactOf(hana.contactId)).toMatchObject({
      email: 'hana@example.jp',
      attributes: { Plan: 'Gold', 会員番号: 'A-1024' },
    });
    const cleared = await patch(hana.contactId, { email: '', attributes: {} });
    expect(cleared.status).toBe(200);
    expect(Contact.parse(cleared.body).email).toBeUndefined();
    expect(Contact.parse(cleared.body).attributes).toBeUndefined();
  });

  it('merges a LINE and a WhatsApp contact into one person and undoes it exactly, across a restart', async () => {
    const onLine = await customer(lineId, 'U-hana', 'Hana (LINE)');
    const onWhatsApp = await customer(whatsappId, '819012345678', 'Hana Suzuki');
    expect((await patch(onLine.contactId, { name: 'Hana S.', notes: 'Prefers LINE' })).status).toBe(200);
    const before = [await contactOf(onLine.contactId), await contactOf(onWhatsApp.contactId)];
    const socket = await t.connect(aiko.token);

    const res = await merge(onLine.contactId, onWhatsApp.contactId);
    expect(res.status).toBe(200);
    const merged = ContactMergeResult.parse(res.body);
    expect(merged.contacts.map((c) => c.id).sort()).toEqual([onLine.contactId, onWhatsApp.contactId].sort());
    const [line, whatsapp] = [await contactOf(onLine.contactId), await contactOf(onWhatsApp.contactId)];
    expect(line.personId).toBe(merged.personId);
    expect(whatsapp.personId).toBe(merged.personId);
    // The identities stay as they were: channel, provider id, name, notes, conversations.
    expect({ ...line, personId: undefined }).toEqual({ ...before[0], personId: undefined });
    expect({ ...whatsapp, personId: undefined }).toEqual({ ...before[1], personId: undefined });
    expect((await t.hub.store.conversations.findById(onLine.conversationId))?.conversation.contactId).toBe(
      onLine.contactId,
    );
    const isUpsertOf = (id: string) => (e: HubEvent) =>
      e.type === 'contact.upsert' && e.contact.id === id && e.contact.personId === merged.personId;
    await socket.waitForEvent(isUpsertOf(onLine.contactId));
    await socket.waitForEvent(isUpsertOf(onWhatsApp.contactId));
    const activity = await socket.waitForEvent(
      (e) =>
        e.type === 'activity.upsert' &&
        e.activity.conversationId === onWhatsApp.conversationId &&
        e.activity.change.kind === 'person',
    );
    expect(activity).toMatchObject({
      activity: { change: { kind: 'person', action: 'merged', contactName: 'Hana S.', channelKind: 'line' } },
    });
    expect(errorOf((await merge(onWhatsApp.contactId, onLine.contactId)).body).code).toBe('CONTACT_ALREADY_MERGED');
    expect(errorOf((await merge(onLine.contactId, onLine.contactId)).body).code).toBe('CONTACT_MERGE_INVALID');

    await t.restart();
    expect((await contactOf(onLine.contactId)).personId).toBe(merged.personId);
    expect((await contactOf(onWhatsApp.contactId)).personId).toBe(merged.personId);

    const undone = await unmerge(onWhatsApp.contactId);
    expect(undone.status).toBe(200);
    expect(await contactOf(onLine.contactId)).toEqual(before[0]);
    expect(await contactOf(onWhatsApp.contactId)).toEqual(before[1]);
    const again = await unmerge(onLine.contactId);
    expect(again.status).toBe(409);
    expect(errorOf(again.body).code).toBe('CONTACT_NOT_MERGED');
    await t.restart();
    expect(await contactOf(onLine.contactId)).toEqual(before[0]);
  });

  it('refuses agents without "update" and merges across a channel the agent cannot read', async () => {
    const onLine = await customer(lineId, 'U-ken', 'Ken');
    const onWhatsApp = await customer(whatsappId, '819000000001', 'Ken W');
    const viewer = await t.createAgent({
      name: 'Viewer',
      permissions: { ...FULL_PERMISSIONS, update: false },
    });
    await t.linkAgent(lineId, viewer.agent.id);
    await t.linkAgent(whatsappId, viewer.agent.id);
    const refused = await merge(onLine.contactId, onWhatsApp.contactId, viewer.token);
    expect(refused.status).toBe(403);
    expect((await patch(onLine.contactId, { email: 'ken@example.com' }, viewer.token)).status).toBe(403);

    const lineOnly = await t.createAgent({ name: 'Line only', permissions: FULL_PERMISSIONS });
    await t.linkAgent(lineId, lineOnly.agent.id);
    expect((await merge(onLine.contactId, onWhatsApp.contactId, lineOnly.token)).status).toBe(403);
    expect((await merge(onWhatsApp.contactId, onLine.contactId, lineOnly.token)).status).toBe(403);
    expect((await contactOf(onLine.contactId)).personId).toBeUndefined();
    expect((await contactOf(onWhatsApp.contactId)).personId).toBeUndefined();

    // Merged by Aiko, the LINE-only agent cannot take the WhatsApp contact back out either.
    expect((await merge(onLine.contactId, onWhatsApp.contactId)).status).toBe(200);
    expect((await unmerge(onLine.contactId, lineOnly.token)).status).toBe(403);
    expect((await contactOf(onWhatsApp.contactId)).personId).toEqual(expect.any(String));
  });
});
