// What goes into an archive: a child's record read through each feature's own reads, with exactly
// the reader's visibility (the family's archive), or the clinic's (the clinic export: what a
// therapist on the team sees, the clinicians' conversations and notes, never a family's
// conversation without a clinician nor an answer kept from clinicians). Nothing here writes SQL
// against another feature's tables.
import { inLanguage, type Locale } from '../../../contract/common.ts';
import { PERMISSIONS } from '../../../contract/access.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Deps } from '../../deps.ts';
import type { OwnerChecks } from '../../uploads/uploads.service.ts';
import { uploadsSeenBy } from '../../uploads/uploads.service.ts';
import { localDate } from '../children/calendar.ts';
import { findChild } from '../children/children.repository.ts';
import { checkinsSeenBy } from '../checkins/checkins.service.ts';
import { readableEntries } from '../journal/journal.repository.ts';
import { clinicKeepsMessage, messagesOfClinic, messagesSeenBy } from '../messages/messages.service.ts';
import { readMilestones } from '../milestones/milestones.service.ts';
import { planSeenBy } from '../plan/plan.service.ts';
import { practiceSeenBy } from '../practice/practice.service.ts';
import { childResources } from '../resources/resources.repository.ts';
import { presentChildResources } from '../resources/resources.service.ts';
import { clinicalNotesOf, sessionsSeenBy } from '../sessions/record.service.ts';
import { strategiesSeenBy, textForReader, withChildStrategyTranslations } from '../strategies/strategies.service.ts';
import { teamSeenBy } from '../team/team.service.ts';

export type ArchiveReader = { userId: string; name: string; locale: Locale };

/** A table of the archive: its JSON rows, and the same rows as CSV when the kind has one. */
export type Part = { name: string; rows: readonly unknown[]; csv?: { header: readonly string[]; rows: readonly (readonly Cell[])[] } };
export type Cell = string | number | boolean | null;
export type ArchiveFile = { path: string; storageKey: string; byteSize: number; sha256: string };
export type ChildRecord = { childId: string; name: string; parts: Part[]; files: ArchiveFile[]; manifest: unknown[] };

const camel = (k: string) => k.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());

/** A row as plain JSON: camelCase keys, times as ISO strings, bytes left out. */
export function plain(row: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (Buffer.isBuffer(v)) continue;
    out[camel(k)] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/heic': 'heic', 'video/mp4': 'mp4', 'video/webm': 'webm',
  'video/quicktime': 'mov', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'application/pdf': 'pdf',
};
const extensionOf = (type: string) => EXTENSIONS[type] ?? 'bin';

/** What a clinic's own export reads a child as: a therapist on the team, with every permission. */
export function clinicAccess(child: { id: string; clinicId: string }): ChildAccess {
  return {
    childId: child.id, clinicId: child.clinicId, role: 'therapist', memberId: null, household: null, isClinicAdmin: true,
    permissions: [...PERMISSIONS], discharged: false,
  };
}

const textOf = (l: Record<string, unknown> | undefined, locale: Locale): string => {
  const v = inLanguage(l, locale);
  return typeof v === 'string' ? v : '';
};

/**
 * The child's record for this reader. `clinic` set: the clinic's export (the reader is the
 * admin who asked; access is clinicAccess), with the clinicians' notes and conversations.
 */
