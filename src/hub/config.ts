/**
 * Hub configuration from flags and environment (flags win). Everything has a
 * safe default except the first admin's password: there is no default one.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { ChannelKind } from '../shared/domain.js';
import { AppError } from '../shared/errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_PORT = 8787;
const DEFAULT_TOKEN_TTL_MS = 30 * DAY_MS;
const DEFAULT_EVENT_RETENTION_MS = 90 * DAY_MS;
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/**
 * The drain on Postgres unless SWITCHBOARD_DRAIN_MS says otherwise: longer than deploy/haproxy/switchboard.cfg
 * takes to see a node's /ready fail (checks 2 s apart, 2 failures in a row).
 */
const DEFAULT_POSTGRES_DRAIN_MS = 5000;

export const LogLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
export type LogLevel = z.infer<typeof LogLevel>;

export interface LoginThrottle {
  /** Failed attempts per email + address allowed before waiting is required. */
  readonly freeAttempts: number;
  /** Wait after the first attempt over the limit; doubles with each further failure. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export interface InitialAdmin {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

export interface HubConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /**
   * SWITCHBOARD_DATABASE_URL or --database: a postgres:// (or postgresql://) URL puts the hub's data in that
   * PostgreSQL database (several hub nodes may share it, docs/scaling.md); unset, it is SQLite in dataDir.
   */
  readonly databaseUrl?: string;
  /**
   * SWITCHBOARD_BLOB_DIR or --blob-dir: the folder media files are kept in. Unset, they are in <dataDir>/blobs
   * on SQLite and in the database itself on PostgreSQL; set, every hub node sharing the database must see the
   * same folder (NFS and the like, docs/scaling.md).
   */
  readonly blobDir?: string;
  /** Base URL providers and clients reach the hub at (webhooks, media links); null when unknown. */
  readonly publicUrl: string | null;
  readonly logLevel: LogLevel;
  readonly tokenTtlMs: number;
  readonly loginThrottle: LoginThrottle;
  /** Events older than this are compacted away; null keeps the whole log. */
  readonly eventRetentionMs: number | null;
  readonly maxUploadBytes: number;
  /** Created on first start with an empty database (SWITCHBOARD_ADMIN_EMAIL / _PASSWORD). */
  readonly initialAdmin: InitialAdmin | null;
  /** `--demo`: demo agents, channels and traffic (implemented by the demo module). */
  readonly demo: boolean;
  /** Key for credentials at rest (base64, 32 bytes); else a key file in the data folder is used. */
  readonly secretKey: string | null;
  /** How often snoozed conversations whose time has come are woken (tests shorten it). */
  readonly snoozeCheckIntervalMs: number;
  /** How often routing's time rules run: away re-queue, unanswered passes, queues (tests shorten it). */
  readonly routingCheckIntervalMs: number;
  /**
   * SWITCHBOARD_DRAIN_MS: how long a stopping hub answers GET /ready 503 while still serving, before it closes
   * (docs/scaling.md, "Rolling restarts"). The command line's default is 5 s on Postgres, 0 on SQLite.
   */
  readonly drainMs: number;
  /**
   * SWITCHBOARD_MEDIA_HOSTS: origins (`scheme://host[:port]`) every channel may fetch inbound media
   * from as configured — http and private addresses included — for self-hosted gateways and tests.
   */
  readonly mediaHosts: readonly string[];
  /**
   * SWITCHBOARD_TRUST_PROXY: addresses or subnets of the reverse proxies in front of the hub. A request
   * from one of them is taken to be from the address its X-Forwarded-For names (and X-Forwarded-Proto /
   * -Host are believed); empty trusts no one, so the header is ignored and the peer's address counts.
   */
  readonly trustProxy: readonly string[];
  /**
   * Where each provider's API is for channels whose credentials name none (`apiBaseUrl`): the
   * providers' own addresses unless set. Set programmatically only — the tests and the e2e run point
   * the channels an admin adds in the app at the fake providers with it.
   */
  readonly providerApiUrls: Readonly<Partial<Record<ChannelKind, string>>>;
}

