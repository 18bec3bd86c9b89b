/** Opaque paging cursors: base64url JSON, parsed back through a schema. */
import type { z } from 'zod';
import { AppError } from '../../shared/errors.js';

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new AppError('VALIDATION_FAILED', 'cursor: not a cursor this hub issued', { cause: String(error) });
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new AppError('VALIDATION_FAILED', 'cursor: not a cursor this hub issued');
  return result.data;
}
