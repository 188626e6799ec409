import type { Locale } from '../../contract/common.ts';
import type { TextSize } from '../../contract/text-size.ts';
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface ClinicTable {
  id: Generated<string>;
  name: string;
  time_zone: string;
  require_two_factor: Generated<boolean>;
  created_at: CreatedAt;
  first_steps_dismissed_at: Timestamp | null;
  /** How long a discharged child's record is kept before it is purged. */
  retention_days: Generated<number>;
  letterhead: Generated<string>;
}

export interface AppUserTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  locale: Generated<string>;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: ColumnType<string | null, number | null, number | null>;
  disabled_at: Timestamp | null;
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  quiet_start: ColumnType<string | null, string | null | undefined, string | null>;
  quiet_end: ColumnType<string | null, string | null | undefined, string | null>;
  /** E.164, for text messages; null: none given. */
  phone: ColumnType<string | null, string | null | undefined, string | null>;
  /** How large the app draws its text for this person (contract/text-size.ts). */
  text_size: ColumnType<TextSize, TextSize | undefined, TextSize>;
  created_at: CreatedAt;
}

export interface ClinicMemberTable {
  clinic_id: string;
  user_id: string;
  role: 'admin' | 'therapist';
  /** Clinic-level permissions (clinic.export: admins only). */
  permissions: Generated<string[]>;
  created_at: CreatedAt;
}

export interface AuthSessionTable {
  id: Generated<string>;
  token_hash: Buffer;
  user_id: string;
  csrf_token: string;
  mfa_pending: boolean;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ended_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export interface OneTimeTokenTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'signin_link' | 'password_reset';
  token_hash: Buffer;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  window_start: Timestamp;
  locked_until: Timestamp | null;
}

export interface ChildTable {
  id: Generated<string>;
  clinic_id: string;
  first_name: string;
  last_name: string;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  pronouns: Generated<string>;
  therapy_types: Generated<string[]>;
  languages: Generated<string[]>;
  culture_values: Generated<string>;
  routines: Generated<string>;
  motivators: Generated<string>;
  contact_channel: Generated<NotificationChannel>;
  contact_hours: Generated<string>;
  time_zone: string;
  journal_visibility: Generated<'team' | 'therapists' | 'guardians'>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
  /** Discharged: the record is read-only until purge_after, then purged. */
  discharged_at: Timestamp | null;
  discharged_by: string | null;
  discharge_reason: string | null;
  purge_after: Timestamp | null;
}

export interface ConsentTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  kind: 'school_access';
  granted_by: string;
  subject_email: string;
  note: string;
  granted_at: CreatedAt;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface CareTeamMemberTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  user_id: string;
  role: 'guardian' | 'caregiver' | 'therapist' | 'teacher';
  permissions: string[];
  household: string | null;
  invited_by: string | null;
  consent_id: string | null;
  created_at: CreatedAt;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
}

export interface InvitationTable {
  id: Generated<string>;
  clinic_id: string;
  kind: 'clinician' | 'team';
  email: string;
  name: string;
  locale: Generated<string>;
  clinic_role: 'admin' | 'therapist' | null;
  child_id: string | null;
  team_role: 'guardian' | 'caregiver' | 'therapist' | 'teacher' | null;
  permissions: string[] | null;
  household: string | null;
  consent_id: string | null;
  token_hash: Buffer;
  invited_by: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  accepted_at: Timestamp | null;
  accepted_by: string | null;
  revoked_at: Timestamp | null;
}

export type NotificationChannel = 'in_app' | 'email' | 'sms';

export interface SmsOutboxTable {
  id: Generated<string>;
  clinic_id: string | null;
  user_id: string | null;
  dedupe_key: string;
  to_number: string;
  body: string;
  status: Generated<'queued' | 'sent' | 'failed' | 'skipped'>;
  attempts: Generated<number>;
  last_error: string | null;
  provider_id: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}

export interface SmsOptOutTable {
  phone: string;
  stopped_at: Timestamp;
}

export interface MailOutboxTable {
  id: Generated<string>;
  clinic_id: string | null;
  dedupe_key: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: Generated<'queued' | 'sent' | 'held' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  attachments: ColumnType<MailAttachment[], string | undefined, string>;
}

