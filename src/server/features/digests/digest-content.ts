// What one person's weekly digest says, in their language. Families: per child, practice done
// against planned, wins, how each goal is going (the same sentence as above the goal's chart),
// what is on for practice, and the therapist's note. Clinicians: who logged this week and who
// did not, and goals needing attention. Each part is read with the reader's own permissions on
// the child, so a digest never says more than the app would show them.
import { sql } from 'kysely';
import type { Locale } from '../../../contract/common.ts';
import { formatList, languageName, weekdayName } from '../../../contract/format.ts';
import { trendSentence } from '../../../contract/trend-sentence.ts';
import { loadChildAccess, type ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import { mailText, type MailBlock, type MailContent } from '../../mail/templates.ts';
import { goalsNeedingAttention } from '../plan/attention.ts';
import { trendOf } from '../plan/trend.ts';
import { plannedBetween } from '../practice/schedule.ts';
import { addDays } from '../children/calendar.ts';
import { summaryDigestBlocks } from '../sessions/record.service.ts';
import type { ContentTranslation } from '../../../contract/translation.ts';
import { goalContent } from '../plan/plan.service.ts';
import { practiceContent } from '../practice/practice.service.ts';
import { contentKey, localesOf, type TranslatableContent } from '../translation/content-translation.service.ts';

export type DigestReader = {
  userId: string; name: string; locale: Locale; clinicName: string; publicUrl: string; weekday: number; time: string;
  /** The content in the email itself (chosen knowing email is not private); else only that it is ready. */
  details: boolean;
  /** Goals, practice items, session summaries and the therapist's note in the reader's language (cached, or made now); none: as written. */
  translateContent: (items: readonly TranslatableContent[]) => Promise<Map<string, ContentTranslation>>;
};
type T = ReturnType<typeof mailText>;

/** "17:00" as the reader says it: "5:00 PM", "17:00". */
export function clockTime(locale: Locale, time: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(`1970-01-01T${time.slice(0, 5)}:00Z`));
}

type ChildRow = { id: string; first_name: string; last_name: string; time_zone: string };

/** Practice in the window: the latest word on each item and day counts once, against what was planned. */
async function practiceOf(db: Executor, childId: string, from: string, to: string) {
  const items = await db.selectFrom('practice_item').selectAll().where('child_id', '=', childId)
    .where('start_date', '<=', to).where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', from)]))
    .orderBy('created_at').execute();
  const logs = items.length === 0 ? [] : await db.selectFrom('practice_log').select(['item_id', 'practice_date', 'outcome', 'created_at'])
    .where('child_id', '=', childId).where('practice_date', '>=', from).where('practice_date', '<=', to).orderBy('created_at').execute();
  const latest = new Map<string, string>();
  for (const l of logs) latest.set(`${l.item_id}:${l.practice_date}`, l.outcome);
  const done = [...latest.values()].filter((o) => o !== 'skipped').length;
  const planned = items.filter((i) => i.status === 'active')
    .reduce((sum, i) => sum + plannedBetween({ rule: i.rule, timesPerWeek: i.times_per_week, startDate: i.start_date, endDate: i.end_date }, from, to), 0);
  return { done, planned, active: items.filter((i) => i.status === 'active') };
}

type NoteRow = { child_id: string; clinic_id: string; text: string; locale: string };

/** The therapist's note as translation sees it: one per child (its id is the child's), in its writer's language. */
export const noteContent = (n: NoteRow): TranslatableContent => ({
  type: 'digest_note', id: n.child_id, clinicId: n.clinic_id, childId: n.child_id, fields: { body: n.text }, language: n.locale,
});

/**
 * The child's note for the family's digest, for a therapist of the child who may translate it by
 * hand (plan.edit); null when there is none. The id is the child's.
 */
export async function digestNoteForTranslation(db: Executor, access: ChildAccess, id: string): Promise<TranslatableContent | null> {
  if (id !== access.childId || access.role !== 'therapist' || !access.permissions.includes('plan.edit')) return null;
  const note = await db.selectFrom('digest_note as n').innerJoin('app_user as u', 'u.id', 'n.written_by')
    .select(['n.child_id', 'n.clinic_id', 'n.text', 'u.locale']).where('n.child_id', '=', access.childId).where('n.text', '<>', '').executeTakeFirst();
  return note ? noteContent(note) : null;
}

/**
 * The therapist's note in the reader's language: as written when the therapist writes in it (or
 * no translation can be made now), else a clinician's own translation of this wording, else the
 * machine's (content_translation, made once per wording and language). `from` names the language
 * it was translated from, `by` who translated it.
 */
