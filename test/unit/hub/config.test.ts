import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/hub/config.js';

describe('hub configuration', () => {
  it('reads the environment and lets flags win', () => {
    const env = {
      SWITCHBOARD_PORT: '9000',
      SWITCHBOARD_DATA_DIR: '/tmp/sb',
      SWITCHBOARD_PUBLIC_URL: 'https://hub.example.com/',
      SWITCHBOARD_LOG_LEVEL: 'debug',
    };
    const fromEnv = parseCommandLine([], env).config;
    expect(fromEnv).toMatchObject({
      port: 9000,
      dataDir: '/tmp/sb',
      publicUrl: 'https://hub.example.com',
      logLevel: 'debug',
    });
    const fromFlags = parseCommandLine(
      ['--port', '9100', '--public-url', 'https://other.example.com', '--log-level', 'warn'],
      env,
    ).config;
    expect(fromFlags).toMatchObject({ port: 9100, publicUrl: 'https://other.example.com', logLevel: 'warn' });
  });

  it('has no default admin password: the first admin exists only when both variables are set', () => {
    expect(parseCommandLine([], {}).config.initialAdmin).toBeNull();
    expect(parseCommandLine([], { SWITCHBOARD_ADMIN_EMAIL: 'a@example.com' }).config.initialAdmin).toBeNull();
    expect(
      parseCommandLine([], { SWITCHBOARD_ADMIN_EMAIL: 'a@example.com', SWITCHBOARD_ADMIN_PASSWORD: 'pw-123456789' })
        .config.initialAdmin,
    ).toMatchObject({
      email: 'a@example.com',
    });
  });

  it('token lifetime and event retention come in days; retention 0 keeps the whole log', () => {
    const config = parseCommandLine([], {
      SWITCHBOARD_TOKEN_TTL_DAYS: '7',
      SWITCHBOARD_EVENT_RETENTION_DAYS: '0',
    }).config;
    expect(config.tokenTtlMs).toBe(7 * 24 * 60 * 60 * 1000);
    expect(config.eventRetentionMs).toBeNull();
  });

  it('says which setting is wrong', () => {
    expect(() => parseCommandLine(['--port', 'eighty'], {})).toThrow(/invalid port/);
    expect(() => parseCommandLine(['--public-url', 'not a url'], {})).toThrow(/invalid public URL/);
    expect(() => parseCommandLine(['launch'], {})).toThrow(/unknown command/);
    expect(() => parseCommandLine([], { SWITCHBOARD_TOKEN_TTL_DAYS: '0' })).toThrow(/token lifetime/);
    expect(parseCommandLine(['--demo'], {}).config.demo).toBe(true);
  });
});
