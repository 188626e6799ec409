import { z } from 'zod';
import { ClinicRole, Permission, TeamRole } from './access.ts';
import { Email, Id, Locale, Password, Text, TimeZone } from './common.ts';
import { TEXT_SIZES } from './text-size.ts';

export const SetupStatus = z.object({ needsSetup: z.boolean() });

export const SetupRequest = z.strictObject({
  clinicName: Text(120),
  timeZone: TimeZone,
  adminName: Text(120),
  email: Email,
  password: Password,
  locale: Locale.optional(),
});

export const LoginRequest = z.strictObject({ email: Email, password: z.string().min(1).max(256) });
export const LoginResponse = z.object({ mfaRequired: z.boolean() });
export const TotpRequest = z.strictObject({ code: z.string().regex(/^\d{6}$/, { error: 'Enter the 6-digit code.' }) });
export const EmailRequest = z.strictObject({ email: Email });
export const TokenRequest = z.strictObject({ token: z.string().min(20).max(200) });
export const ResetCompleteRequest = z.strictObject({ token: z.string().min(20).max(200), password: Password });
/** How mail reaches people: 'outbox' when no mail server is set up, so mail is only kept in the clinic's outbox. */
export const MailDelivery = z.enum(['email', 'outbox']);
/**
 * The answer to a sign-in-link or reset request: the same whether or not the account exists.
 * `delivery` is the server's (is a mail server set up?), never the account's.
 */
export const LinkRequestAccepted = z.object({ ok: z.literal(true), delivery: MailDelivery });

export const ChildSummary = z.object({
  id: Id,
  firstName: z.string(),
  lastName: z.string(),
  clinicId: Id,
  role: TeamRole.nullable(),
});

export const Me = z.object({
  user: z.object({
    id: Id,
    name: z.string(),
    email: z.string(),
    locale: Locale,
    totpEnabled: z.boolean(),
    /** Null: the person has not said; their children's time zone is used. */
    timeZone: z.string().nullable(),
    /** No reminders or optional notifications between these times, in their own time zone. */
    quietHours: z.object({ start: z.string(), end: z.string() }).nullable(),
    /** For text messages (E.164); null: none given. */
    phone: z.string().nullable(),
    /** How large the app draws its text for this person, on every device. */
    textSize: z.enum(TEXT_SIZES),
  }),
  csrfToken: z.string(),
  clinics: z.array(z.object({
    id: Id, name: z.string(), role: ClinicRole, timeZone: z.string(), requireTwoFactor: z.boolean(),
    /** 'outbox': no mail server is set up, so mail is only kept in the clinic's outbox. */
    mailDelivery: MailDelivery,
  })),
  /** Staff of a clinic that requires two-factor must enrol before using anything else. */
  mustEnrolTwoFactor: z.boolean(),
});
export type Me = z.infer<typeof Me>;

/** Whether this browser is signed in: 200 either way, so the ordinary signed-out page is not an error. */
export const SessionState = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false) }),
  z.object({ signedIn: z.literal(true), me: Me }),
]);

export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'Use a time like 07:30.' });
export const QuietHours = z.strictObject({ start: ClockTime, end: ClockTime }).refine((q) => q.start !== q.end, { error: 'Quiet hours start and end at different times.', path: ['end'] });

/** A mobile number in international form (E.164): a plus, the country code, the number, no spaces. */
export const Phone = z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'Use the international form: + then the country code and number, with no spaces (like +14155550123).');

export const UpdateMeRequest = z.strictObject({
  name: Text(120).optional(),
  locale: Locale.optional(),
  timeZone: TimeZone.nullable().optional(),
  quietHours: QuietHours.nullable().optional(),
  phone: Phone.nullable().optional(),
  textSize: z.enum(TEXT_SIZES).optional(),
});

export const ChangePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: Password,
  signOutEverywhere: z.boolean().default(false),
});

export const TotpSetupResponse = z.object({ secret: z.string(), otpauthUrl: z.string() });

export const InvitationInfo = z.object({
  kind: z.enum(['clinician', 'team']),
  clinicName: z.string(),
  email: z.string(),
  name: z.string(),
  clinicRole: ClinicRole.nullable(),
  teamRole: TeamRole.nullable(),
  childFirstName: z.string().nullable(),
  invitedBy: z.string(),
  accountExists: z.boolean(),
});

export const AcceptInvitationRequest = z.strictObject({
  name: Text(120).optional(),
  password: Password.optional(),
  locale: Locale.optional(),
  /** Signed in as someone else: true once they agreed to be signed out of that account. */
  switchAccount: z.boolean().optional(),
});
export const AcceptInvitationResponse = z.object({ childId: Id.nullable() });

export { Permission };