/** A file a mail carries; `method` marks an iCalendar invitation or cancellation. */
export type MailAttachment = { filename: string; contentType: string; content: string; method?: 'REQUEST' | 'CANCEL' | 'PUBLISH' };

export interface SessionReminderSettingTable {
  user_id: string;
  leads: number[];
  updated_at: Timestamp;
}

export interface SessionReminderSentTable {
  session_id: string;
  user_id: string;
  starts_at: Timestamp;
  lead_minutes: number;
  sent_at: Timestamp;
}

export interface CalendarFeedTable {
  user_id: string;
  nonce: Buffer;
  token_hash: Buffer;
  created_at: Timestamp;
}

export interface IdempotencyRecordTable {
  user_id: string;
  key: string;
  method: string;
  path: string;
  status: number;
  body: ColumnType<unknown, string, string>;
  request_id: string | null;
  created_at: CreatedAt;
}

export interface AuditEventTable {
  id: ColumnType<string, never, never>;
  clinic_id: string | null;
  actor_id: string | null;
  actor_role: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  child_id: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: ColumnType<unknown, string | undefined, never>;
  created_at: CreatedAt;
  prev_hash: ColumnType<Buffer | null, never, never>;
  /** Keyed hash of the row's content, computed by the server (rows before 0014: the old chain's). */
  hash: ColumnType<Buffer, Buffer, never>;
  /** The writing transaction's id; null on rows from before 0014. */
  xact_id: ColumnType<string | null, never, never>;
}

export interface AuditSealTable {
  id: ColumnType<string, never, never>;
  chain: string;
  seq: string;
  from_xact: string;
  to_xact: string;
  row_count: number;
  prev_seal: Buffer | null;
  seal: Buffer;
  created_at: CreatedAt;
}

export interface GoalTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  version: Generated<number>;
  status: 'suggested' | 'proposed' | 'changes_requested' | 'agreed' | 'paused' | 'met' | 'discontinued';
  area: string;
  statement: string;
  measure: 'count' | 'percent' | 'rating' | 'duration' | 'yes_no';
  unit: Generated<string>;
  baseline: number | null;
  target: number;
  lower_is_better: Generated<boolean>;
  target_date: ColumnType<string | null, string | null | undefined, string | null>;
  settings: string[];
  priority: Generated<number>;
  why_it_matters: Generated<string>;
  status_reason: Generated<string>;
  agreed_by: string | null;
  agreed_at: Timestamp | null;
  agreed_version: number | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface GoalEventTable {
  id: Generated<string>;
  goal_id: string;
  child_id: string;
  version: number;
  kind: 'created' | 'suggested' | 'revised' | 'agreed' | 'change_requested' | 'status_changed' | 'priority_changed';
  actor_id: string;
  actor_role: string | null;
  comment: Generated<string>;
  changes: ColumnType<Record<string, { before: unknown; after: unknown }>, string | undefined, never>;
  snapshot: ColumnType<Record<string, unknown>, string, never>;
  created_at: CreatedAt;
}

export interface MeasurementTable {
  id: Generated<string>;
  goal_id: string;
  child_id: string;
  value: number;
  opportunities: number | null;
  measured_on: ColumnType<string, string, string>;
  setting: 'therapy' | 'home' | 'school';
  note: Generated<string>;
  recorded_by: string;
  recorder_role: string | null;
  created_at: CreatedAt;
}

export interface PracticeItemTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  version: Generated<number>;
  status: Generated<'active' | 'paused' | 'ended'>;
  title: string;
  goal_ids: Generated<string[]>;
  steps: ColumnType<string[], string, string>;
  rule: string;
  times_per_week: number | null;
  minutes: number | null;
  start_date: ColumnType<string, string, string>;
  end_date: ColumnType<string | null, string | null | undefined, string | null>;
  watch_for: Generated<string>;
  status_reason: Generated<string>;
  /** Upload ids, one per step (null where a step has no picture); trailing nulls left out. */
  step_images: ColumnType<(string | null)[], string | undefined, string>;
  clip_id: string | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PracticeEventTable {
  id: Generated<string>;
  item_id: string;
  child_id: string;
  version: number;
  kind: 'created' | 'revised' | 'status_changed';
  actor_id: string;
  actor_role: string | null;
  comment: Generated<string>;
  changes: ColumnType<Record<string, { before: unknown; after: unknown }>, string | undefined, never>;
  snapshot: ColumnType<Record<string, unknown>, string, never>;
  created_at: CreatedAt;
}

