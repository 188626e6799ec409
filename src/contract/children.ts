import { z } from 'zod';
import { NOTIFICATION_CHANNELS } from './notification-kinds.ts';
import { Permission, TeamRole } from './access.ts';
import { Email, Id, IsoDate, Locale, LongText, Text, TimeZone, Timestamp } from './common.ts';

/** The family's preferred channel: one of the channels a notice can take (it sets new members' defaults). */
export const CONTACT_CHANNELS = NOTIFICATION_CHANNELS;
export const ContactChannel = z.enum(CONTACT_CHANNELS);
export const THERAPY_TYPES = ['speech', 'occupational', 'physical', 'play', 'cbt', 'aba', 'feeding', 'other'] as const;
export const TherapyType = z.enum(THERAPY_TYPES);

export const FamilyProfile = z.object({
  languages: z.array(Text(40)).max(10),
  cultureValues: LongText(2000),
  routines: LongText(2000),
  motivators: LongText(2000),
  contactChannel: ContactChannel,
  contactHours: LongText(200),
  timeZone: TimeZone,
});
export type FamilyProfile = z.infer<typeof FamilyProfile>;

export const CreateChildRequest = z.strictObject({
  firstName: Text(80),
  lastName: Text(80),
  birthDate: IsoDate.optional(),
  pronouns: LongText(40).optional(),
  therapyTypes: z.array(TherapyType).max(8).default([]),
  profile: FamilyProfile.partial().strict().optional(),
  /** Clinicians of the clinic to put on the child's team as therapists (a therapist adding a child is always on it). */
  therapistIds: z.array(Id).max(20).optional(),
});

export const UpdateChildRequest = z.strictObject({
  firstName: Text(80).optional(),
  lastName: Text(80).optional(),
  birthDate: IsoDate.nullable().optional(),
  pronouns: LongText(40).optional(),
  therapyTypes: z.array(TherapyType).max(8).optional(),
  profile: FamilyProfile.partial().strict().optional(),
});

export const TeamMember = z.object({
  id: Id,
  userId: Id,
  name: z.string(),
  /** Omitted when the reader may not see this member's contact details. */
  email: z.string().nullable(),
  role: TeamRole,
  household: z.string().nullable(),
  permissions: z.array(Permission),
  joinedAt: Timestamp,
});
export type TeamMember = z.infer<typeof TeamMember>;

/** How an invitation reaches its person: mailed, or kept in the clinic's outbox because no mail server is set up. */
export const InvitationDelivery = z.enum(['email', 'outbox']);

export const PendingInvitation = z.object({
  id: Id,
  email: z.string().nullable(),
  name: z.string(),
  role: TeamRole,
  household: z.string().nullable(),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  delivery: InvitationDelivery,
  /** Whoever sent it, and the clinic's admins, may copy its link or send it again. */
  canShare: z.boolean(),
});

/**
 * A fresh one-time link to an invitation; the earlier link stops working. `url` is null when the
 * link went out by mail again (resend) instead of to the sender's screen.
 */
export const InvitationLink = z.object({ url: z.string().nullable(), expiresAt: Timestamp, delivery: InvitationDelivery });

export const AddTherapistRequest = z.strictObject({ userId: Id });

/** The clinic's clinicians, for putting one on a child's team. */
export const ClinicianOptions = z.object({ clinicians: z.array(z.object({ userId: Id, name: z.string() })) });

export const Child = z.object({
  id: Id,
  clinicId: Id,
  /** For the header of a printed page. */
  clinicName: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  birthDate: z.string().nullable(),
  pronouns: z.string(),
  therapyTypes: z.array(TherapyType),
  profile: FamilyProfile,
  myRole: TeamRole.nullable(),
  /** What the reader may do on this child's record; the UI hides the rest. */
  abilities: z.array(Permission),
  /** Discharged: the record is read-only for everyone until purgeAfter, when it is purged. */
  discharge: z.object({ at: z.string(), by: z.string(), reason: z.string(), purgeAfter: z.string() }).nullable(),
  /** The reader may discharge the child, or take a discharge back (a therapist on the team, a clinic admin). */
  mayDischarge: z.boolean(),
});
export type Child = z.infer<typeof Child>;

export const DischargeRequest = z.strictObject({ reason: Text(500) });

export const ChildListItem = z.object({
  id: Id,
  firstName: z.string(),
  lastName: z.string(),
  myRole: TeamRole.nullable(),
  therapists: z.array(z.string()),
  guardians: z.array(z.string()),
  /** For the child's therapist: how many goals need a look (no recent data, flat, off track, due, unagreed). */
  goalsNeedingAttention: z.number().int(),
  /** For the child's therapist: true when the child has home practice but nobody logged practice or wrote in the journal for a week. */
  quietForAWeek: z.boolean(),
});
export const ChildList = z.object({ children: z.array(ChildListItem) });

export const Team = z.object({
  members: z.array(TeamMember),
  invitations: z.array(PendingInvitation),
});

export const InviteTeamMemberRequest = z.strictObject({
  email: Email,
  name: Text(120),
  role: TeamRole,
  household: LongText(60).optional(),
  locale: Locale.optional(),
  /** Narrows the role's default permissions; never widens them. */
  permissions: z.array(Permission).optional(),
  /** Required for a teacher: the guardian's recorded consent. */
  consentNote: LongText(1000).optional(),
});

export const UpdateTeamMemberRequest = z.strictObject({
  permissions: z.array(Permission).optional(),
  household: LongText(60).nullable().optional(),
});

export const ChildId = z.object({ childId: z.string() });
export const ChildMemberParams = z.object({ childId: z.string(), memberId: z.string() });
export const ChildInvitationParams = z.object({ childId: z.string(), invitationId: z.string() });
export const ChildInvitationIdParams = z.object({ childId: z.string(), invitationId: Id });
