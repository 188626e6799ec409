// What a person can be notified about, as plain data: shared by the server and the browser (which
// must not load zod). src/contract/notifications.ts wraps it in schemas.

export const NOTIFICATION_KINDS = [
  'message',
  'goal_proposed',
  'goal_agreed',
  'milestone',
  'practice_assigned',
  'journal_flagged',
  'invitation_accepted',
  'practice_reminder',
  'urgent_notice',
  'session_reminder',
  'session_scheduled',
  'session_cancelled',
  'session_move_requested',
  'session_moved',
  'session_move_offered',
  'session_move_declined',
  'session_cancelled_by_family',
  'session_summary',
  'event_published',
  'event_changed',
  'event_cancelled',
  'checkin_due',
  'checkin_wellbeing',
  'resource_shared',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** The kinds a person chooses for; urgent clinic notices always get through. */
export const CHOOSABLE_KINDS = NOTIFICATION_KINDS.filter((k): k is Exclude<NotificationKind, 'urgent_notice'> => k !== 'urgent_notice');
export type ChoosableKind = (typeof CHOOSABLE_KINDS)[number];

export const NOTIFICATION_MODES = ['immediately', 'digest', 'off'] as const;
export type NotificationMode = (typeof NOTIFICATION_MODES)[number];

/** A reminder is for now or never: it has no place in an evening digest. */
export function modesFor(kind: ChoosableKind): readonly NotificationMode[] {
  return kind === 'practice_reminder' || kind === 'session_reminder' ? ['immediately', 'off'] : NOTIFICATION_MODES;
}

export const NOTIFICATION_CHANNELS = ['in_app', 'email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTICE_AUDIENCES = ['families', 'staff', 'everyone'] as const;
export type NoticeAudience = (typeof NOTICE_AUDIENCES)[number];
