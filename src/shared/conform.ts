/**
 * Fits a value to the bounds its schema declares, using the schema itself:
 * strings are cleaned (src/shared/text.ts) and cut to the schema's max length,
 * integers rounded, numbers clamped to the schema's range, arrays cut to their
 * max items. The writer uses it on provider input before storing anything, and
 * the reader uses it to repair a row that an older hub stored out of bounds —
 * so "what we store" and "what we can read back" are one definition.
 * It never invents values: what still does not parse afterwards is refused.
 */
import { z } from 'zod';
import { cleanText, clipText } from './text.js';

export interface Conformed {
  readonly value: unknown;
  /** Paths of the values that were cut or clamped (`text`, `meta.interactive.id`, `attachments.0.fileName`). */
  readonly clipped: readonly string[];
}

export function conformTo(schema: z.core.$ZodType, value: unknown): Conformed {
  const clipped: string[] = [];
  return { value: walk(schema, value, '', clipped), clipped };
}

export type ReadBack<T> =
  | { readonly ok: true; readonly value: T; readonly repaired: boolean }
  | { readonly ok: false; readonly issues: string };

/** Parses a stored value; one that fails is conformed and parsed again (repaired), else refused with its issues. */
export function readBack<S extends z.ZodType>(schema: S, value: unknown): ReadBack<z.infer<S>> {
  const first = schema.safeParse(value);
  if (first.success) return { ok: true, value: first.data, repaired: false };
  const second = schema.safeParse(conformTo(schema, value).value);
  if (second.success) return { ok: true, value: second.data, repaired: true };
  return { ok: false, issues: describeIssues(first.error) };
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

const join = (path: string, key: string | number): string => (path === '' ? String(key) : `${path}.${key}`);

function maxItems(schema: z.ZodArray): number | null {
  for (const check of schema.def.checks ?? []) {
    const def = check._zod.def;
    const maximum: unknown = Reflect.get(def, 'maximum');
    if (def.check === 'max_length' && typeof maximum === 'number') return maximum;
  }
  return null;
}

function walkNumber(schema: z.ZodNumber, value: number, path: string, clipped: string[]): number {
  if (!Number.isFinite(value)) return value;
  let next = schema.isInt ? Math.round(value) : value;
  const min = schema.minValue;
  const max = schema.maxValue;
  if (min !== null && Number.isFinite(min) && next < min) next = min;
  if (max !== null && Number.isFinite(max) && next > max) next = max;
  if (next !== value) clipped.push(path);
  return next;
}

function walkString(schema: z.ZodString, value: string, path: string, clipped: string[]): string {
  const clean = cleanText(value);
  const max = schema.maxLength;
  if (max === null || clean.length <= max) return clean;
  clipped.push(path);
  return clipText(clean, max);
}

function walkObject(schema: z.ZodObject, value: object, path: string, clipped: string[]): object {
  const out: Record<string, unknown> = { ...value };
  for (const [key, field] of Object.entries(schema.shape)) {
    if (key in out) out[key] = walk(field, out[key], join(path, key), clipped);
  }
  return out;
}

function walkArray(schema: z.ZodArray, value: unknown[], path: string, clipped: string[]): unknown[] {
  const max = maxItems(schema);
  const kept = max !== null && value.length > max ? value.slice(0, max) : value;
  if (kept !== value) clipped.push(path);
  return kept.map((item, index) => walk(schema.element, item, join(path, index), clipped));
}

function walk(schema: z.core.$ZodType, value: unknown, path: string, clipped: string[]): unknown {
  if (schema instanceof z.ZodString)
    return typeof value === 'string' ? walkString(schema, value, path, clipped) : value;
  if (schema instanceof z.ZodNumber)
    return typeof value === 'number' ? walkNumber(schema, value, path, clipped) : value;
  if (schema instanceof z.ZodNullable) return value === null ? null : walk(schema.unwrap(), value, path, clipped);
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return value === undefined ? undefined : walk(schema.unwrap(), value, path, clipped);
  }
  if (schema instanceof z.ZodObject) {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? walkObject(schema, value, path, clipped)
      : value;
  }
  if (schema instanceof z.ZodArray) return Array.isArray(value) ? walkArray(schema, value, path, clipped) : value;
  if (schema instanceof z.ZodIntersection) {
    return walk(schema.def.right, walk(schema.def.left, value, path, clipped), path, clipped);
  }
  if (schema instanceof z.ZodUnion) {
    // The first option the conformed value fits (discriminated unions have one per type).
    for (const option of schema.options) {
      const attempt: string[] = [];
      const next = walk(option, value, path, attempt);
      if (z.safeParse(option, next).success) {
        clipped.push(...attempt);
        return next;
      }
    }
    return value;
  }
  if (schema instanceof z.ZodPipe) return walk(schema.def.in, value, path, clipped);
  return value;
}