const DEFAULT_LOGIN_THROTTLE: LoginThrottle = { freeAttempts: 5, baseDelayMs: 2000, maxDelayMs: 15 * 60 * 1000 };

export function defaultConfig(dataDir: string): HubConfig {
  return {
    port: DEFAULT_PORT,
    host: '0.0.0.0',
    dataDir: path.resolve(dataDir),
    publicUrl: null,
    logLevel: 'info',
    tokenTtlMs: DEFAULT_TOKEN_TTL_MS,
    loginThrottle: DEFAULT_LOGIN_THROTTLE,
    eventRetentionMs: DEFAULT_EVENT_RETENTION_MS,
    maxUploadBytes: MAX_UPLOAD_BYTES,
    initialAdmin: null,
    demo: false,
    secretKey: null,
    snoozeCheckIntervalMs: 15_000,
    routingCheckIntervalMs: 15_000,
    drainMs: 0,
    mediaHosts: [],
    trustProxy: [],
    providerApiUrls: {},
  };
}

const Port = z.coerce.number().int().min(0).max(65535);
const Days = z.coerce.number().nonnegative().max(3650);
const DrainMs = z.coerce.number().int().min(0).max(600_000);
/** A sign-in must last some time: 0 would expire every token at once. */
const PositiveDays = z.coerce.number().positive().max(3650);
const PublicUrl = z.string().url();
/** Standard base64 of 32 bytes (43 characters and one `=`), surrounding whitespace allowed. */
const SecretKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9+/]{43}=$/);

const COMMANDS = ['serve', 'create-admin', 'backup', 'migrate-to-postgres'] as const;
type Command = (typeof COMMANDS)[number];
const FLAGS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  database: { type: 'string' },
  'blob-dir': { type: 'string' },
  'public-url': { type: 'string' },
  'log-level': { type: 'string' },
  demo: { type: 'boolean' },
  email: { type: 'string' },
  name: { type: 'string' },
  to: { type: 'string' },
  'trust-proxy': { type: 'string' },
} as const;

export interface ParsedCommandLine {
  readonly command: Command;
  readonly config: HubConfig;
  readonly adminEmail: string | null;
  readonly adminName: string | null;
  /** `backup --to <file>`: where the copy goes. */
  readonly backupTo: string | null;
}

