/**
 * Channel credentials at rest: AES-256-GCM with a key from
 * SWITCHBOARD_SECRET_KEY or, by default, <dataDir>/secret.key (created with
 * mode 0600 on first start). A stolen database alone reveals no provider token.
 * The key is never created while sealed credentials exist: a new key would
 * make them unreadable for good, so a lost or changed key stops the start
 * with what to restore instead (docs/hub.md, "Backups").
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../shared/errors.js';
import { errorCode, fsReason, refuseSetting, refuseStart } from '../startup-failure.js';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SECRET_KEY_FILE = 'secret.key';
const SECRET_KEY_VARIABLE = 'SWITCHBOARD_SECRET_KEY';
/** Standard base64 of 32 bytes: 43 characters and one `=`. */
const BASE64_KEY = /^[A-Za-z0-9+/]{43}=$/;
const RESTORE = 'restore the key from the backup taken with the database (see "Backups" in docs/hub.md)';

/** A channel's sealed credentials, as stored. */
export interface SealedCredentials {
  readonly channelId: string;
  readonly sealed: Buffer;
}

export class CredentialVault {
  /** @param source where the key came from, for messages: the key file's path or the variable's name. */
  constructor(
    private readonly key: Buffer,
    readonly source: string = SECRET_KEY_VARIABLE,
  ) {
    if (key.length !== KEY_BYTES) throw new AppError('INTERNAL', 'the secret key must be 32 bytes');
  }

  /**
   * The key from SWITCHBOARD_SECRET_KEY, else from <dataDir>/secret.key — created only when `sealedExist` is
   * false. Throws a one-line start-up refusal when the key is missing, unreadable or not a key.
   */
  static open(dataDir: string, configuredKey: string | null, sealedExist: boolean): CredentialVault {
    if (configuredKey !== null) return new CredentialVault(parseKey(configuredKey, SECRET_KEY_VARIABLE));
    const file = path.join(dataDir, SECRET_KEY_FILE);
    if (!fs.existsSync(file)) {
      if (sealedExist) {
        throw refuseStart(
          `the secret key ${file} is missing, but the database holds channel credentials sealed with it`,
          `${RESTORE}, or set ${SECRET_KEY_VARIABLE} to it; the hub creates no new key while sealed credentials exist`,
        );
      }
      createKeyFile(file);
    }
    return new CredentialVault(parseKey(readKeyFile(file), file), file);
  }

  /** The channels among `stored` whose credentials this key does not open. */
  unopenable(stored: readonly SealedCredentials[]): string[] {
    return stored.filter(({ sealed }) => !this.opens(sealed)).map(({ channelId }) => channelId);
  }

  /** The refusal for a key that opens none of the stored credentials. */
  wrongKey(): AppError {
    return refuseStart(
      `the secret key ${this.source} does not open the channel credentials in the database ` +
        '(the key was changed, or belongs to another data folder)',
      RESTORE,
    );
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
    return JSON.parse(this.decrypt(sealed).toString('utf8'));
  }

  private decrypt(sealed: Buffer): Buffer {
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  private opens(sealed: Buffer): boolean {
    try {
      this.decrypt(sealed);
      return true;
    } catch {
      // GCM authenticates key and bytes together: a failure means another key or damaged bytes.
      return false;
    }
  }
}

function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (!BASE64_KEY.test(trimmed)) {
    throw refuseSetting(
      `${source} does not hold a base64 32-byte key`,
      `${RESTORE}; a new data folder gets one from \`openssl rand -base64 32\``,
    );
  }
  return Buffer.from(trimmed, 'base64');
}

function readKeyFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw refuseStart(
      `cannot read the secret key ${file}: ${fsReason(error)}`,
      'let the user running the hub read it (it should be that user’s file, mode 0600)',
    );
  }
}

function createKeyFile(file: string): void {
  try {
    fs.writeFileSync(file, randomBytes(KEY_BYTES).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process (create-admin next to a starting hub) may have created it first: then read that one.
    if (errorCode(error) === 'EEXIST') return;
    throw refuseStart(
      `cannot create the secret key ${file}: ${fsReason(error)}`,
      'give the user running the hub write access to the data folder',
    );
  }
}