export async function childRecord(deps: Pick<Deps, 'config' | 'db' | 'clock'>, reader: ArchiveReader, access: ChildAccess, owners: OwnerChecks, now: Date, clinic = false): Promise<ChildRecord> {
  const db = deps.db;
  const child = await findChild(db, access.childId);
  const today = localDate(now, child.time_zone);
  const [team, plan, practice, journal, conversations, milestones, strategies, checkins, sessions, resourceRows, uploads] = await Promise.all([
    teamSeenBy(db, access, reader.userId),
    planSeenBy(db, access),
    practiceSeenBy(db, access),
    readableEntries(db, access, reader.userId),
    clinic ? messagesOfClinic(db, access.childId) : messagesSeenBy(db, reader.userId, access.childId),
    access.permissions.includes('plan.view') ? readMilestones(db, reader.userId, [access], now, { all: true }) : Promise.resolve([]),
    strategiesSeenBy(db, access, reader.userId, today),
    checkinsSeenBy(db, access, reader.userId),
    sessionsSeenBy(db, access, reader),
    access.permissions.includes('plan.view') ? childResources(db, [access.childId]) : Promise.resolve([]),
    // The clinic's copy keeps the files of the conversations it keeps (its admin is in none of them).
    uploadsSeenBy(db, access, reader.userId, clinic ? { ...owners, message: (d, a, _u, id) => clinicKeepsMessage(d, a.childId, id) } : owners),
  ]);
  const resources = await presentChildResources(db, access, reader.userId, resourceRows);
  // Each strategy in the reader's language too: the clinic's own translated when not written in it.
  const strategiesRead = (await withChildStrategyTranslations(deps, access.clinicId, strategies.strategies, reader.locale))
    .map((s) => ({ ...s, inReaderLanguage: textForReader(s.strategy, reader.locale) }));
  const goalStatement = new Map(plan.goals.map((g) => [g.id, g.statement]));
  const itemTitle = new Map(practice.items.map((i) => [i.id, i.title]));
  const everySession = sessions.sessions.length > 0 && access.permissions.includes('sessions.manage');

  const parts: Part[] = [
    { name: 'team', rows: team },
    { name: 'goals', rows: plan.goals.map(plain) },
    {
      name: 'measurements', rows: plan.measurements.map(plain),
      csv: {
        header: ['date', 'goal', 'value', 'opportunities', 'setting', 'recorded_by', 'note'],
        rows: plan.measurements.map((m) => [m.measured_on, goalStatement.get(m.goal_id) ?? '', m.value, m.opportunities, m.setting, m.recorded_by_name, m.note]),
      },
    },
    { name: 'practice-items', rows: practice.items.map(plain) },
    {
      name: 'practice-logs', rows: practice.logs.map(plain),
      csv: {
        header: ['date', 'practice', 'outcome', 'minutes', 'how_it_went', 'logged_by', 'note'],
        rows: practice.logs.map((l) => [l.practice_date, itemTitle.get(l.item_id) ?? '', l.outcome, l.minutes, l.how_it_went, l.logged_by_name, l.note]),
      },
    },
    {
      name: 'journal', rows: journal.map(plain),
      csv: {
        header: ['date', 'time', 'kind', 'visibility', 'written_by', 'flagged', 'content'],
        rows: journal.map((e) => [e.entry_date, e.entry_time?.slice(0, 5) ?? null, e.kind, e.visibility, e.author_name, e.flagged, JSON.stringify(e.content)]),
      },
    },
    { name: 'conversations', rows: conversations.conversations.map(plain) },
    { name: 'messages', rows: conversations.messages.map(plain) },
    { name: 'milestones', rows: milestones },
    { name: 'strategies', rows: strategiesRead },
    { name: 'strategy-uses', rows: strategies.uses.map(plain) },
    {
      name: 'checkins', rows: checkins.map(({ definition, ...r }) => ({ ...plain(r), form: textOf((definition as { title?: Record<string, unknown> }).title, reader.locale) })),
      csv: {
        header: ['due_date', 'form', 'respondent', 'setting', 'status', 'score', 'answers'],
        rows: checkins.map((r) => [r.due_date, textOf((r.definition as { title?: Record<string, unknown> }).title, reader.locale), r.respondent_name, r.setting, r.status, r.score, JSON.stringify(r.answers)]),
      },
    },
    {
      // Who else was invited, and their answers, only for those who see every session (as on the sessions page).
      name: 'sessions', rows: sessions.sessions.map(({ invitees, ...s }) => ({
        ...plain(s), ...(everySession ? { invitees: invitees.map(plain) } : { myAnswer: invitees.find((i) => i.user_id === reader.userId)?.response ?? null }),
      })),
    },
    { name: 'session-summaries', rows: sessions.summaries.map((s) => ({ startsAt: s.startsAt.toISOString(), ...s.summary })) },
    { name: 'resources', rows: resources.map(({ fileUrl: _url, ...r }) => r) },
  ];
  if (clinic) {
    parts.push({ name: 'clinical-notes', rows: (await clinicalNotesOf(db, sessions.sessions.map((s) => s.id))).map(plain) });
  }

  const files = uploads.map((u) => ({ path: `files/${u.id}.${extensionOf(u.content_type)}`, storageKey: u.storage_key, byteSize: u.byte_size, sha256: u.sha256 }));
  const manifest = uploads.map((u, i) => ({
    id: u.id, path: files[i]?.path, purpose: u.purpose, contentType: u.content_type, byteSize: u.byte_size, sha256: u.sha256,
    belongsTo: { type: u.owner_type, id: u.owner_id }, createdAt: u.created_at.toISOString(),
  }));
  parts.unshift({
    name: 'child',
    rows: [{
      id: child.id, clinic: child.clinic_name, firstName: child.first_name, lastName: child.last_name, birthDate: child.birth_date, pronouns: child.pronouns,
      therapyTypes: child.therapy_types,
      profile: {
        languages: child.languages, cultureValues: child.culture_values, routines: child.routines, motivators: child.motivators,
        contactChannel: child.contact_channel, contactHours: child.contact_hours, timeZone: child.time_zone,
      },
      discharge: child.discharged_at ? { at: child.discharged_at.toISOString(), by: child.discharged_by_name, reason: child.discharge_reason, purgeAfter: child.purge_after?.toISOString() ?? null } : null,
    }],
  });
  parts.push({ name: 'files', rows: manifest });
  return { childId: child.id, name: `${child.first_name} ${child.last_name}`.trim(), parts, files, manifest };
}
