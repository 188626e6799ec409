import { z } from 'zod';
import { ClinicRole } from './access.ts';
import { InvitationDelivery } from './children.ts';
import { Email, Id, Locale, Text, Timestamp } from './common.ts';

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
  id: Id, name: z.string(), timeZone: z.string(), requireTwoFactor: z.boolean(),
  /** How many days a discharged child's record is kept (read-only) before it is purged. */
  retentionDays: z.number().int(),
});
export const RETENTION_DAYS = { min: 30, max: 3650 } as const;
export const UpdateClinicRequest = z.strictObject({
  name: Text(120).optional(),
  requireTwoFactor: z.boolean().optional(),
  retentionDays: z.number().int().min(RETENTION_DAYS.min).max(RETENTION_DAYS.max).optional(),
});

/** The clinic owner's first steps, each ticked from what really exists. */
export const FIRST_STEPS = ['inviteTherapists', 'setUpMail', 'addChild', 'inviteFamily', 'agreeGoal', 'assignPractice'] as const;
export const FirstSteps = z.object({
  dismissed: z.boolean(),
  steps: z.array(z.object({ id: z.enum(FIRST_STEPS), done: z.boolean() })),
});

/**
 * Whether messages are translated: no server set, or what a check of the configured server just
 * found (its language codes when it works; why not when it fails, with the HTTP status it answered).
 */
export const TranslationStatus = z.object({
  state: z.enum(['not_configured', 'working', 'failing']),
  /** The server's address, without any credentials in it. */
  url: z.string().nullable(),
  languages: z.array(z.string()).optional(),
  checkedAt: Timestamp,
  error: z.enum(['unreachable', 'timeout', 'api_key', 'http_error', 'bad_answer', 'no_languages']).optional(),
  httpStatus: z.number().int().optional(),
});
export type TranslationStatus = z.infer<typeof TranslationStatus>;
