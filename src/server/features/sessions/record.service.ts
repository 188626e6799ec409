// The record of a session that has started: who attended and the family summary (shared with the
// family, who are told once, the first time it says something), and apart from it the clinicians'
// private note. The summary is read in each reader's language as written content (its three
// fields, through content translation: the machine's, or a clinician's correction); the note is
// only ever read by its own routes and never translated.
import type { Locale } from '../../../contract/common.ts';
import { formatWallClock, languageName } from '../../../contract/format.ts';
import { hasSummary, SUMMARY_FIELDS, type SaveSessionRecordRequest, type SessionRecord, type SessionSummary, type SummaryText } from '../../../contract/session-record.ts';
import type { ContentTranslation } from '../../../contract/translation.ts';
import { strategyNameFor } from '../../../contract/strategy-name.ts';
import { loadChildAccess, type ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { AppError, badField } from '../../http/errors.ts';
import type { MailBlock } from '../../mail/templates.ts';
import { notify, teamAudience } from '../notifications/notify.ts';
import { findNotes, findRecord, findRecords, isInvited, linkedItems, linkedItemsOf, summariesSharedSince, userNames, writeRecord, type RecordRow } from './record.repository.ts';
import { localDateTime } from './recurrence.ts';
import { sessionsInRange, teamMembersAmong, type SessionRow } from './sessions.repository.ts';
import { canSee, visibilityFor, visibleSession } from './sessions.service.ts';
import { practiceContent } from '../practice/practice.service.ts';
import { strategyContent } from '../strategies/strategies.service.ts';
import { contentKey, localesOf, type TranslatableContent } from '../translation/content-translation.service.ts';

/** Summaries in the reader's language, all of a read together (content translation, bound to the reader). */
export type TranslateContent = (items: readonly TranslatableContent[]) => Promise<Map<string, ContentTranslation>>;

/** For reads that show the words as written. */
export const asWritten: TranslateContent = async () => new Map();

/** A session is recorded once it has started, and never once cancelled. */
export function requireStarted(s: SessionRow, now: Date): void {
  if (s.status === 'cancelled') throw new AppError('conflict', 409, 'This session was cancelled: there is nothing to record.');
  if (s.starts_at > now) throw new AppError('conflict', 409, 'This session has not started yet: record it once it has.');
}

export function requireVersion(current: { version: number } | undefined, expected: number | undefined): void {
  if (expected !== undefined && (current?.version ?? 0) !== expected) {
    throw new AppError('conflict', 409, 'Someone else changed this since you opened it. Reload to see their version.', { version: current?.version ?? null });
  }
}

const textOf = (r: RecordRow): SummaryText => ({ workedOn: r.worked_on, wentWell: r.went_well, toPractise: r.to_practise });

/** The family summary's words as translation sees them (never the clinical note, which is elsewhere). */
export function summaryContent(r: RecordRow): TranslatableContent {
  return { type: 'session_record', id: r.session_id, clinicId: r.clinic_id, childId: r.child_id, fields: textOf(r), language: r.language };
}

const shared = (r: RecordRow | undefined): r is RecordRow & { shared_at: Date } => r !== undefined && r.shared_at !== null && hasSummary(textOf(r));

/** The summary of this session the reader may translate by hand (sessions.manage); null when there is none. */
export async function summaryForTranslation(db: Executor, access: ChildAccess, userId: string, sessionId: string): Promise<TranslatableContent | null> {
  if (!access.permissions.includes('sessions.manage')) return null;
  const s = await visibleSession(db, userId, access, sessionId);
  const r = await findRecord(db, s.id);
  return shared(r) ? summaryContent(r) : null;
}

/**
 * The records as one reader sees them: the summary in their language (all translated together),
 * linked items only as far as they may see them; attendance and version for managers.
 */
export async function presentRecords(
  db: Executor,
  reader: { userId: string; locale: Locale },
  access: ChildAccess,
  records: readonly { sessionId: string; row: RecordRow | undefined }[],
  translate: TranslateContent,
): Promise<SessionRecord[]> {
  const manage = access.permissions.includes('sessions.manage');
  const can = (p: ChildAccess['permissions'][number]) => access.permissions.includes(p);
  const sharedRows = records.flatMap(({ row }) => (shared(row) ? [row] : []));
  const found = await linkedItemsOf(db, sharedRows.map((r) => ({
    childId: r.child_id, practiceIds: can('practice.view') ? r.practice_item_ids : [], strategyIds: can('plan.view') ? r.child_strategy_ids : [],
  })));
  const links = new Map(sharedRows.map((r, i) => [r.session_id, found[i] ?? { practice: [], strategies: [] }]));
  // The linked practice items and the clinic's own strategies are named in the reader's language
  // too, translated with the summaries (the same translations their own pages show).
  const practice = [...links.values()].flatMap((l) => l.practice);
  const strategies = [...links.values()].flatMap((l) => l.strategies);
  const locales = await localesOf(db, practice.map((p) => p.created_by));
  const views = await translate([
    ...sharedRows.map(summaryContent),
    ...practice.map((p) => practiceContent(p, locales)),
    ...strategies.flatMap((s) => (s.clinic_id === null ? [] : strategyContent({ id: s.strategy_id, starter: false, content: s.content }, s.clinic_id, reader.locale) ?? [])),
  ]);
  const writers = await userNames(db, sharedRows.map((r) => r.written_by));
  return records.map(({ sessionId, row: r }) => {
    let summary: SessionSummary | null = null;
    if (shared(r)) {
      const linked = links.get(r.session_id) ?? { practice: [], strategies: [] };
      summary = {
        text: textOf(r),
        translation: views.get(contentKey('session_record', r.session_id)) ?? { language: r.language, translated: null, unavailable: false },
        practiceItems: linked.practice.map((p) => ({ id: p.id, title: views.get(contentKey('practice_item', p.id))?.translated?.fields.title ?? p.title })),
        strategies: linked.strategies.map((s) => ({ id: s.id, name: strategyNameFor({ content: s.content, translation: views.get(contentKey('strategy', s.strategy_id)) }, reader.locale) })),
        writtenBy: writers.get(r.written_by) ?? '',
        sharedAt: r.shared_at.toISOString(),
        updatedAt: r.updated_at.toISOString(),
        edited: r.version > 1 && r.updated_at > r.shared_at,
      };
    }
    return { sessionId, summary, attendees: manage && r ? r.attendees : null, version: manage && r ? r.version : null };
  });
}

/** One record as the reader sees it (see presentRecords). */
export async function presentRecord(db: Executor, reader: { userId: string; locale: Locale }, access: ChildAccess, sessionId: string, row: RecordRow | undefined, translate: TranslateContent): Promise<SessionRecord> {
  const [one] = await presentRecords(db, reader, access, [{ sessionId, row }], translate);
  if (!one) throw new Error('presentRecords returned nothing');
  return one;
}

/** A summary's three fields as the reader reads them: translated when there is a translation. */
export const summaryWords = (summary: Pick<SessionSummary, 'text' | 'translation'>): SummaryText => {
  const f = summary.translation.translated?.fields;
  return { workedOn: f?.workedOn ?? summary.text.workedOn, wentWell: f?.wentWell ?? summary.text.wentWell, toPractise: f?.toPractise ?? summary.text.toPractise };
};

/**
 * Saves the record's next version after checking every id belongs to the child's team or record.
 * Returns it and whether this is the first time the summary says something (the family is told then).
 */
export async function saveRecord(
  tx: Executor,
  s: SessionRow,
  b: SaveSessionRecordRequest,
  writer: { userId: string; locale: Locale },
  now: Date,
): Promise<{ row: RecordRow; firstShared: boolean }> {
  const prior = await findRecord(tx, s.id, { lock: true });
  requireVersion(prior, b.expectedVersion);
  const attendees = [...new Set(b.attendees ?? [])];
  if ((await teamMembersAmong(tx, s.child_id, attendees)).length !== attendees.length) throw badField('attendees', 'Mark only people on the child’s team as attending.');
  const practiceIds = [...new Set(b.practiceItemIds ?? [])];
  const strategyIds = [...new Set(b.strategyIds ?? [])];
  const links = await linkedItems(tx, s.child_id, practiceIds, strategyIds);
  if (links.practice.length !== practiceIds.length) throw badField('practiceItemIds', 'Link only this child’s practice items.');
  if (links.strategies.length !== strategyIds.length) throw badField('strategyIds', 'Link only this child’s strategies.');
  const text = { workedOn: b.workedOn ?? '', wentWell: b.wentWell ?? '', toPractise: b.toPractise ?? '' };
  const firstShared = !prior?.shared_at && hasSummary(text);
  const row = await writeRecord(tx, s, prior, {
    attendees, worked_on: text.workedOn, went_well: text.wentWell, to_practise: text.toPractise,
    practice_item_ids: practiceIds, child_strategy_ids: strategyIds, language: writer.locale,
  }, writer.userId, prior?.shared_at ?? (firstShared ? now : null), now);
  return { row, firstShared };
}

/** Whether this person sees the session (the same rule as the Sessions tab). */
async function seesSession(db: Executor, userId: string, s: SessionRow): Promise<boolean> {
  const access = (await loadChildAccess(db, userId, [s.child_id])).get(s.child_id);
  if (!access?.permissions.includes('sessions.view')) return false;
  return canSee(visibilityFor(access), s, await isInvited(db, s.id, userId));
}

/** The family members who see the session hear once that its summary is there: no words of it travel. */
export async function notifySummaryShared(deps: Deps, tx: Executor, s: SessionRow, actorId: string): Promise<string[]> {
  const family = await teamAudience(tx, s.child_id, 'sessions.view', ['guardian', 'caregiver']);
  const readers: string[] = [];
  for (const id of family) if (await seesSession(tx, id, s)) readers.push(id);
  return notify(deps, tx, {
    userIds: readers, kind: 'session_summary', childId: s.child_id, clinicId: s.clinic_id, actorId,
    target: { sessionId: s.id }, dedupeKey: `session-summary:${s.id}`,
  });
}

/**
 * For the weekly digest (when it carries its content): the summaries first shared in the week that
 * this reader sees, in their language, each under the day of its session on the child's clock.
 */
export async function summaryDigestBlocks(
  db: Executor,
  t: (key: string, vars?: Record<string, string | number>) => string,
  reader: { userId: string; locale: Locale; timeZone: string },
  access: ChildAccess,
  since: Date,
  translate: TranslateContent,
): Promise<MailBlock[]> {
  if (!access.permissions.includes('sessions.view')) return [];
  const v = visibilityFor(access);
  const seen: (RecordRow & { starts_at: Date })[] = [];
  for (const r of await summariesSharedSince(db, access.childId, since)) {
    if (hasSummary(textOf(r)) && canSee(v, r, await isInvited(db, r.session_id, reader.userId))) seen.push(r);
  }
  const views = await translate(seen.map(summaryContent));
  const blocks: MailBlock[] = [];
  for (const r of seen) {
    const translation = views.get(contentKey('session_record', r.session_id)) ?? { language: r.language, translated: null, unavailable: false };
    const text = summaryWords({ text: textOf(r), translation });
    const { day } = formatWallClock(reader.locale, localDateTime(r.starts_at, reader.timeZone));
    blocks.push({ kind: 'paragraph', text: t('sessionRecord.mail.digestIntro', { day }) });
    blocks.push({ kind: 'list', items: SUMMARY_FIELDS.filter((f) => text[f].trim() !== '').map((f) => `${t(`sessionRecord.${f}`)}: ${text[f]}`) });
    if (translation.translated) blocks.push({ kind: 'paragraph', muted: true, text: t('sessionRecord.mail.translated', { language: languageName(reader.locale, translation.language ?? r.language) }) });
  }
  return blocks;
}

/**
 * For a progress report: the shared summaries of the sessions this reader sees that started in a
 * period, each in the report's language, oldest first. Never the clinical notes.
 */
export async function summariesBetween(
  db: Executor,
  reader: { userId: string; locale: Locale },
  access: ChildAccess,
  from: Date,
  to: Date,
  translate: TranslateContent,
): Promise<{ startsAt: Date; summary: SessionSummary }[]> {
  if (!access.permissions.includes('sessions.view')) return [];
  const sessions = (await sessionsInRange(db, reader.userId, [{ childId: access.childId, visibility: visibilityFor(access) }], from, to))
    .filter((s) => s.status === 'scheduled');
  const records = new Map((await findRecords(db, sessions.map((s) => s.id))).map((r) => [r.session_id, r]));
  const shown = await presentRecords(db, reader, access, sessions.map((s) => ({ sessionId: s.id, row: records.get(s.id) })), translate);
  return sessions.flatMap((s, i) => {
    const summary = shown[i]?.summary;
    return summary ? [{ startsAt: s.starts_at, summary }] : [];
  });
}

/**
 * Every session of the child the reader sees on the sessions page, and the summaries shared with
 * them (in the words written: no translation), oldest first; never a clinical note.
 */
export async function sessionsSeenBy(db: Executor, access: ChildAccess, reader: { userId: string; locale: Locale }) {
  if (!access.permissions.includes('sessions.view') && !access.permissions.includes('sessions.manage')) return { sessions: [], summaries: [] };
  const from = new Date(0);
  const to = new Date('9999-01-01T00:00:00Z');
  const sessions = await sessionsInRange(db, reader.userId, [{ childId: access.childId, visibility: visibilityFor(access) }], from, to);
  const summaries = await summariesBetween(db, reader, access, from, to, asWritten);
  return { sessions, summaries };
}

/** The clinicians' notes of these sessions (only ever for the clinic's own export and the clinicians' pages). */
export const clinicalNotesOf = (db: Executor, sessionIds: readonly string[]) => findNotes(db, sessionIds);
