// How long before a session a person can be reminded, as plain data for the server and the
// browser (which must not load zod). src/contract/session-calendar.ts wraps it in schemas.

/** The lead times a person may choose from, in minutes. */
export const SESSION_REMINDER_LEADS = [15, 30, 60, 120, 1440, 2880] as const;
export type SessionReminderLead = (typeof SESSION_REMINDER_LEADS)[number];
/** Nothing chosen yet: the day before and one hour before. */
export const DEFAULT_SESSION_REMINDER_LEADS: readonly SessionReminderLead[] = [1440, 60];
/** At most this many reminders before one session. */
export const MAX_SESSION_REMINDERS = 3;
/** The longest lead time: how far ahead the reminder sweep looks. */
export const MAX_LEAD_MINUTES = Math.max(...SESSION_REMINDER_LEADS);