export interface PracticeLogTable {
  id: Generated<string>;
  item_id: string;
  child_id: string;
  practice_date: ColumnType<string, string, string>;
  outcome: 'done' | 'partial' | 'skipped';
  how_it_went: number | null;
  minutes: number | null;
  note: Generated<string>;
  logged_by: string;
  logger_role: string | null;
  created_at: CreatedAt;
}

export interface PracticeReminderTable {
  user_id: string;
  child_id: string;
  remind_at: string;
  enabled: Generated<boolean>;
  next_at: Timestamp | null;
  next_date: ColumnType<string | null, string | null | undefined, string | null>;
  updated_at: Timestamp;
}

export interface JournalEntryTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  kind: 'behaviour' | 'sleep' | 'eating' | 'mood' | 'win' | 'note';
  content: ColumnType<Record<string, unknown>, string, string>;
  entry_date: ColumnType<string, string, string>;
  entry_time: string | null;
  visibility: 'team' | 'therapists' | 'guardians';
  version: Generated<number>;
  author_id: string;
  author_role: string | null;
  photo_id: string | null;
  created_at: CreatedAt;
  corrected_at: Timestamp | null;
  flagged: Generated<boolean>;
}

export interface JournalEntryVersionTable {
  entry_id: string;
  child_id: string;
  version: number;
  content: ColumnType<Record<string, unknown>, string, never>;
  entry_date: ColumnType<string, string, never>;
  entry_time: ColumnType<string | null, string | null, never>;
  visibility: ColumnType<string, string, never>;
  photo_id: ColumnType<string | null, string | null | undefined, never>;
  created_at: CreatedAt;
}

export interface MilestoneTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  kind: 'goal_met' | 'win';
  goal_id: string | null;
  title: string;
  note: Generated<string>;
  happened_on: ColumnType<string, string, never>;
  created_by: string;
  creator_role: string | null;
  created_at: CreatedAt;
}

export interface MilestoneSeenTable {
  milestone_id: string;
  user_id: string;
  seen_at: CreatedAt;
}

export interface PlanReviewTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  held_on: ColumnType<string, string, never>;
  agreed: string;
  covered_until: ColumnType<Date, Date, never>;
  recorded_by: string;
  recorder_role: string | null;
  created_at: CreatedAt;
}

export interface PlanReviewParticipantTable {
  review_id: string;
  user_id: string;
  name: string;
  role: string | null;
}

export interface PlanReviewChangeTable {
  review_id: string;
  goal_event_id: string;
  goal_id: string;
  goal_version: number;
}

/** What a strategy says in one language. */
export type StrategyText = { name: string; purpose: string; steps: string[]; tips: string[] };

export interface StrategyTable {
  id: Generated<string>;
  /** null: CareTeam's starter library, read-only for every clinic. */
  clinic_id: string | null;
  starter_key: string | null;
  copied_from: string | null;
  settings: string[];
  content: ColumnType<Partial<Record<Locale, StrategyText>>, string, string>;
  image: Buffer | null;
  image_type: string | null;
  /** The picture's WebP copy at most 320 wide, for the small places it is drawn. */
  image_small: Buffer | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ChildStrategyTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  strategy_id: string;
  settings: string[];
  note: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ChildStrategyGoalTable {
  child_strategy_id: string;
  goal_id: string;
}

export interface StrategyUseTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  strategy_id: string;
  used_on: ColumnType<string, string, string>;
  setting: 'therapy' | 'home' | 'school';
  helped: 'yes' | 'a_bit' | 'no';
  note: Generated<string>;
  logged_by: string;
  logger_role: 'guardian' | 'caregiver' | 'therapist' | 'teacher';
  created_at: CreatedAt;
}

