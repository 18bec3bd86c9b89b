/**
 * Hub configuration from flags and environment (flags win). Everything has a
 * safe default except the first admin's password: there is no default one.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { AppError } from '../shared/errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_PORT = 8787;
const DEFAULT_TOKEN_TTL_MS = 30 * DAY_MS;
const DEFAULT_EVENT_RETENTION_MS = 90 * DAY_MS;
const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

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
  /**
   * SWITCHBOARD_MEDIA_HOSTS: origins (`scheme://host[:port]`) every channel may fetch inbound media
   * from as configured — http and private addresses included — for self-hosted gateways and tests.
   */
  readonly mediaHosts: readonly string[];
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
    mediaHosts: [],
  };
}

const Port = z.coerce.number().int().min(0).max(65535);
const Days = z.coerce.number().nonnegative().max(3650);
/** A sign-in must last some time: 0 would expire every token at once. */
const PositiveDays = z.coerce.number().positive().max(3650);
const PublicUrl = z.string().url();

export interface ParsedCommandLine {
  readonly command: 'serve' | 'create-admin';
  readonly config: HubConfig;
  readonly adminEmail: string | null;
  readonly adminName: string | null;
}

/** Reads `npm run hub -- [create-admin] [--port n] [--data-dir d] [--public-url u] [--log-level l] [--demo]`. */
export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCommandLine {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'public-url': { type: 'string' },
      'log-level': { type: 'string' },
      demo: { type: 'boolean' },
      email: { type: 'string' },
      name: { type: 'string' },
    },
  });
  const command = positionals[0] ?? 'serve';
  if (command !== 'serve' && command !== 'create-admin') {
    throw new AppError('VALIDATION_FAILED', `unknown command "${command}" (expected create-admin or nothing)`);
  }
  const base = defaultConfig(values['data-dir'] ?? env.SWITCHBOARD_DATA_DIR ?? '.data');
  const publicUrl = values['public-url'] ?? env.SWITCHBOARD_PUBLIC_URL ?? null;
  const adminEmail = env.SWITCHBOARD_ADMIN_EMAIL ?? null;
  const adminPassword = env.SWITCHBOARD_ADMIN_PASSWORD ?? null;
  const config: HubConfig = {
    ...base,
    port: parseSetting(Port, values.port ?? env.SWITCHBOARD_PORT ?? String(DEFAULT_PORT), 'port'),
    host: values.host ?? env.SWITCHBOARD_HOST ?? base.host,
    publicUrl: publicUrl === null ? null : parseSetting(PublicUrl, publicUrl, 'public URL').replace(/\/+$/, ''),
    logLevel: parseSetting(LogLevel, values['log-level'] ?? env.SWITCHBOARD_LOG_LEVEL ?? 'info', 'log level'),
    initialAdmin:
      adminEmail && adminPassword
        ? { email: adminEmail, password: adminPassword, name: env.SWITCHBOARD_ADMIN_NAME ?? 'Administrator' }
        : null,
    demo: values.demo ?? false,
    secretKey: env.SWITCHBOARD_SECRET_KEY ?? null,
    mediaHosts: env.SWITCHBOARD_MEDIA_HOSTS ? parseMediaHosts(env.SWITCHBOARD_MEDIA_HOSTS) : base.mediaHosts,
    tokenTtlMs: env.SWITCHBOARD_TOKEN_TTL_DAYS
      ? parseSetting(PositiveDays, env.SWITCHBOARD_TOKEN_TTL_DAYS, 'token lifetime (days)') * DAY_MS
      : base.tokenTtlMs,
    // 0 keeps the whole log.
    eventRetentionMs: env.SWITCHBOARD_EVENT_RETENTION_DAYS
      ? parseSetting(Days, env.SWITCHBOARD_EVENT_RETENTION_DAYS, 'event retention (days)') * DAY_MS || null
      : base.eventRetentionMs,
  };
  return { command, config, adminEmail: values.email ?? adminEmail, adminName: values.name ?? null };
}

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

function parseSetting<S extends z.ZodType>(schema: S, value: string, what: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('VALIDATION_FAILED', `invalid ${what}: "${value}"`);
  return result.data;
}
