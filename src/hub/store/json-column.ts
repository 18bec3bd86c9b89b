/** JSON columns are read back through their zod schema: the file on disk is a boundary too. */
import type { z } from 'zod';
import { AppError } from '../../shared/errors.js';

export function readJson<S extends z.ZodType>(schema: S, text: string, column: string): z.infer<S> {
  const result = schema.safeParse(JSON.parse(text));
  if (!result.success) throw new AppError('INTERNAL', `corrupt ${column} column`);
  return result.data;
}

export const bool = (value: number): boolean => value !== 0;
export const int = (value: boolean): number => (value ? 1 : 0);