export interface MailPreferenceTable {
  user_id: string;
  digest_enabled: Generated<boolean>;
  /** 1 = Monday … 7 = Sunday. */
  digest_weekday: number;
  digest_time: string;
  digest_next_at: Timestamp | null;
  /** The digest's content in the email itself, chosen after being told email is not private. */
  digest_details: Generated<boolean>;
  newsletters: Generated<boolean>;
  updated_at: Timestamp;
}

export interface MailUnsubscribeTable {
  token_hash: Buffer;
  user_id: string;
  kind: 'digest' | 'newsletter';
  clinic_id: string | null;
  created_at: CreatedAt;
  used_at: Timestamp | null;
}

export interface DigestNoteTable {
  child_id: string;
  clinic_id: string;
  text: string;
  written_by: string;
  updated_at: Timestamp;
}

export interface NewsletterTable {
  id: Generated<string>;
  clinic_id: string;
  title: string;
  body: string;
  image: Buffer | null;
  image_type: string | null;
  audience: 'all' | 'therapist' | 'therapy_type';
  audience_therapist: string | null;
  audience_therapy_type: string | null;
  status: Generated<'draft' | 'scheduled' | 'sent'>;
  send_at: Timestamp | null;
  sent_at: Timestamp | null;
  /** While set and to come, the instance translating it for sending holds it. */
  translating_until: Timestamp | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface NewsletterRecipientTable {
  newsletter_id: string;
  user_id: string;
  mail_id: string | null;
  opened_at: Timestamp | null;
  created_at: CreatedAt;
}

/** A smaller WebP copy of an uploaded picture: a file of its own in the upload store. */
export type UploadVariant = { width: number; height: number; key: string; byteSize: number; sha256: string };

export interface UploadTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  uploaded_by: string;
  purpose: 'practice_image' | 'practice_clip' | 'journal_photo' | 'message_attachment';
  content_type: string;
  byte_size: number;
  sha256: string;
  storage_key: string;
  /** A picture's size in pixels; null for other files (and pictures uploaded before sizes were kept). */
  width: number | null;
  height: number | null;
  /** A picture's smaller WebP copies in the upload store, narrowest first (image.ts). */
  variants: ColumnType<UploadVariant[], string | undefined, string>;
  owner_type: 'practice_item' | 'journal_entry' | 'message' | null;
  owner_id: string | null;
  attached_at: Timestamp | null;
  created_at: CreatedAt;
}

export type NotificationKind =
  | 'message' | 'goal_proposed' | 'goal_agreed' | 'milestone' | 'practice_assigned'
  | 'journal_flagged' | 'invitation_accepted' | 'practice_reminder' | 'urgent_notice'
  | 'session_reminder' | 'session_scheduled' | 'session_cancelled'
  | 'session_move_requested' | 'session_moved' | 'session_move_offered' | 'session_move_declined' | 'session_cancelled_by_family' | 'session_summary'
  | 'event_published' | 'event_changed' | 'event_cancelled'
  | 'checkin_due' | 'checkin_wellbeing'
  | 'resource_shared';

export interface NotificationTable {
  id: Generated<string>;
  clinic_id: string | null;
  user_id: string;
  kind: NotificationKind;
  child_id: string | null;
  actor_id: string | null;
  target: ColumnType<Record<string, string>, string | undefined, string>;
  dedupe_key: string;
  count: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  read_at: Timestamp | null;
  channel: NotificationChannel;
  email_state: 'none' | 'waiting' | 'sent' | 'digest' | 'digested' | 'skipped';
  email_due_at: Timestamp | null;
  mail_id: string | null;
  sms_id: Generated<string | null>;
}

export interface NotificationPreferenceTable {
  user_id: string;
  kind: string;
  mode: 'immediately' | 'digest' | 'off';
  /** Null: the person's usual channel. */
  channel: Generated<NotificationChannel | null>;
}

export interface NotificationSettingTable {
  user_id: string;
  channel: Generated<NotificationChannel>;
  digest_time: Generated<string>;
  updated_at: Timestamp;
}

export interface UrgentNoticeTable {
  id: Generated<string>;
  clinic_id: string;
  audience: 'families' | 'staff' | 'everyone';
  body: string;
  recipients: number;
  created_by: string;
  created_at: CreatedAt;
}