async function noteFor(reader: Pick<DigestReader, 'translateContent'>, note: NoteRow): Promise<{ text: string; from: string | null; by: 'machine' | 'human' | null }> {
  const view = (await reader.translateContent([noteContent(note)])).get(contentKey('digest_note', note.child_id));
  const text = view?.translated?.fields.body;
  if (!view?.translated || text === undefined) return { text: note.text, from: null, by: null };
  return { text, from: view.language ?? note.locale, by: view.translated.by };
}

/** The words of a goal or practice item as the reader reads them: translated when there is a translation. */
function wordsOf(views: ReadonlyMap<string, ContentTranslation>, item: TranslatableContent, field: string): string {
  return views.get(contentKey(item.type, item.id))?.translated?.fields[field] ?? item.fields[field] ?? '';
}

async function familySection(db: Executor, t: T, locale: Locale, reader: Pick<DigestReader, 'translateContent'>, child: ChildRow, access: ChildAccess, from: string, to: string, since: Date, userId: string): Promise<MailBlock[]> {
  const blocks: MailBlock[] = [];
  const can = (p: ChildAccess['permissions'][number]) => access.permissions.includes(p);
  const p = can('practice.view') ? await practiceOf(db, child.id, from, to) : null;
  const goals = can('plan.view')
    ? await db.selectFrom('goal').select(['id', 'clinic_id', 'child_id', 'statement', 'why_it_matters', 'created_by', 'status', 'measure', 'baseline', 'target', 'lower_is_better', 'target_date'])
      .where('child_id', '=', child.id).where('status', '=', 'agreed').orderBy('priority').orderBy('created_at').limit(6).execute()
    : [];
  // Goals and practice named in the digest, in the reader's language: all translated together.
  const locales = await localesOf(db, [...(p?.active ?? []).map((i) => i.created_by), ...goals.map((g) => g.created_by)]);
  const practiceItems = (p?.active ?? []).map((i) => practiceContent(i, locales));
  const goalItems = goals.map((g) => goalContent(g, locales));
  const views = await reader.translateContent([...practiceItems, ...goalItems]);
  if (p) {
    if (p.planned > 0 && p.done === 0) blocks.push({ kind: 'paragraph', text: t('mail.digest.practiceNone', { child: child.first_name }) });
    else if (p.planned > 0) blocks.push({ kind: 'paragraph', text: t(p.done >= p.planned ? 'mail.digest.practiceAll' : 'mail.digest.practiceSome', { done: p.done, planned: p.planned }) });
    else if (p.done > 0) blocks.push({ kind: 'paragraph', text: t('mail.digest.practiceDone', { done: p.done }) });
    if (p.active.length > 0) blocks.push({ kind: 'paragraph', text: t('mail.digest.practiceNext', { items: formatList(locale, practiceItems.map((i) => wordsOf(views, i, 'title'))) }) });
  }
  if (can('plan.view')) {
    const wins = await db.selectFrom('milestone').select(['kind', 'title']).where('child_id', '=', child.id)
      .where('happened_on', '>=', from).where('happened_on', '<=', to).orderBy('happened_on').orderBy('created_at').limit(8).execute();
    if (wins.length > 0) {
      blocks.push({ kind: 'paragraph', text: t('mail.digest.winsTitle', { count: wins.length }) });
      blocks.push({ kind: 'list', items: wins.map((w) => (w.kind === 'goal_met' ? t('mail.digest.goalMet', { title: w.title }) : w.title)) });
    }
    const points = goals.length === 0 ? [] : await db.selectFrom('measurement').select(['goal_id', 'measured_on', 'value'])
      .where('goal_id', 'in', goals.map((g) => g.id)).where('measured_on', '>=', sql<string>`${addDays(to, -120)}::date`).execute();
    const lines = goals.flatMap((g, i) => {
      const trend = trendOf({ status: g.status, measure: g.measure, baseline: g.baseline, target: g.target, lowerIsBetter: g.lower_is_better, targetDate: g.target_date },
        points.filter((p) => p.goal_id === g.id).map((p) => ({ date: p.measured_on, value: p.value })), to);
      return trend.kind === 'no_data' ? [] : [t('mail.digest.goalLine', { goal: goalItems[i] ? wordsOf(views, goalItems[i], 'statement') : g.statement, sentence: trendSentence({ trend, lowerIsBetter: g.lower_is_better }, t) })];
    });
    if (lines.length > 0) {
      blocks.push({ kind: 'paragraph', text: t('mail.digest.goalsTitle') });
      blocks.push({ kind: 'list', items: lines });
    }
  }
  const note = await db.selectFrom('digest_note as n').innerJoin('app_user as u', 'u.id', 'n.written_by')
    .select(['n.child_id', 'n.clinic_id', 'n.text', 'u.name', 'u.locale'])
    .where('n.child_id', '=', child.id).where('n.updated_at', '>', since).where('n.text', '<>', '').executeTakeFirst();
  if (note) {
    const shown = await noteFor(reader, note);
    const language = shown.from ? languageName(locale, shown.from) : undefined;
    const by = !language ? t('mail.digest.noteBy', { name: note.name })
      : shown.by === 'human' ? t('mail.digest.noteByTranslatedPerson', { name: note.name, language }) : t('mail.digest.noteByTranslated', { name: note.name, language });
    blocks.push({ kind: 'quote', text: shown.text, by });
  }
  blocks.push(...(await summaryDigestBlocks(db, t, { userId, locale, timeZone: child.time_zone }, access, since, reader.translateContent)));
  // Upcoming sessions join here once the sessions feature lands (child appointments in the next week).
  return blocks.length > 0 ? [{ kind: 'heading', text: child.first_name }, ...blocks] : [];
}

