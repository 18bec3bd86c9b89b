/**
 * WeChat message signatures and safe-mode encryption ("消息加解密"):
 * - signature = sha1 of the sorted strings [token, timestamp, nonce] joined;
 *   msg_signature adds the `Encrypt` ciphertext to the list.
 * - AES-256-CBC, key = base64(EncodingAESKey + "="), IV = first 16 key bytes,
 *   PKCS#7 padding to 32-byte blocks; plaintext = 16 random bytes, the
 *   message length as 4 bytes big-endian, the XML, then the AppID.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors.js';

const BLOCK = 32;
const RANDOM_PREFIX = 16;
const LENGTH_BYTES = 4;

export function wechatSignature(parts: readonly string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

function aesKey(encodingAESKey: string): Buffer {
  const key = Buffer.from(`${encodingAESKey}=`, 'base64');
  if (key.length !== 32) throw new AppError('VALIDATION_FAILED', 'EncodingAESKey does not decode to 32 bytes');
  return key;
}

/** Decrypts an `Encrypt` value; throws SIGNATURE_INVALID when it is not for `expectedAppId` or does not decrypt. */
export function decryptWechatMessage(encrypted: string, encodingAESKey: string, expectedAppId: string): string {
  const key = aesKey(encodingAESKey);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
    // WeChat pads to 32-byte blocks, not AES's 16: strip the padding ourselves.
    decipher.setAutoPadding(false);
    plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
  } catch (err) {
    throw new AppError('SIGNATURE_INVALID', `WeChat message does not decrypt: ${String(err)}`);
  }
  const pad = plain[plain.length - 1] ?? 0;
  if (pad < 1 || pad > BLOCK || plain.length < RANDOM_PREFIX + LENGTH_BYTES + pad) {
    throw new AppError('SIGNATURE_INVALID', 'WeChat message padding is invalid');
  }
  const content = plain.subarray(RANDOM_PREFIX, plain.length - pad);
  const length = content.readUInt32BE(0);
  if (LENGTH_BYTES + length > content.length)
    throw new AppError('SIGNATURE_INVALID', 'WeChat message length is invalid');
  const appId = content.subarray(LENGTH_BYTES + length).toString('utf8');
  if (appId !== expectedAppId) throw new AppError('SIGNATURE_INVALID', 'WeChat message is for another AppID');
  return content.subarray(LENGTH_BYTES, LENGTH_BYTES + length).toString('utf8');
}

/** Encrypts like WeChat does (safe-mode replies, the demo and tests). */
export function encryptWechatMessage(
  xml: string,
  encodingAESKey: string,
  appId: string,
  random: Buffer = randomBytes(RANDOM_PREFIX),
): string {
  const key = aesKey(encodingAESKey);
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(body.length, 0);
  const unpadded = Buffer.concat([random.subarray(0, RANDOM_PREFIX), length, body, Buffer.from(appId, 'utf8')]);
  const pad = BLOCK - (unpadded.length % BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([unpadded, Buffer.alloc(pad, pad)])), cipher.final()]).toString(
    'base64',
  );
}