export interface ConversationTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  kind: 'team' | 'group';
  title: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ConversationMemberTable {
  conversation_id: string;
  clinic_id: string;
  child_id: string;
  user_id: string;
  added_by: string | null;
  created_at: CreatedAt;
  removed_at: Timestamp | null;
}

export interface MessageTable {
  id: Generated<string>;
  /** bigint, read as a string. */
  seq: ColumnType<string, never, never>;
  clinic_id: string;
  child_id: string;
  conversation_id: string;
  author_id: string;
  author_role: string | null;
  body: ColumnType<string, string, never>;
  language: ColumnType<string, string, never>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  retracted_at: Timestamp | null;
  retracted_by: string | null;
}

export interface ConversationReadTable {
  conversation_id: string;
  user_id: string;
  clinic_id: string;
  child_id: string;
  last_read_seq: ColumnType<string, string, string>;
  last_read_message_id: string;
  read_at: Timestamp;
}

export interface MessageTranslationTable {
  message_id: string;
  clinic_id: string;
  language: string;
  text: string;
  provider: 'machine' | 'human';
  source_language: string | null;
  created_at: CreatedAt;
}

export interface ContentTranslationTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string | null;
  subject_type: 'goal' | 'practice_item' | 'strategy' | 'newsletter' | 'urgent_notice' | 'journal_entry' | 'session_record' | 'digest_note';
  subject_id: string;
  language: string;
  source_hash: string;
  fields: ColumnType<Record<string, string>, string, string>;
  source_language: string | null;
  provider: 'machine' | 'human';
  translated_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TranslationUsageTable {
  clinic_id: string;
  month: string;
  provider: 'libretranslate' | 'deepl';
  characters: ColumnType<string, number | undefined, number>;
  requests: Generated<number>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface TranslationServiceStateTable {
  provider: 'libretranslate' | 'deepl';
  error: 'unreachable' | 'timeout' | 'api_key' | 'quota' | 'busy' | 'http_error' | 'bad_answer' | 'no_languages';
  http_status: number | null;
  failed_at: Date;
  recovered_at: Date | null;
}

export interface QuickReplyTable {
  id: Generated<string>;
  clinic_id: string;
  owner_id: string | null;
  /** Per language: only the languages written; a short name only where the message has that language. */
  title: ColumnType<Partial<Record<Locale, string>>, string | undefined, string>;
  text: ColumnType<Partial<Record<Locale, string>>, string, string>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TrustedDeviceTable {
  token_hash: Buffer;
  user_id: string;
  created_at: Timestamp;
  last_used_at: Timestamp;
}

export interface SessionSeriesTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  /** An RRULE as practice schedules use ("FREQ=WEEKLY;BYDAY=TH"), read over local dates in time_zone. */
  rule: string;
  start_date: ColumnType<string, string, string>;
  /** The wall-clock start, "16:00:00", the same across DST changes. */
  local_time: string;
  time_zone: string;
  duration_minutes: number;
  until_date: ColumnType<string | null, string | null | undefined, string | null>;
  count: number | null;
  /** Occurrences exist up to this local date; later ones are added as time goes by. */
  materialised_until: ColumnType<string, string, string>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface TherapySessionTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  series_id: string | null;
  kind: 'therapy' | 'parent_coaching' | 'team_meeting' | 'plan_review' | 'school_meeting';
  place: 'clinic' | 'home' | 'school' | 'video';
  place_note: Generated<string>;
  starts_at: Timestamp;
  duration_minutes: number;
  family_invited: Generated<boolean>;
  status: Generated<'scheduled' | 'cancelled'>;
  cancel_reason: string | null;
  cancelled_by: string | null;
  cancelled_at: Timestamp | null;
  created_by: string;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/**
 * A video room, of a session or of a family event whose place is "video" (room_id is that one's
 * id; child_id is the session's child, null for an event): opened by its host, ended for everyone.
 */
export interface VideoRoomTable {
  room_id: string;
  session_id: string | null;
  event_id: string | null;
  clinic_id: string;
  child_id: string | null;
  opened_by: string;
  opened_at: Date;
  ended_at: Date | null;
}

/** An interpreter's one-time link to one room; only the token's hash is kept. */
export interface ProgressReportTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  requested_by: string;
  locale: string;
  period_from: string;
  period_to: string;
  goal_ids: string[];
  closing: Generated<string>;
  status: 'pending' | 'ready' | 'failed' | 'expired';
  storage_key: string | null;
  byte_size: number | null;
  page_count: number | null;
  created_at: CreatedAt;
  ready_at: Timestamp | null;
  expires_at: Timestamp;
}

export interface RecordArchiveTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string | null;
  scope: 'child' | 'clinic';
  requested_by: string;
  locale: string;
  status: 'pending' | 'ready' | 'failed' | 'downloaded' | 'expired';
  storage_key: string | null;
  /** bigint: read as a string. */
  byte_size: ColumnType<string | null, number | null, number | null>;
  link_hash: Buffer | null;
  created_at: CreatedAt;
  ready_at: Timestamp | null;
  downloaded_at: Timestamp | null;
  expires_at: Timestamp | null;
}

