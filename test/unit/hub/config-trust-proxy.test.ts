import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/hub/config.js';

const trustProxyOf = (argv: string[], env: NodeJS.ProcessEnv) => parseCommandLine(argv, env).config.trustProxy;

describe('the trusted proxy setting', () => {
  it('trusts no proxy unless told', () => {
    expect(trustProxyOf([], {})).toEqual([]);
  });

  it('takes addresses, subnets and range names from SWITCHBOARD_TRUST_PROXY, and the flag wins', () => {
    expect(trustProxyOf([], { SWITCHBOARD_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8 ::1 fd00::/8 loopback' })).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    expect(trustProxyOf(['--trust-proxy', '192.168.1.10'], { SWITCHBOARD_TRUST_PROXY: '127.0.0.1' })).toEqual([
      '192.168.1.10',
    ]);
  });

  it('refuses what is not an address or subnet, naming the entry and the setting', () => {
    for (const bad of ['true', '1', 'proxy.example.com', '10.0.0.0/33', '::1/129', '10.0.0.1/8/8', '*']) {
      expect(() => trustProxyOf([], { SWITCHBOARD_TRUST_PROXY: bad }), bad).toThrow(
        new RegExp(
          `invalid trusted proxy "${bad.replace(/[*/.]/g, '\\$&')}" \\(--trust-proxy or SWITCHBOARD_TRUST_PROXY\\)`,
        ),
      );
    }
  });
});
