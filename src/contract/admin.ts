import { z } from 'zod';
import { ClinicRole } from './access.ts';
import { InvitationDelivery } from './children.ts';
import { Email, Id, Locale, LongText, Text, Timestamp } from './common.ts';
import { RETENTION_DAYS } from './admin-values.ts';

export const InviteClinicianRequest = z.strictObject({
  email: Email,
  name: Text(120),
  role: ClinicRole,
  locale: Locale.optional(),
});

export const Clinician = z.object({
  userId: Id,
  name: z.string(),
  email: z.string(),
  role: ClinicRole,
  totpEnabled: z.boolean(),
  childCount: z.number().int(),
  joinedAt: Timestamp,
});

export const ClinicInvitation = z.object({
  id: Id,
  email: z.string(),
  name: z.string(),
  kind: z.enum(['clinician', 'team']),
  role: z.string(),
  childId: Id.nullable(),
  invitedBy: z.string(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  delivery: InvitationDelivery,
});

export const Clinicians = z.object({ clinicians: z.array(Clinician), invitations: z.array(ClinicInvitation) });

export const OutboxMail = z.object({
  id: Id,
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  status: z.enum(['queued', 'sent', 'held', 'failed']),
  createdAt: Timestamp,
  sentAt: Timestamp.nullable(),
});
export const Outbox = z.object({ mails: z.array(OutboxMail), smtpConfigured: z.boolean() });

export const AuditQuery = z.strictObject({
  childId: Id.optional(),
  actorId: Id.optional(),
  action: z.string().max(80).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const AuditEvent = z.object({
  id: z.number().int(),
  at: Timestamp,
  actorId: Id.nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  childId: Id.nullable(),
  childName: z.string().nullable(),
  outcome: z.enum(['ok', 'denied', 'failed']),
  ip: z.string().nullable(),
});
export const AuditPage = z.object({ events: z.array(AuditEvent), nextBefore: z.number().int().nullable() });

export const ClinicSettings = z.object({
  id: Id, name: z.string(), timeZone: z.string(), requireTwoFactor: z.boolean(), letterhead: z.string(),
  /** How many days a discharged child's record is kept (read-only) before it is purged. */
  retentionDays: z.number().int(),
});
export { RETENTION_DAYS };
export const UpdateClinicRequest = z.strictObject({
  name: Text(120).optional(),
  requireTwoFactor: z.boolean().optional(),
  /** A line or two under the clinic's name on progress reports (address, phone, licence). */
  letterhead: LongText(500).optional(),
  retentionDays: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max).optional(),
});

/** The clinic owner's first steps, each ticked from what really exists. */
export const FIRST_STEPS = ['inviteTherapists', 'setUpMail', 'addChild', 'inviteFamily', 'agreeGoal', 'assignPractice'] as const;
export const FirstSteps = z.object({
  dismissed: z.boolean(),
  steps: z.array(z.object({ id: z.enum(FIRST_STEPS), done: z.boolean() })),
});

const TranslationFailure = z.enum(['unreachable', 'timeout', 'api_key', 'quota', 'busy', 'http_error', 'bad_answer', 'no_languages']);

/**
 * Whether messages are translated: no service set, or what a check of the configured one just
 * found (its languages when it works; why not when it fails, with the HTTP status it answered),
 * the last time a translation failed since this server started, and the characters the clinic
 * had translated by it this month (UTC).
 */
export const TranslationStatus = z.object({
  state: z.enum(['not_configured', 'working', 'failing']),
  provider: z.enum(['libretranslate', 'deepl']).nullable(),
  /** The service's address, without any credentials in it. */
  url: z.string().nullable(),
  languages: z.array(z.string()).optional(),
  /** CareTeam's languages the service does not offer (not in its list, or refused lately): their readers get what was written. */
  unsupportedLanguages: z.array(z.string()).optional(),
  checkedAt: Timestamp,
  error: TranslationFailure.optional(),
  httpStatus: z.number().int().optional(),
  /** The service's last failure, by any server on this database; `recoveredAt`: when it worked again after it (null: not yet). */
  lastError: z.object({ error: TranslationFailure, httpStatus: z.number().int().optional(), at: Timestamp, recoveredAt: Timestamp.nullable() }).nullable(),
  charactersThisMonth: z.number().int().min(0),
});
export type TranslationStatus = z.infer<typeof TranslationStatus>;

/** An admin tries the translation service with a sentence of their own, into one of CareTeam's languages. */
export const TryTranslationRequest = z.strictObject({
  text: z.string().trim().min(1).max(500),
  target: Locale,
});
export const TryTranslation = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), text: z.string(), detectedLanguage: z.string().nullable(), characters: z.number().int() }),
  z.object({ ok: z.literal(false), error: z.union([TranslationFailure, z.literal('unsupported'), z.literal('not_configured')]), httpStatus: z.number().int().optional() }),
]);
export type TryTranslation = z.infer<typeof TryTranslation>;
