import { z } from 'zod';
import { MAX_SESSION_REMINDERS, SESSION_REMINDER_LEADS } from './session-reminder-leads.ts';

// Sessions in the calendars people already use: reminders before each session, a private
// calendar feed address, and one session's .ics.

export const SessionReminderSettings = z.object({
  /** Minutes before each session, longest first; empty: no session reminders. */
  leads: z.array(z.number().int()),
  /** Whether the person chose them, or these are the defaults. */
  chosen: z.boolean(),
});

export const UpdateSessionReminderSettingsRequest = z.strictObject({
  leads: z.array(z.union(SESSION_REMINDER_LEADS.map((m) => z.literal(m)))).max(MAX_SESSION_REMINDERS, { error: `Choose up to ${MAX_SESSION_REMINDERS} times.` })
    .refine((l) => new Set(l).size === l.length, { error: 'Choose each time once.' }),
});

export const CalendarFeed = z.object({
  /** The private address to subscribe to; it holds the secret token. */
  url: z.string(),
  createdAt: z.string(),
});

/** The feed's address: the token and the ".ics" a calendar app likes to see. */
export const CalendarFeedParams = z.object({ token: z.string().max(200) });
