/**
 * An adapter's reading of a channel's opened credentials, once per opened value. Opened credentials are one
 * frozen object per sealed value (services/channels.ts, `openCredentials`), so the parse is kept with that
 * object (a WeakMap: it goes when the value does): a webhook, a send or a poll no longer runs the adapter's
 * schema each time. New credentials, saved on any node, are a new sealed value, opened and parsed anew.
 * Anything else (a value not frozen) is parsed as it comes.
 */
import type { z } from 'zod';
import type { ChannelAdapter } from '../channels/types.js';

const readings = new WeakMap<object, Map<z.ZodType, z.ZodSafeParseResult<unknown>>>();

export function readCredentials<C>(
  adapter: Pick<ChannelAdapter<C>, 'credentialsSchema'>,
  value: unknown,
): z.ZodSafeParseResult<C> {
  const schema = adapter.credentialsSchema;
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value)) return schema.safeParse(value);
  let bySchema = readings.get(value);
  if (!bySchema) {
    bySchema = new Map();
    readings.set(value, bySchema);
  }
  const known = bySchema.get(schema);
  if (known) return known as z.ZodSafeParseResult<C>;
  const reading = schema.safeParse(value);
  bySchema.set(schema, reading);
  return reading;
}
