/**
 * The signed-in session kept between runs: hub URL, token and agent, as one
 * JSON string handed to the injected token store (the shell encrypts it with
 * safeStorage; tests keep it in a file). Parsed with zod when read back.
 */
import { z } from 'zod';
import { Agent } from '../../../shared/domain.js';
import type { Logger } from '../logger.js';
import { errorMessage } from '../logger.js';

export const StoredSession = z.object({ hubUrl: z.string().url(), token: z.string().min(1), agent: Agent });
export type StoredSession = z.infer<typeof StoredSession>;

type MaybePromise<T> = T | Promise<T>;

/** Where the session string lives; implemented by the shell (safeStorage) and by tests. */
export interface TokenStore {
  load(): MaybePromise<string | null>;
  save(token: string): MaybePromise<void>;
  clear(): MaybePromise<void>;
}

export async function loadSession(store: TokenStore, logger: Logger): Promise<StoredSession | null> {
  const raw = await store.load();
  if (raw === null) return null;
  try {
    return StoredSession.parse(JSON.parse(raw));
  } catch (error) {
    logger.warn({ error: errorMessage(error) }, 'stored session unreadable; signing out');
    await store.clear();
    return null;
  }
}

export async function saveSession(store: TokenStore, session: StoredSession): Promise<void> {
  await store.save(JSON.stringify(session));
}