/** Unanswered messages per child of a caseload, for the clinician's summary. */
export async function unansweredMessages(db: Executor, userId: string, childIds: readonly string[]): Promise<Map<string, number>> {
  if (childIds.length === 0) return new Map();
  // Messages from others since the reader last wrote in that conversation, in conversations the
  // reader belongs to (a child's team conversation, or a smaller one they have not left).
  const rows = await sql<{ child_id: string; n: number }>`
    SELECT m.child_id, count(*)::int AS n
    FROM message m JOIN conversation c ON c.id = m.conversation_id
    WHERE m.child_id IN (${sql.join(childIds)}) AND m.retracted_at IS NULL AND m.author_id <> ${userId}
      AND (c.kind = 'team' OR EXISTS (SELECT 1 FROM conversation_member cm
        WHERE cm.conversation_id = c.id AND cm.user_id = ${userId} AND cm.removed_at IS NULL))
      AND m.seq > coalesce((SELECT max(mine.seq) FROM message mine WHERE mine.conversation_id = m.conversation_id AND mine.author_id = ${userId}), 0)
    GROUP BY m.child_id`.execute(db);
  return new Map(rows.rows.map((r) => [r.child_id, r.n]));
}

async function caseloadSection(db: Executor, t: T, reader: DigestReader, children: ChildRow[], window: { from: string; to: string }, now: Date): Promise<MailBlock[]> {
  if (children.length === 0) return [];
  const ids = children.map((c) => c.id);
  // Family logs only: practice and journal entries by guardians and caregivers, and only
  // journal entries a therapist may read.
  const practice = await db.selectFrom('practice_log').select(['child_id', sql<number>`count(*)::int`.as('n')])
    .where('child_id', 'in', ids).where('practice_date', '>=', window.from).where('practice_date', '<=', window.to).where('logger_role', 'in', ['guardian', 'caregiver'])
    .groupBy('child_id').execute();
  const journal = await db.selectFrom('journal_entry').select(['child_id', sql<number>`count(*)::int`.as('n')])
    .where('child_id', 'in', ids).where('entry_date', '>=', window.from).where('entry_date', '<=', window.to).where('author_role', 'in', ['guardian', 'caregiver'])
    .where('visibility', 'in', ['team', 'therapists']).groupBy('child_id').execute();
  const withPractice = new Set((await db.selectFrom('practice_item').select('child_id').distinct().where('child_id', 'in', ids).where('status', '=', 'active').execute()).map((r) => r.child_id));
  const p = new Map(practice.map((r) => [r.child_id, r.n]));
  const j = new Map(journal.map((r) => [r.child_id, r.n]));
  const label = (c: ChildRow) => `${c.first_name} ${c.last_name.slice(0, 1)}.`.trim();
  const logged = children.filter((c) => (p.get(c.id) ?? 0) + (j.get(c.id) ?? 0) > 0);
  const quiet = children.filter((c) => !logged.includes(c) && withPractice.has(c.id));
  const attention = await goalsNeedingAttention(db, ids, now);
  const blocks: MailBlock[] = [
    { kind: 'heading', text: t('mail.digest.caseloadTitle') },
    { kind: 'paragraph', text: t('mail.digest.caseloadSummary', { logged: logged.length, total: children.length }) },
  ];
  if (logged.length > 0) {
    blocks.push({ kind: 'paragraph', text: t('mail.digest.loggedTitle') });
    blocks.push({ kind: 'list', items: logged.map((c) => t('mail.digest.loggedLine', { child: label(c), practice: p.get(c.id) ?? 0, journal: j.get(c.id) ?? 0 })) });
  }
  if (quiet.length > 0) {
    blocks.push({ kind: 'paragraph', text: t('mail.digest.quietTitle') });
    blocks.push({ kind: 'list', items: quiet.map(label) });
  }
  const needing = children.filter((c) => (attention.get(c.id) ?? 0) > 0);
  if (needing.length > 0) {
    blocks.push({ kind: 'paragraph', text: t('mail.digest.attentionTitle') });
    blocks.push({ kind: 'list', items: needing.map((c) => t('mail.digest.attentionLine', { child: label(c), count: attention.get(c.id) ?? 0 })) });
  }
  const unanswered = await unansweredMessages(db, reader.userId, ids);
  const waiting = children.filter((c) => (unanswered.get(c.id) ?? 0) > 0);
  if (waiting.length > 0) {
    blocks.push({ kind: 'paragraph', text: t('mail.digest.unansweredTitle') });
    blocks.push({ kind: 'list', items: waiting.map((c) => t('mail.digest.unansweredLine', { child: label(c), count: unanswered.get(c.id) ?? 0 })) });
  }
  return blocks;
}

