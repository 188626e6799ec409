import path from 'node:path';
import { z } from 'zod';

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
  /** A message unread this long is emailed to the participant (once, without its content). */
  MESSAGE_EMAIL_AFTER_MINUTES: z.coerce.number().int().min(1).max(1440).default(30),
  /** Set to "false" behind no TLS terminator in production only for local trials. */
  SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  /** A translation server speaking the LibreTranslate HTTP API; unset, messages show as written. */
  TRANSLATE_URL: z.union([z.url(), z.literal('')]).optional(),
  TRANSLATE_API_KEY: z.string().optional(),
  /** Uploads go to an S3-compatible bucket when S3_BUCKET is set; otherwise under DATA_DIR/uploads. */
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().min(3).max(63).optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).optional(),
  /** Where `npm run backup` writes, and where scheduled backups go (set, the server takes them). */
  BACKUP_DIR: z.string().optional(),
  /** How many of the newest backups to keep in BACKUP_DIR. */
  BACKUP_KEEP: z.coerce.number().int().min(1).max(10_000).default(7),
  /** When the server takes a backup (cron, server time); only with BACKUP_DIR. */
  BACKUP_SCHEDULE: z.string().default('15 3 * * *'),
});

export type S3Config = {
  endpoint: string | undefined;
  bucket: string;
  region: string;
  /** Both or neither: without them the SDK's usual sources (instance role, profile) are used. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
};

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
  secureCookies: boolean;
  webRoot: string;
  /** The LibreTranslate-compatible server, or null when there is none. */
  translate: { url: string; apiKey: string | undefined } | null;
  /** Where uploaded files live: a bucket, or null for DATA_DIR/uploads. */
  s3: S3Config | null;
  messageEmailAfterMinutes: number;
  /** Scheduled backups: null unless BACKUP_DIR is set. */
  backup: { dir: string; keep: number; schedule: string } | null;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
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
  if (e.MIGRATION_DATABASE_URL && !e.DATABASE_URL) {
    throw new Error('Invalid environment:\n  MIGRATION_DATABASE_URL: set DATABASE_URL (the runtime role) too.');
  }
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
    secureCookies,
    messageEmailAfterMinutes: e.MESSAGE_EMAIL_AFTER_MINUTES,
    webRoot: path.resolve(import.meta.dirname, '../../dist/web'),
    translate: e.TRANSLATE_URL ? { url: e.TRANSLATE_URL.replace(/\/$/, ''), apiKey: e.TRANSLATE_API_KEY || undefined } : null,
    s3,
    backup: e.BACKUP_DIR ? { dir: path.resolve(e.BACKUP_DIR), keep: e.BACKUP_KEEP, schedule: e.BACKUP_SCHEDULE } : null,
  };
}
