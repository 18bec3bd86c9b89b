/**
 * Canned replies' rules, shared by the hub (which refuses what breaks them),
 * the admin and personal screens (which say so before saving) and the
 * composer (which fills the placeholders on insertion): the request bodies,
 * the shortcut's form and the placeholder vocabulary. Placeholders are the
 * merge fields of templates (domain.ts MergeField) written by name, e.g.
 * `{{contact.name}}`, since a canned reply has no numbered parameters.
 */
import { z } from 'zod';
import {
  CANNED_REPLY_SHORTCUT_MAX,
  CANNED_REPLY_TEXT_MAX,
  CANNED_REPLY_TITLE_MAX,
  Id,
  MERGE_FIELDS,
  type MergeField,
} from './domain.js';

/** Who a canned reply is for: the team (admins manage it) or its creator alone. */
export const CannedReplyScope = z.enum(['team', 'personal']);
export type CannedReplyScope = z.infer<typeof CannedReplyScope>;

/** Merge fields a canned reply may use: all of the templates' except `custom`, which has no value to fill. */
export const CANNED_REPLY_PLACEHOLDERS = MERGE_FIELDS.filter(
  (field): field is Exclude<MergeField, 'custom'> => field !== 'custom',
);
export type CannedReplyPlaceholder = (typeof CANNED_REPLY_PLACEHOLDERS)[number];

/** How a placeholder is written in a canned reply's text. */
export const placeholderToken = (field: CannedReplyPlaceholder): string => `{{${field}}}`;

// `{{ name }}`: anything between double braces that is not a brace or a space is read as a placeholder name.
const TOKEN = /\{\{\s*([^{}\s]+)\s*\}\}/g;

function isPlaceholder(name: string): name is CannedReplyPlaceholder {
  return CANNED_REPLY_PLACEHOLDERS.some((field) => field === name);
}

/** The `{{…}}` names in a text that are not placeholders (each once, in order of appearance). */
export function unknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const match of text.matchAll(TOKEN)) {
    const name = match[1] ?? '';
    if (!isPlaceholder(name)) unknown.add(name);
  }
  return [...unknown];
}

/**
 * The text with each placeholder replaced by its value. A placeholder without a value here (no ticket
 * yet) stays as written, so the agent sees what is missing before sending.
 */
export function fillPlaceholders(text: string, valueOf: (field: CannedReplyPlaceholder) => string): string {
  return text.replace(TOKEN, (token, name: string) => {
    if (!isPlaceholder(name)) return token;
    const value = valueOf(name);
    return value === '' ? token : value;
  });
}

/** A shortcut is one word: letters (any script), digits, `-` and `_`; typed after `/` in the composer. */
export const SHORTCUT_PATTERN = /^[\p{L}\p{N}_-]+$/u;

const Title = z.string().trim().min(1).max(CANNED_REPLY_TITLE_MAX);
const Shortcut = z
  .string()
  .trim()
  .max(CANNED_REPLY_SHORTCUT_MAX)
  .regex(SHORTCUT_PATTERN, 'one word of letters, digits, - and _ (without the /)');
const Text = z
  .string()
  .max(CANNED_REPLY_TEXT_MAX)
  .refine((text) => text.trim() !== '', 'text is required')
  .superRefine((text, ctx) => {
    const unknown = unknownPlaceholders(text);
    if (unknown.length === 0) return;
    const known = CANNED_REPLY_PLACEHOLDERS.map(placeholderToken).join(', ');
    ctx.addIssue({ code: 'custom', message: `unknown placeholder {{${unknown.join('}}, {{')}}}; use ${known}` });
  });

export const CreateCannedReplyRequest = z.object({
  scope: CannedReplyScope,
  /** null (the default): for every channel. */
  channelId: Id.nullable().default(null),
  title: Title,
  shortcut: Shortcut.nullable().default(null),
  text: Text,
});
export type CreateCannedReplyRequest = z.input<typeof CreateCannedReplyRequest>;

/** What may change; a reply stays team or personal for life (delete and create instead). */
export const UpdateCannedReplyRequest = z
  .object({ channelId: Id.nullable(), title: Title, shortcut: Shortcut.nullable(), text: Text })
  .partial()
  .strict();
export type UpdateCannedReplyRequest = z.input<typeof UpdateCannedReplyRequest>;

export const ListCannedRepliesQuery = z.object({
  scope: CannedReplyScope.optional(),
  /** Only the replies usable in this channel: its own and the all-channel ones. */
  channelId: Id.optional(),
});
export type ListCannedRepliesQuery = z.input<typeof ListCannedRepliesQuery>;