/**
 * The digest for one person for the week ending `to`, or null when there is nothing to say: no
 * child with practice, goals, wins or a note, and no caseload. A family whose week was quiet
 * still hears from us (a kind line and what is on next), because those are the families a
 * therapist most wants to keep close; a family whose plan has not started yet does not.
 */
export async function buildDigest(db: Executor, reader: DigestReader, window: { from: string; to: string }, now: Date): Promise<MailContent | null> {
  const t = mailText(reader.locale);
  const memberships = await db.selectFrom('care_team_member as m').innerJoin('child as c', 'c.id', 'm.child_id')
    .select(['c.id', 'c.first_name', 'c.last_name', 'c.time_zone', 'm.role'])
    .where('m.user_id', '=', reader.userId).where('m.revoked_at', 'is', null).where('m.role', 'in', ['guardian', 'caregiver', 'therapist'])
    .orderBy('c.first_name').orderBy('c.last_name').execute();
  const access = await loadChildAccess(db, reader.userId, memberships.map((m) => m.id));
  const since = new Date(now.getTime() - 7 * 86_400_000);
  const family: MailBlock[] = [];
  const familyNames: string[] = [];
  for (const m of memberships) {
    const a = access.get(m.id);
    if (!a || (a.role !== 'guardian' && a.role !== 'caregiver')) continue;
    const section = await familySection(db, t, reader.locale, reader, m, a, window.from, window.to, since, reader.userId);
    if (section.length > 0) {
      family.push(...section);
      familyNames.push(m.first_name);
    }
  }
  const caseload = memberships.filter((m) => access.get(m.id)?.role === 'therapist');
  const clinician = await caseloadSection(db, t, reader, caseload, window, now);
  if (family.length === 0 && clinician.length === 0) return null;
  const weekday = weekdayName(reader.locale, reader.weekday);
  const footer = t('mail.digest.footer', { weekday, time: clockTime(reader.locale, reader.time) });
  if (!reader.details) {
    // No child's name and no word of progress leaves CareTeam unless the reader chose it.
    return {
      subject: t('mail.digest.subjectReady'),
      greeting: t('mail.greeting', { name: reader.name }),
      blocks: [{ kind: 'paragraph', text: t('mail.digest.readyIntro') }],
      action: { label: t('mail.digest.actionRead'), url: `${reader.publicUrl}/` },
      footer: [t('mail.digest.readyPrivacy'), footer],
      signature: t('mail.signature', { clinic: reader.clinicName }),
    };
  }
  const list = formatList(reader.locale, familyNames);
  const subject = family.length > 0 && clinician.length === 0
    ? t('mail.digest.subjectFamily', { children: list, count: familyNames.length })
    : family.length === 0 ? t('mail.digest.subjectCaseload') : t('mail.digest.subjectBoth');
  return {
    subject,
    greeting: t('mail.greeting', { name: reader.name }),
    blocks: [
      { kind: 'paragraph', text: family.length > 0 ? t('mail.digest.introFamily') : t('mail.digest.introCaseload') },
      ...family,
      ...clinician,
    ],
    action: family.length > 0 ? { label: t('mail.digest.actionFamily'), url: `${reader.publicUrl}/` } : { label: t('mail.digest.actionCaseload'), url: `${reader.publicUrl}/` },
    footer: [footer],
    signature: t('mail.signature', { clinic: reader.clinicName }),
  };
}