/**
 * Reads `npm run hub -- [create-admin | backup] [--port n] [--data-dir d] [--database postgres://…] [--blob-dir d]
 * [--public-url u] [--log-level l] [--demo] [--email e] [--name n] [--to file]`.
 */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const { values, positionals } = readFlags(argv);
  const command = COMMANDS.find((c) => c === (positionals[0] ?? 'serve'));
  if (command === undefined || positionals.length > 1) {
    throw new AppError(
      'VALIDATION_FAILED',
      `unknown command "${positionals.join(' ')}": expected create-admin, backup, migrate-to-postgres, or none to serve`,
    );
  }
  const base = defaultConfig(values['data-dir'] ?? env.SWITCHBOARD_DATA_DIR ?? '.data');
  const publicUrl = values['public-url'] ?? env.SWITCHBOARD_PUBLIC_URL ?? null;
  const trustProxy = values['trust-proxy'] ?? env.SWITCHBOARD_TRUST_PROXY ?? null;
  // An empty SWITCHBOARD_DATABASE_URL means unset, as an empty SWITCHBOARD_SECRET_KEY does.
  const databaseUrl = values.database ?? (env.SWITCHBOARD_DATABASE_URL || undefined);
  const blobDir = values['blob-dir'] ?? (env.SWITCHBOARD_BLOB_DIR || undefined);
  const adminEmail = env.SWITCHBOARD_ADMIN_EMAIL ?? null;
  const adminPassword = env.SWITCHBOARD_ADMIN_PASSWORD ?? null;
  const config: HubConfig = {
    ...base,
    port: parseSetting(Port, values.port ?? env.SWITCHBOARD_PORT ?? String(DEFAULT_PORT), PORT_SETTING),
    host: values.host ?? env.SWITCHBOARD_HOST ?? base.host,
    ...(databaseUrl === undefined ? {} : { databaseUrl: parseDatabaseUrl(databaseUrl) }),
    ...(blobDir === undefined ? {} : { blobDir: path.resolve(blobDir) }),
    publicUrl: publicUrl === null ? null : parseSetting(PublicUrl, publicUrl, PUBLIC_URL_SETTING).replace(/\/+$/, ''),
    logLevel: parseSetting(LogLevel, values['log-level'] ?? env.SWITCHBOARD_LOG_LEVEL ?? 'info', LOG_LEVEL_SETTING),
    initialAdmin:
      adminEmail && adminPassword
        ? { email: adminEmail, password: adminPassword, name: env.SWITCHBOARD_ADMIN_NAME ?? 'Administrator' }
        : null,
    demo: values.demo ?? false,
    secretKey: env.SWITCHBOARD_SECRET_KEY
      ? parseSetting(SecretKey, env.SWITCHBOARD_SECRET_KEY, SECRET_KEY_SETTING)
      : null,
    drainMs: env.SWITCHBOARD_DRAIN_MS
      ? parseSetting(DrainMs, env.SWITCHBOARD_DRAIN_MS, DRAIN_SETTING)
      : databaseUrl === undefined
        ? 0
        : DEFAULT_POSTGRES_DRAIN_MS,
    mediaHosts: env.SWITCHBOARD_MEDIA_HOSTS ? parseMediaHosts(env.SWITCHBOARD_MEDIA_HOSTS) : base.mediaHosts,
    trustProxy: trustProxy === null ? base.trustProxy : parseTrustProxy(trustProxy),
    tokenTtlMs: env.SWITCHBOARD_TOKEN_TTL_DAYS
      ? parseSetting(PositiveDays, env.SWITCHBOARD_TOKEN_TTL_DAYS, TOKEN_TTL_SETTING) * DAY_MS
      : base.tokenTtlMs,
    // 0 keeps the whole log.
    eventRetentionMs: env.SWITCHBOARD_EVENT_RETENTION_DAYS
      ? parseSetting(Days, env.SWITCHBOARD_EVENT_RETENTION_DAYS, RETENTION_SETTING) * DAY_MS || null
      : base.eventRetentionMs,
  };
  return {
    command,
    config,
    adminEmail: values.email ?? adminEmail,
    adminName: values.name ?? null,
    backupTo: values.to ?? null,
  };
}

interface Flags {
  readonly values: {
    readonly [F in keyof typeof FLAGS]?: (typeof FLAGS)[F]['type'] extends 'boolean' ? boolean : string;
  };
  readonly positionals: readonly string[];
}

