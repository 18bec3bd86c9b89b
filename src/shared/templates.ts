/**
 * What the hub says about a channel's templates beyond the templates
 * themselves: how they are kept (locally, or synced with the WhatsApp
 * Business Account), the last sync and its refusal, and the upload of a
 * media header's sample for Meta's review.
 */
import { z } from 'zod';
import { Id, Millis } from './domain.js';
import { ErrorBody } from './errors.js';

/**
 * `local`: templates are kept in Switchboard (Twilio; approval set by an admin). The others are WhatsApp:
 * `needs-waba-id` (the credentials lack the WhatsApp Business Account id), `never` (not synced yet),
 * `ok` (the last sync read every page) and `failed` (Meta refused the last attempt: `error`).
 */
export const TemplateSyncStatus = z.enum(['local', 'needs-waba-id', 'never', 'ok', 'failed']);
export type TemplateSyncStatus = z.infer<typeof TemplateSyncStatus>;

export const TemplateSyncState = z.object({
  channelId: Id,
  status: TemplateSyncStatus,
  /** The last sync that read every page. */
  syncedAt: Millis.nullable(),
  attemptedAt: Millis.nullable(),
  /** Templates the last sync found. */
  templateCount: z.number().int().nonnegative(),
  error: ErrorBody.nullable(),
});
export type TemplateSyncState = z.infer<typeof TemplateSyncState>;

export const TemplateSyncResult = z.object({
  state: TemplateSyncState,
  added: z.number().int().nonnegative(),
  changed: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
  /** Templates of the account Switchboard cannot send (a location header, OTP or catalog buttons …). */
  unsupported: z
    .array(z.object({ name: z.string().max(512), language: z.string().max(15), reason: z.string().max(200) }))
    .max(500),
});
export type TemplateSyncResult = z.infer<typeof TemplateSyncResult>;

export const TemplateSyncQuery = z.object({ channelId: Id });

/** Meta reviews a media header with a sample: JPEG/PNG, MP4 or PDF, sent base64 in the JSON body (≤ 700 KB). */
export const HEADER_SAMPLE_MAX_BYTES = 700 * 1024;
export const HEADER_SAMPLE_TYPES = ['image/jpeg', 'image/png', 'video/mp4', 'application/pdf'] as const;
export const HeaderSampleRequest = z.object({
  channelId: Id,
  fileName: z.string().min(1).max(255),
  mimeType: z.enum(HEADER_SAMPLE_TYPES),
  /** The file, base64. */
  data: z
    .string()
    .min(1)
    .max(Math.ceil(HEADER_SAMPLE_MAX_BYTES / 3) * 4),
});
export type HeaderSampleRequest = z.infer<typeof HeaderSampleRequest>;
/** `handle` goes into the media header's `example` of the template submitted next. */
export const HeaderSampleResponse = z.object({ handle: z.string().min(1).max(4096) });
