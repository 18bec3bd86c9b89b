/**
 * The fake WhatsApp Business Management API's template routes, answering as
 * Graph does from the fake's template store (whatsapp-templates.ts): the
 * WABA's message templates in cursor pages, create, delete, edit by template
 * id, and the Resumable Upload API for media header samples.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { recordedCall, type FakeProviderState } from './server.js';
import { refusal, sendRefusal } from './whatsapp-template-checks.js';
import { whatsappTemplatesOf } from './whatsapp-templates.js';

function encodeCursor(index: number): string {
  return Buffer.from(`index:${index}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const match = /^index:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : 0;
}

export function registerWhatsappTemplateRoutes(
  app: FastifyInstance,
  state: FakeProviderState,
  accepts: (authorization: string | undefined) => boolean,
  refuseToken: (reply: FastifyReply) => FastifyReply,
): void {
  const templates = whatsappTemplatesOf(state);

  app.get<{ Params: { wabaId: string } }>('/v21.0/:wabaId/message_templates', async (req, reply) => {
    const call = recordedCall(req);
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    const all = templates.list(req.params.wabaId);
    const limit = Math.min(Math.max(Number(call.query.limit ?? 25) || 25, 1), 1000);
    const start = decodeCursor(call.query.after);
    const page = all.slice(start, start + limit);
    const end = start + page.length;
    const paging: Record<string, unknown> = { cursors: { before: encodeCursor(start), after: encodeCursor(end) } };
    if (end < all.length) {
      const next = new URL(`${state.baseUrlFor('whatsapp')}${call.path}`);
      for (const [k, v] of Object.entries(call.query)) next.searchParams.set(k, v);
      next.searchParams.set('after', encodeCursor(end));
      paging.next = next.toString();
    }
    return reply.send({ data: page, paging });
  });

  app.post<{ Params: { wabaId: string } }>('/v21.0/:wabaId/message_templates', async (req, reply) => {
    const call = recordedCall(req);
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    const created = templates.create(req.params.wabaId, call.json);
    if (!created.ok) return sendRefusal(reply, created.refusal);
    const { id, status, category } = created.template;
    return reply.send({ id, status, category });
  });

  app.delete<{ Params: { wabaId: string } }>('/v21.0/:wabaId/message_templates', async (req, reply) => {
    const call = recordedCall(req);
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    const name = call.query.name;
    if (!name) return sendRefusal(reply, refusal('Name required', 'Say which template to delete (name).'));
    const problem = templates.remove(req.params.wabaId, name, call.query.hsm_id);
    return problem ? sendRefusal(reply, problem) : reply.send({ success: true });
  });

  // A session of the Resumable Upload API: the handle of a media header's sample comes from it.
  app.post<{ Params: { appId: string } }>('/v21.0/:appId/uploads', async (req, reply) => {
    const call = recordedCall(req);
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    if (!call.query.file_length || !call.query.file_type)
      return sendRefusal(reply, refusal('Invalid upload', 'file_length and file_type are required.'));
    return reply.send({ id: `upload:${randomBytes(9).toString('base64url')}` });
  });

  // One segment: an upload session's bytes (`upload:…`), or a template edit (`{template-id}`).
  app.post<{ Params: { id: string } }>('/v21.0/:id', async (req, reply) => {
    const call = recordedCall(req);
    const id = req.params.id;
    if (id.startsWith('upload:')) {
      const auth = call.headers.authorization ?? '';
      if (!/^OAuth \S+$/.test(auth)) return refuseToken(reply);
      if (call.headers.file_offset !== '0' || call.rawBody.length === 0)
        return sendRefusal(reply, refusal('Invalid upload', 'Send the file from file_offset 0.'));
      return reply.send({ h: `4::${Buffer.from(id).toString('base64url')}:${call.rawBody.length}` });
    }
    if (!accepts(call.headers.authorization)) return refuseToken(reply);
    const problem = templates.edit(id, call.json);
    return problem ? sendRefusal(reply, problem) : reply.send({ success: true });
  });
}