export interface VideoGuestPassTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string | null;
  room_id: string;
  session_id: string | null;
  event_id: string | null;
  name: string;
  email: string;
  language: string;
  token_hash: Buffer;
  created_by: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

/** Someone in (or waiting for, or gone from) a room: one row per join. */
export interface VideoParticipantTable {
  id: Generated<string>;
  room_id: string;
  session_id: string | null;
  event_id: string | null;
  clinic_id: string;
  child_id: string | null;
  user_id: string | null;
  guest_pass_id: string | null;
  name: string;
  role: 'host' | 'member' | 'guest';
  state: 'waiting' | 'admitted' | 'left' | 'removed';
  audio: Generated<boolean>;
  video: Generated<boolean>;
  muted_by_host: Generated<boolean>;
  joined_at: Date;
  admitted_at: Date | null;
  left_at: Date | null;
}

export interface SessionInviteeTable {
  session_id: string;
  user_id: string;
  response: Generated<'pending' | 'yes' | 'no'>;
  responded_at: Timestamp | null;
  created_at: CreatedAt;
}

/** A household's request to move a session (side 'family'), or a time offered back to the households that asked (side 'clinic'). */
export interface SessionMoveRequestTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  session_id: string;
  side: 'family' | 'clinic';
  household: string | null;
  households: ColumnType<string[], string[] | undefined, string[]>;
  times: ColumnType<Date[], Date[], Date[]>;
  status: Generated<'open' | 'replaced' | 'accepted' | 'declined' | 'closed'>;
  reason: string | null;
  created_by: string;
  created_at: CreatedAt;
  closed_by: string | null;
  closed_at: Timestamp | null;
}

export type SessionChangeStep = 'move_requested' | 'move_offered' | 'moved' | 'move_declined' | 'cancelled_by_family';

/** Append-only: each step of moving or cancelling a session, who took it and when. */
export interface SessionChangeTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  session_id: string;
  request_id: string | null;
  action: SessionChangeStep;
  actor_id: string;
  household: string | null;
  times: ColumnType<Date[], Date[] | undefined, never>;
  from_starts_at: Timestamp | null;
  to_starts_at: Timestamp | null;
  reason: string | null;
  created_at: CreatedAt;
}