/** node:util's parseArgs, its errors (a stack, "To specify a positional argument…") turned into one line. */
function readFlags(argv: readonly string[]): Flags {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options: FLAGS });
  } catch (error) {
    const known = Object.keys(FLAGS).map((flag) => `--${flag}`);
    const flag = error instanceof Error ? (/'(--?[^' ]+)/.exec(error.message)?.[1] ?? null) : null;
    const code = error instanceof Error && 'code' in error ? error.code : null;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      throw new AppError('VALIDATION_FAILED', `unknown flag ${flag ?? ''}: the flags are ${known.join(', ')}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new AppError('VALIDATION_FAILED', `flag ${flag ?? ''} needs a value (${flag ?? 'flag'} <value>)`);
    }
    throw error;
  }
}

interface Setting {
  /** The flag and/or variable it comes from, as the operator typed it. */
  readonly name: string;
  readonly expected: string;
  /** Never repeat the value (it would land in terminals and service logs). */
  readonly secret?: boolean;
}

const PORT_SETTING: Setting = { name: 'port (--port or SWITCHBOARD_PORT)', expected: 'a number from 0 to 65535' };
const PUBLIC_URL_SETTING: Setting = {
  name: 'public URL (--public-url or SWITCHBOARD_PUBLIC_URL)',
  expected: 'a URL such as https://hub.example.com',
};
const LOG_LEVEL_SETTING: Setting = {
  name: 'log level (--log-level or SWITCHBOARD_LOG_LEVEL)',
  expected: `one of ${LogLevel.options.join(', ')}`,
};
const SECRET_KEY_SETTING: Setting = {
  name: 'secret key SWITCHBOARD_SECRET_KEY',
  expected:
    'a base64 32-byte key: the one the credentials were sealed with (see "Backups" in docs/hub.md), ' +
    'or for a new data folder one from `openssl rand -base64 32`',
  secret: true,
};
const TOKEN_TTL_SETTING: Setting = {
  name: 'token lifetime SWITCHBOARD_TOKEN_TTL_DAYS',
  expected: 'a number of days above 0, at most 3650',
};
const DRAIN_SETTING: Setting = {
  name: 'drain time SWITCHBOARD_DRAIN_MS',
  expected: 'a whole number of milliseconds from 0 (stop at once) to 600000',
};
const RETENTION_SETTING: Setting = {
  name: 'event retention SWITCHBOARD_EVENT_RETENTION_DAYS',
  expected: 'a number of days from 0 (keep all) to 3650',
};

/** `https://media.gateway.internal, http://10.0.0.5:8080` → their origins; anything but a bare origin is refused. */
export function parseMediaHosts(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const url = URL.canParse(entry) ? new URL(entry) : null;
      const bare =
        url !== null && (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '';
      if (url === null || !['http:', 'https:'].includes(url.protocol) || !bare || url.username !== '') {
        throw new AppError(
          'VALIDATION_FAILED',
          `invalid SWITCHBOARD_MEDIA_HOSTS entry "${entry}": expected an origin such as https://media.example.com:8443`,
        );
      }
      return url.origin;
    });
}

const DATABASE_SCHEMES = ['postgres:', 'postgresql:'];

/**
 * A PostgreSQL URL as node-postgres reads it (postgres://user:password@host:port/database?sslmode=…). Anything
 * else is refused in one line that shows the value without its password.
 */
export function parseDatabaseUrl(value: string): string {
  const url = URL.canParse(value) ? new URL(value) : null;
  const usable =
    url !== null && DATABASE_SCHEMES.includes(url.protocol) && (url.hostname !== '' || url.pathname.length > 1);
  if (usable) return value;
  // user:password@ → user:***@, with or without a scheme in front (a URL missing its postgres:// still has one).
  const shown = value.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?[^:@/]*:)[^@/]*@/i, '$1***@');
  throw new AppError(
    'VALIDATION_FAILED',
    `invalid database URL (--database or SWITCHBOARD_DATABASE_URL) "${shown}": expected ` +
      'postgres://user:password@host:5432/database (or postgresql://); leave it unset for SQLite in the data folder',
  );
}

/** @fastify/proxy-addr's names: loopback (127.0.0.0/8, ::1), linklocal, uniquelocal (10/8, 172.16/12, 192.168/16, fc00::/7). */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * `127.0.0.1`, `10.0.0.0/8 ::1`, `loopback` → the list Fastify's `trustProxy` takes. Only addresses and
 * subnets: `true` or a hop count would believe whatever a client writes into X-Forwarded-For.
 */
export function parseTrustProxy(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [address = '', prefix, ...rest] = entry.split('/');
      const version = isIP(address);
      const maxPrefix = version === 6 ? 128 : 32;
      const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
      if (PROXY_RANGE_NAMES.includes(entry) || (version !== 0 && prefixOk && rest.length === 0)) return entry;
      throw new AppError(
        'VALIDATION_FAILED',
        `invalid trusted proxy "${entry}" (--trust-proxy or SWITCHBOARD_TRUST_PROXY): expected the proxy's address ` +
          `or subnet, such as 127.0.0.1, 10.0.0.0/8 or ::1, or one of ${PROXY_RANGE_NAMES.join(', ')}`,
      );
    });
}

function parseSetting<S extends z.ZodType>(schema: S, value: string, setting: Setting): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const shown = setting.secret ? '' : ` "${value}"`;
    throw new AppError('VALIDATION_FAILED', `invalid ${setting.name}${shown}: expected ${setting.expected}`);
  }
  return result.data;
}
