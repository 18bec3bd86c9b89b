/**
 * Keeps the hub token encrypted with the OS keychain (safeStorage: DPAPI on
 * Windows, Keychain on macOS). Without OS encryption the token is not kept:
 * the agent signs in again rather than leaving a plain token on disk.
 */
import { safeStorage } from 'electron';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TokenStore {
  load(): string | null;
  save(token: string): void;
  clear(): void;
}

export function createSafeTokenStore(userDataDir: string): TokenStore {
  const file = join(userDataDir, 'session.bin');
  return {
    load() {
      if (!existsSync(file) || !safeStorage.isEncryptionAvailable()) return null;
      try {
        return safeStorage.decryptString(readFileSync(file));
      } catch {
        rmSync(file, { force: true }); // written by another OS user or key: unusable
        return null;
      }
    },
    save(token) {
      if (!safeStorage.isEncryptionAvailable()) return;
      writeFileSync(file, safeStorage.encryptString(token), { mode: 0o600 });
    },
    clear() {
      rmSync(file, { force: true });
    },
  };
}