export interface SessionRecordTable {
  session_id: string;
  clinic_id: string;
  child_id: string;
  attendees: ColumnType<string[], string[] | undefined, string[]>;
  worked_on: Generated<string>;
  went_well: Generated<string>;
  to_practise: Generated<string>;
  practice_item_ids: ColumnType<string[], string[] | undefined, string[]>;
  child_strategy_ids: ColumnType<string[], string[] | undefined, string[]>;
  language: string;
  version: Generated<number>;
  shared_at: Timestamp | null;
  written_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface FamilyEventTable {
  id: Generated<string>;
  clinic_id: string;
  kind: 'workshop' | 'parent_group' | 'open_day' | 'performance' | 'other';
  title: string;
  description: string;
  starts_at: Timestamp;
  duration_minutes: number;
  place: 'address' | 'video';
  place_note: Generated<string>;
  audience: 'all' | 'therapy_type' | 'children';
  audience_therapy_type: string | null;
  capacity: number | null;
  ask_interpreter: Generated<boolean>;
  status: Generated<'published' | 'cancelled'>;
  cancel_reason: string | null;
  cancelled_by: string | null;
  cancelled_at: Timestamp | null;
  /** Grows with every change the families see (the calendar file's SEQUENCE). */
  sequence: Generated<number>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface FamilyEventChildTable {
  event_id: string;
  child_id: string;
}

export interface FamilyEventRsvpTable {
  event_id: string;
  user_id: string;
  answer: 'yes' | 'no' | 'maybe';
  adults: number;
  children: number;
  interpreter_language: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionRecordVersionTable {
  session_id: string;
  child_id: string;
  version: number;
  content: ColumnType<unknown, string, never>;
  written_by: string;
  created_at: CreatedAt;
}

export interface SessionClinicalNoteTable {
  session_id: string;
  clinic_id: string;
  child_id: string;
  text: string;
  version: Generated<number>;
  written_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A point on a meeting's shared agenda; the author's role and household as they were when it was written. */
export interface SessionAgendaPointTable {
  id: Generated<string>;
  session_id: string;
  child_id: string;
  author_id: string;
  author_role: 'guardian' | 'caregiver' | 'therapist' | 'teacher';
  author_household: string | null;
  text: string;
  detail: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface SessionClinicalNoteVersionTable {
  session_id: string;
  child_id: string;
  version: number;
  text: string;
  written_by: string;
  created_at: CreatedAt;
}

/** The plan review recorded from a meeting. */
export interface SessionPlanReviewTable {
  session_id: string;
  review_id: string;
  created_at: CreatedAt;
}

export type ResourceText = { title: string; summary: string; body: string };

export interface ResourceFileTable {
  id: Generated<string>;
  clinic_id: string;
  uploaded_by: string;
  content_type: string;
  byte_size: number;
  sha256: string;
  storage_key: string;
  created_at: CreatedAt;
}

export interface ResourceTable {
  id: Generated<string>;
  /** null: CareTeam's starter library, read-only for every clinic. */
  clinic_id: string | null;
  starter_key: string | null;
  kind: 'article' | 'link' | 'video' | 'pdf';
  content: ColumnType<Partial<Record<Locale, ResourceText>>, string, string>;
  url: string | null;
  file_id: string | null;
  therapy_types: ColumnType<string[], string[] | undefined, string[]>;
  age_min: number | null;
  age_max: number | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
  archived_at: Timestamp | null;
}

export interface ChildResourceTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  resource_id: string;
  note: Generated<string>;
  assigned_by: string;
  assigned_at: Timestamp;
}

export interface ChildResourceReaderTable {
  child_resource_id: string;
  user_id: string;
  first_opened_at: Timestamp | null;
  last_opened_at: Timestamp | null;
  opened_count: Generated<number>;
  helpful: boolean | null;
}

export interface GoalRatingTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  goal_id: string;
  user_id: string;
  /** The last review held when it was given (null before the first): one rating per person, goal and period. */
  after_review: string | null;
  rating: 'much_better' | 'a_bit_better' | 'same' | 'worse';
  comment: Generated<string>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface GoalRatingRequestTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  after_review: string | null;
  requested_by: string;
  requested_at: Timestamp;
}

export interface GoodNewsTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  message_id: string;
  sent_by: string;
  sent_at: Timestamp;
}

/** A check-in form: CareTeam's starter ones (clinic_id null, starter_key) and each clinic's own. */
export interface CheckinFormTable {
  id: Generated<string>;
  clinic_id: string | null;
  starter_key: string | null;
  definition: ColumnType<Record<string, unknown>, string, string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** A form given to a child's respondents on a cadence. */
export interface CheckinAssignmentTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  form_id: string;
  cadence: ColumnType<Record<string, unknown>, string, string>;
  respondents: ColumnType<Record<string, unknown>[], string, string>;
  starts_on: ColumnType<string, string, string>;
  ended_at: Timestamp | null;
  next_check_at: Timestamp | null;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

/** One respondent's answer to one occurrence of an assignment, half-done or submitted. */
export interface CheckinResponseTable {
  id: Generated<string>;
  clinic_id: string;
  child_id: string;
  assignment_id: string;
  form_id: string;
  privacy: 'team' | 'clinicians' | 'aggregate';
  therapist_id: string;
  occurrence: string;
  due_date: ColumnType<string, string, string>;
  slot: string;
  respondent_id: string;
  setting: 'home' | 'school';
  answers: ColumnType<Record<string, unknown>, string, string>;
  score: number | null;
  subscores: ColumnType<Record<string, number>, string | undefined, string>;
  status: 'draft' | 'submitted';
  submitted_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface Database {
  clinic: ClinicTable;
  app_user: AppUserTable;
  clinic_member: ClinicMemberTable;
  auth_session: AuthSessionTable;
  one_time_token: OneTimeTokenTable;
  login_throttle: LoginThrottleTable;
  trusted_device: TrustedDeviceTable;
  child: ChildTable;
  consent: ConsentTable;
  care_team_member: CareTeamMemberTable;
  invitation: InvitationTable;
  mail_outbox: MailOutboxTable;
  sms_outbox: SmsOutboxTable;
  sms_opt_out: SmsOptOutTable;
  idempotency_record: IdempotencyRecordTable;
  audit_event: AuditEventTable;
  audit_seal: AuditSealTable;
  goal: GoalTable;
  goal_event: GoalEventTable;
  measurement: MeasurementTable;
  practice_item: PracticeItemTable;
  practice_event: PracticeEventTable;
  practice_log: PracticeLogTable;
  practice_reminder: PracticeReminderTable;
  journal_entry: JournalEntryTable;
  journal_entry_version: JournalEntryVersionTable;
  milestone: MilestoneTable;
  milestone_seen: MilestoneSeenTable;
  plan_review: PlanReviewTable;
  plan_review_participant: PlanReviewParticipantTable;
  plan_review_change: PlanReviewChangeTable;
  strategy: StrategyTable;
  child_strategy: ChildStrategyTable;
  child_strategy_goal: ChildStrategyGoalTable;
  strategy_use: StrategyUseTable;
  mail_preference: MailPreferenceTable;
  mail_unsubscribe: MailUnsubscribeTable;
  digest_note: DigestNoteTable;
  newsletter: NewsletterTable;
  newsletter_recipient: NewsletterRecipientTable;
  upload: UploadTable;
  notification: NotificationTable;
  notification_preference: NotificationPreferenceTable;
  notification_setting: NotificationSettingTable;
  urgent_notice: UrgentNoticeTable;
  conversation: ConversationTable;
  conversation_member: ConversationMemberTable;
  message: MessageTable;
  conversation_read: ConversationReadTable;
  message_translation: MessageTranslationTable;
  quick_reply: QuickReplyTable;
  translation_usage: TranslationUsageTable;
  content_translation: ContentTranslationTable;
  translation_service_state: TranslationServiceStateTable;
  session_series: SessionSeriesTable;
  therapy_session: TherapySessionTable;
  session_invitee: SessionInviteeTable;
  session_reminder_setting: SessionReminderSettingTable;
  session_reminder_sent: SessionReminderSentTable;
  calendar_feed: CalendarFeedTable;
  session_move_request: SessionMoveRequestTable;
  session_change: SessionChangeTable;
  session_record: SessionRecordTable;
  session_record_version: SessionRecordVersionTable;
  session_clinical_note: SessionClinicalNoteTable;
  session_clinical_note_version: SessionClinicalNoteVersionTable;
  family_event: FamilyEventTable;
  family_event_child: FamilyEventChildTable;
  family_event_rsvp: FamilyEventRsvpTable;
  session_agenda_point: SessionAgendaPointTable;
  session_plan_review: SessionPlanReviewTable;
  video_room: VideoRoomTable;
  video_guest_pass: VideoGuestPassTable;
  video_participant: VideoParticipantTable;
  resource_file: ResourceFileTable;
  resource: ResourceTable;
  child_resource: ChildResourceTable;
  child_resource_reader: ChildResourceReaderTable;
  goal_rating: GoalRatingTable;
  goal_rating_request: GoalRatingRequestTable;
  good_news: GoodNewsTable;
  progress_report: ProgressReportTable;
  record_archive: RecordArchiveTable;
  checkin_form: CheckinFormTable;
  checkin_assignment: CheckinAssignmentTable;
  checkin_response: CheckinResponseTable;
}
