import path from 'node:path';
import { z } from 'zod';
import { IceServer } from '../contract/video.ts';

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** The address people reach CareTeam at; links in emails start with it. */
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  /** The owner role's address: migrations run as it; DATABASE_URL is then the runtime role. */
  MIGRATION_DATABASE_URL: z.string().optional(),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('CareTeam <no-reply@careteam.local>'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty: one readable line per event (the default in a terminal); json: one JSON object per line (the default otherwise). */
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  /** A message unread this long is emailed to the participant (once, without its content). */
  MESSAGE_EMAIL_AFTER_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  // 32 bytes as 64 hex digits; keep it outside the database (and its backups).
  AUDIT_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/, 'use 64 hex digits (32 random bytes)').optional(),
  /** Set to "false" behind no TLS terminator in production only for local trials. */
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  /** Which translation service: libretranslate (the default when TRANSLATE_URL is set) or deepl. Unset and unconfigured, messages show as written. */
  TRANSLATE_PROVIDER: z.enum(['libretranslate', 'deepl', '']).optional(),
  /** A translation server speaking the LibreTranslate HTTP API. */
  TRANSLATE_URL: z.union([z.url(), z.literal('')]).optional(),
  TRANSLATE_API_KEY: z.string().optional(),
  /** Text messages through a provider speaking Twilio's Messages API; unset, no texts (choices of text fall back to email). */
  SMS_PROVIDER: z.enum(['twilio', '']).optional(),
  SMS_API_URL: z.url().default('https://api.twilio.com'),
  SMS_ACCOUNT_SID: z.string().optional(),
  SMS_AUTH_TOKEN: z.string().optional(),
  /** The sender: a phone number (E.164), or a messaging service's SID (MG…). */
  SMS_FROM: z.string().optional(),
  /** DeepL's API v2: the key, and the address (by default the free or paid API, chosen by the key). */
  DEEPL_API_KEY: z.string().optional(),
  DEEPL_API_URL: z.union([z.url(), z.literal('')]).optional(),
  /** Uploads go to an S3-compatible bucket when S3_BUCKET is set; otherwise under DATA_DIR/uploads. */
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  /** Slow or idle clients: how long a request's headers, and the whole request with its body, may take. */
  HTTP_HEADERS_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(20),
  HTTP_REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  /** A connection with no traffic at all for this long is closed (event streams send a heartbeat). */
  HTTP_IDLE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  /** How long a kept-alive connection waits for its next request. */
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(65),
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(10).max(1_000_000).default(10_000),
  /** While the database is not up yet at start, how long to keep trying before giving up. */
  DATABASE_WAIT_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  /** Where `npm run backup` writes, and where scheduled backups go (set, the server takes them). */
  BACKUP_DIR: z.string().optional(),
  /** How many of the newest backups to keep in BACKUP_DIR. */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  /** When the server takes a backup (cron, server time); only with BACKUP_DIR. */
  BACKUP_SCHEDULE: z.string().default('15 3 * * *'),
  /** Video calls: STUN/TURN servers the browsers use, as a JSON list of RTCIceServer objects. */
  ICE_SERVERS: z.string().optional(),
  /** A TURN server's shared secret (coturn's static-auth-secret): the server mints short-lived credentials from it. */
  TURN_SECRET: z.string().optional(),
  /** The TURN server's addresses, comma-separated (turn:turn.example.org:3478?transport=udp,turns:…:5349). */
  TURN_URLS: z.string().optional(),
  /** For browser tests only: a clock they can move (POST /api/test/clock). Refused in production. */
  TEST_CLOCK: z.enum(['1', '0', '']).optional(),
});

export type S3Config = {
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Both or neither: without them the SDK's usual sources (instance role, profile) are used. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
};

export type SmsConfig = { apiUrl: string; accountSid: string; authToken: string; from: string };

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where migrations run (the owner role); unset, they run on databaseUrl. */
  migrationDatabaseUrl: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  logFormat: 'pretty' | 'json';
  secureCookies: boolean;
  webRoot: string;
  /** The translation service, or null when there is none. */
  translate: TranslateConfig | null;
  /** Where uploaded files live: a bucket, or null for DATA_DIR/uploads. */
  s3: S3Config | null;
  /** The text-message provider (Twilio's Messages API shape), or null when texts are not set up. */
  sms: SmsConfig | null;
  messageEmailAfterMinutes: number;
  /** The audit hash key (AUDIT_KEY, hex); without it the server keeps one in DATA_DIR/audit.key. */
  auditKey: string | undefined;
  /** Limits that keep slow or idle sockets from piling up (milliseconds, and a count). */
  http: { headersTimeoutMs: number; requestTimeoutMs: number; idleTimeoutMs: number; keepAliveTimeoutMs: number; maxConnections: number };
  /** How long start-up waits for a database that is not up yet. */
  databaseWaitMs: number;
  /** Scheduled backups: null unless BACKUP_DIR is set. */
  backup: { dir: string; keep: number; schedule: string } | null;
  /** TEST_CLOCK=1: the clock browser tests move; never in production. */
  testClock: boolean;
  /** Video calls: fixed ICE servers, and a TURN server whose credentials are minted per call. */
  video: { iceServers: IceServer[]; turn: { secret: string; urls: string[] } | null };
};

/** A translation service: a LibreTranslate server (its key is optional) or DeepL's API v2. */
export type TranslateConfig = { provider: 'libretranslate' | 'deepl'; url: string; apiKey: string | undefined };

