/**
 * Hub-call client methods of the admin console: templates. See src/shared/hub-calls.ts. WhatsApp templates
 * are Meta's (the hub lists, submits and syncs them with the WhatsApp Business Account); Twilio's are kept
 * by the hub. The composer does not use these: it reads the templates synced into the cache.
 */
import { z } from 'zod';
import { Id, Template } from '../domain.js';
import { hubMethod, segment, type HubMethod } from '../hub-calls.js';
import { CreateTemplateRequest, UpdateTemplateRequest } from '../protocol.js';
import { HeaderSampleRequest, HeaderSampleResponse, TemplateSyncResult, TemplateSyncState } from '../templates.js';

const Items = z.object({ items: z.array(Template) }).transform((page) => page.items);

export const TEMPLATES_METHODS = {
  /** The channel's templates, fresh from the hub (deleted ones included, marked so). */
  adminListTemplates: hubMethod({
    args: z.tuple([Id]),
    result: Items,
    call: (channelId) => ({ method: 'GET', path: 'api/templates', query: { channelId } }),
  }),
  /** How the channel's templates are kept (locally, or with Meta) and how the last sync went. */
  adminTemplateSyncState: hubMethod({
    args: z.tuple([Id]),
    result: TemplateSyncState,
    call: (channelId) => ({ method: 'GET', path: 'api/templates/sync', query: { channelId } }),
  }),
  /** "Sync now": reads the WhatsApp Business Account's templates. */
  adminSyncTemplates: hubMethod({
    args: z.tuple([Id]),
    result: TemplateSyncResult,
    call: (channelId) => ({ method: 'POST', path: 'api/templates/sync', query: { channelId } }),
  }),
  /** Creates a template; on WhatsApp it is submitted to Meta and waits as pending. */
  adminCreateTemplate: hubMethod({
    args: z.tuple([CreateTemplateRequest]),
    result: Template,
    call: (template) => ({ method: 'POST', path: 'api/templates', body: template }),
  }),
  /** Changes a template; on WhatsApp a new category or wording is submitted to Meta again. */
  adminUpdateTemplate: hubMethod({
    args: z.tuple([Id, UpdateTemplateRequest]),
    result: Template,
    call: (id, change) => ({ method: 'PATCH', path: `api/templates/${segment(id)}`, body: change }),
  }),
  /** Deletes a template (on WhatsApp at Meta too, this language only). */
  adminDeleteTemplate: hubMethod({
    args: z.tuple([Id]),
    result: Template,
    call: (id) => ({ method: 'DELETE', path: `api/templates/${segment(id)}` }),
  }),
  /** Uploads a media header's sample for Meta's review; the handle goes into the header's example. */
  adminUploadTemplateSample: hubMethod({
    args: z.tuple([HeaderSampleRequest]),
    result: HeaderSampleResponse,
    call: (sample) => ({ method: 'POST', path: 'api/templates/header-sample', body: sample }),
  }),
} as const satisfies Record<string, HubMethod>;
