import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialVault } from '../../../src/hub/services/vault.js';

describe('credentials at rest', () => {
  it('seal and open round-trip, and tampering is detected', () => {
    const vault = new CredentialVault(randomBytes(32));
    const sealed = vault.seal({ botToken: '123:abc' });
    expect(sealed.includes('123:abc')).toBe(false);
    expect(vault.open(sealed)).toEqual({ botToken: '123:abc' });
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => vault.open(tampered)).toThrow();
    expect(() => new CredentialVault(randomBytes(32)).open(sealed)).toThrow();
  });
});