/** DeepL's free keys end in ":fx" and are served by the free API's own address. */
const deeplUrl = (key: string) => (key.endsWith(':fx') ? 'https://api-free.deepl.com' : 'https://api.deepl.com');

function translateConfig(e: z.infer<typeof Env>): TranslateConfig | null {
  const provider = e.TRANSLATE_PROVIDER || (e.TRANSLATE_URL ? 'libretranslate' : e.DEEPL_API_KEY ? 'deepl' : undefined);
  if (provider === 'deepl') {
    if (!e.DEEPL_API_KEY) throw new Error('Invalid environment:\n  DEEPL_API_KEY: TRANSLATE_PROVIDER=deepl needs the DeepL API key.');
    return { provider, url: (e.DEEPL_API_URL || deeplUrl(e.DEEPL_API_KEY)).replace(/\/$/, ''), apiKey: e.DEEPL_API_KEY };
  }
  if (provider === 'libretranslate') {
    if (!e.TRANSLATE_URL) throw new Error('Invalid environment:\n  TRANSLATE_URL: TRANSLATE_PROVIDER=libretranslate needs the server\'s address.');
    return { provider, url: e.TRANSLATE_URL.replace(/\/$/, ''), apiKey: e.TRANSLATE_API_KEY || undefined };
  }
  return null;
}

/** `stdoutIsTerminal` picks the log format when LOG_FORMAT is unset: readable in a terminal, JSON for log collectors. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, stdoutIsTerminal: boolean = process.stdout.isTTY === true): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const secureCookies = e.SECURE_COOKIES ? e.SECURE_COOKIES === 'true' : e.NODE_ENV === 'production';
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new Error('Invalid environment:\n  S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: set both or neither.');
  }
  if (e.TEST_CLOCK === '1' && e.NODE_ENV === 'production') {
    throw new Error('Invalid environment:\n  TEST_CLOCK: a clock tests can move is for tests only; unset it in production.');
  }
  if (e.SMS_PROVIDER && !(e.SMS_ACCOUNT_SID && e.SMS_AUTH_TOKEN && e.SMS_FROM)) {
    throw new Error('Invalid environment:\n  SMS_PROVIDER: set SMS_ACCOUNT_SID, SMS_AUTH_TOKEN and SMS_FROM too.');
  }
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new Error('Invalid environment:\n  MIGRATION_DATABASE_URL: set DATABASE_URL (the runtime role) too.');
  }
  let iceServers: IceServer[] = [];
  if (e.ICE_SERVERS) {
    let raw: unknown;
    try {
      raw = JSON.parse(e.ICE_SERVERS);
    } catch {
      raw = undefined;
    }
    const list = z.array(IceServer).safeParse(raw);
    if (!list.success) throw new Error('Invalid environment:\n  ICE_SERVERS: use a JSON list like [{"urls":"stun:stun.example.org:3478"}].');
    iceServers = list.data;
  }
  const turnUrls = (e.TURN_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  if (e.TURN_SECRET && turnUrls.length === 0) throw new Error('Invalid environment:\n  TURN_URLS: set the TURN server\'s addresses with TURN_SECRET.');
  const s3: S3Config | null = e.S3_BUCKET ? {
    endpoint: e.S3_ENDPOINT,
    bucket: e.S3_BUCKET,
    region: e.S3_REGION,
    credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? { accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY } : undefined,
    // Most self-hosted stores (MinIO, Garage, SeaweedFS) want path-style addresses.
    forcePathStyle: e.S3_FORCE_PATH_STYLE ? e.S3_FORCE_PATH_STYLE === 'true' : Boolean(e.S3_ENDPOINT),
  } : null;
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL || undefined,
    migrationDatabaseUrl: e.MIGRATION_DATABASE_URL || undefined,
    smtpUrl: e.SMTP_URL || undefined,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (stdoutIsTerminal ? 'pretty' : 'json'),
    secureCookies,
    messageEmailAfterMinutes: e.MESSAGE_EMAIL_AFTER_MINUTES,
    webRoot: path.resolve(import.meta.dirname, '../../dist/web'),
    translate: translateConfig(e),
    s3,
    sms: e.SMS_PROVIDER && e.SMS_ACCOUNT_SID && e.SMS_AUTH_TOKEN && e.SMS_FROM
      ? { apiUrl: e.SMS_API_URL.replace(/\/$/, ''), accountSid: e.SMS_ACCOUNT_SID, authToken: e.SMS_AUTH_TOKEN, from: e.SMS_FROM }
      : null,
    auditKey: e.AUDIT_KEY || undefined,
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      // Node wants the whole request's limit at least as long as the headers'.
      requestTimeoutMs: Math.max(e.HTTP_REQUEST_TIMEOUT_SECONDS, e.HTTP_HEADERS_TIMEOUT_SECONDS) * 1000,
      idleTimeoutMs: e.HTTP_IDLE_TIMEOUT_SECONDS * 1000,
      keepAliveTimeoutMs: e.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
      maxConnections: e.HTTP_MAX_CONNECTIONS,
    },
    databaseWaitMs: e.DATABASE_WAIT_SECONDS * 1000,
    backup: e.BACKUP_DIR ? { dir: path.resolve(e.BACKUP_DIR), keep: e.BACKUP_KEEP, schedule: e.BACKUP_SCHEDULE } : null,
    testClock: e.TEST_CLOCK === '1',
    video: { iceServers, turn: e.TURN_SECRET ? { secret: e.TURN_SECRET, urls: turnUrls } : null },
  };
}
