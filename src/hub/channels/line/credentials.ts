/**
 * LINE channel credentials (LINE Developers console → Messaging API channel).
 * The channel id names the identity when given; otherwise a digest of the
 * channel secret does, so the identity never holds the secret itself.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const LineCredentials = z.object({
  /** Signs every webhook (X-Line-Signature). */
  channelSecret: z.string().min(1).max(256),
  /** Bearer token for the Messaging API. */
  channelAccessToken: z.string().min(1).max(4096),
  /** The numeric channel id shown in the console. */
  channelId: z
    .string()
    .regex(/^\d{1,20}$/)
    .optional(),
  /** Replaces both https://api.line.me and https://api-data.line.me (tests, staging). */
  apiBaseUrl: z.string().url().optional(),
});
export type LineCredentials = z.infer<typeof LineCredentials>;

export function lineIdentity(credentials: LineCredentials): string {
  if (credentials.channelId !== undefined) return credentials.channelId;
  return `secret-sha256:${createHash('sha256').update(credentials.channelSecret).digest('hex').slice(0, 32)}`;
}
