/**
 * What an operator sees when the database setting is wrong: `npm run hub` stops with one line naming the
 * setting and what it expects, without the password, and exit code 1 (docs/scaling.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { killHubProcesses, onlyLine, runHubCli } from '../../helpers/hub-cli.js';

describe('npm run hub with a database URL it cannot use', () => {
  afterEach(() => killHubProcesses());

  it('refuses a URL that is not postgres:// in one line, naming the setting and hiding the password', async () => {
    const hub = runHubCli(['--port', '0'], { env: { SWITCHBOARD_DATABASE_URL: 'mysql://hub:s3cret@db.internal/sb' } });
    expect(await hub.exit).toBe(1);
    const line = onlyLine(hub.stderr());
    expect(line).toBe(
      'switchboard hub: invalid database URL (--database or SWITCHBOARD_DATABASE_URL) "mysql://hub:***@db.internal/sb": ' +
        'expected postgres://user:password@host:5432/database (or postgresql://); leave it unset for SQLite in the data folder',
    );
  });
});
