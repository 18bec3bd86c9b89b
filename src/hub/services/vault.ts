/**
 * Channel credentials at rest: AES-256-GCM with a key from
 * SWITCHBOARD_SECRET_KEY or, by default, <dataDir>/secret.key (created with
 * mode 0600 on first start). A stolen database alone reveals no provider token.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SECRET_KEY_FILE = 'secret.key';

export class CredentialVault {
  constructor(private readonly key: Buffer) {
    if (key.length !== KEY_BYTES) throw new AppError('INTERNAL', 'the secret key must be 32 bytes');
  }

  static open(dataDir: string, configuredKey: string | null): CredentialVault {
    if (configuredKey !== null) return new CredentialVault(Buffer.from(configuredKey, 'base64'));
    const file = path.join(dataDir, SECRET_KEY_FILE);
    if (!fs.existsSync(file)) {
      fs.writeFileSync(file, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600, flag: 'wx' });
    }
    return new CredentialVault(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64'));
  }

  /** A separate key for another purpose (e.g. signing media URLs), stable across restarts. */
  deriveKey(purpose: string): Buffer {
    return createHmac('sha256', this.key).update(purpose).digest();
  }

  seal(value: unknown): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): unknown {
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return JSON.parse(plain.toString('utf8'));
  }
}
