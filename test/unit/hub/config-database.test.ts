/**
 * Choosing the database (docs/scaling.md): nothing set = SQLite in the data folder; SWITCHBOARD_DATABASE_URL or
 * --database with a postgres:// (or postgresql://) URL = PostgreSQL. Anything else stops the start with one line
 * that names the setting, never the password.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../src/hub/config.js';

describe('the database setting', () => {
  it('uses SQLite in the data folder when no database URL is set', () => {
    expect(parseCommandLine([], {}).config.databaseUrl).toBeUndefined();
    expect(parseCommandLine([], { SWITCHBOARD_DATABASE_URL: '' }).config.databaseUrl).toBeUndefined();
  });

  it('takes a postgres:// or postgresql:// URL from the environment or --database, the flag winning', () => {
    const env = { SWITCHBOARD_DATABASE_URL: 'postgres://hub:pw@db.internal:5432/switchboard' };
    expect(parseCommandLine([], env).config.databaseUrl).toBe('postgres://hub:pw@db.internal:5432/switchboard');
    expect(parseCommandLine(['--database', 'postgresql://hub@10.0.0.7/sb?sslmode=require'], env).config).toMatchObject({
      databaseUrl: 'postgresql://hub@10.0.0.7/sb?sslmode=require',
    });
  });

  it('refuses any other URL in one line that says what is expected and hides the password', () => {
    const refusal = (value: string): string => {
      try {
        parseCommandLine(['--database', value], {});
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal('mysql://hub:s3cret@db.internal/sb')).toBe(
      'invalid database URL (--database or SWITCHBOARD_DATABASE_URL) "mysql://hub:***@db.internal/sb": expected ' +
        'postgres://user:password@host:5432/database (or postgresql://); leave it unset for SQLite in the data folder',
    );
    expect(refusal('hub.sqlite')).toContain(
      'invalid database URL (--database or SWITCHBOARD_DATABASE_URL) "hub.sqlite"',
    );
    expect(refusal('postgres://')).toContain('expected postgres://user:password@host:5432/database');
    expect(refusal('mysql://hub:s3cret@db.internal/sb')).not.toContain('s3cret');
    expect(refusal('hub:s3cret@db.internal:5432/sb')).toContain('"hub:***@db.internal:5432/sb"');
    expect(() => parseCommandLine([], { SWITCHBOARD_DATABASE_URL: 'sqlite:///var/lib/hub.sqlite' })).toThrow(
      /^invalid database URL/,
    );
  });
});
