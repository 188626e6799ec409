import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../contract/session-record.ts';
import { loadChildAccess } from '../../access/access.ts';
import { grantClinicalNoteDefault } from '../../db/migrations/0022-session-record.ts';
import { addMember, buildSignedInTeam, buildUser, signIn, type TestClient, type TestContext, withTranslator } from '../../../../test/support.ts';
import type { TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import { sweepDigests } from '../digests/digests.ts';
import { findRecords } from './record.repository.ts';
import { asWritten, presentRecords } from './record.service.ts';

/**
 * The record of a session on a real database: the therapist marks who attended and writes a
 * summary for the family and a private clinical note, each corrected later with every version
 * kept; the family is told once; a Spanish-reading guardian reads the summary in Spanish with the
 * original at hand; and the note never reaches a guardian, caregiver or teacher by any route,
 * email, notification or digest.
 */

let t: TestContext;
let standIn: TranslateStandIn;
withTranslator((made) => ({ t, standIn } = made));

const at = (iso: string) => t.clock.set(new Date(iso));
/** The clinical note's words: a test fails if any of them shows up where a family member reads. */
const NOTE = 'Suspected apraxia of speech; reassess oral praxis next visit.';
const LEAK = /apraxia|praxis/i;
const SUMMARY = {
  workedOn: 'Asking for help with two words during play.',
  wentWell: 'He waited for his turn three times.',
  toPractise: 'Ask for more at snack time, every day.',
};

async function team() {
  at('2026-11-26T15:00:00Z'); // Thursday, 09:00 in Chicago
  const f = await buildSignedInTeam(t);
  const url = `/api/children/${f.child.id}`;
  // A Spanish-reading guardian, and everyone in the family and the teacher able to see sessions.
  const ana = await buildUser(t.db, 'Ana Madre', 'es');
  await addMember(t.db, f.child, ana, 'guardian', { household: 'Home' });
  const ac = await signIn(t.app, ana.email);
  for (const u of [f.caregiver, f.teacher]) {
    await t.ownerDb.updateTable('care_team_member').set((eb) => ({ permissions: eb.fn('array_append', [eb.ref('permissions'), eb.val('sessions.view')]) }))
      .where('child_id', '=', f.child.id).where('user_id', '=', u.id).execute();
  }
  await t.heard();
  // Tuesday's session at 16:00 in Chicago, the family and the teacher invited: it has started by now.
  const made = await f.tc.post(`${url}/sessions`, {
    kind: 'therapy', place: 'clinic', date: '2026-11-24', time: '16:00', durationMinutes: 45, invitees: [f.teacher.id], familyInvited: true,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const session = made.body.sessions[0] as { id: string };
  const item = await f.tc.post(`${url}/practice`, {
    title: 'More at snack time', steps: ['Hold the snack', 'Wait for “more”'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: '2026-11-16',
  });
  expect(item.status, JSON.stringify(item.body)).toBe(201);
  const starter = await t.db.selectFrom('strategy').select('id').where('clinic_id', 'is', null).orderBy('starter_key').executeTakeFirstOrThrow();
  const strategy = await t.db.insertInto('child_strategy').values({
    clinic_id: f.child.clinicId, child_id: f.child.id, strategy_id: starter.id, settings: ['home'], created_by: f.therapist.id, updated_at: new Date(),
  }).returning('id').executeTakeFirstOrThrow();
  return {
    ...f, ana, ac, url, session, itemId: item.body.id as string, strategyId: strategy.id,
    recordUrl: `${url}/sessions/${session.id}/record`, noteUrl: `${url}/sessions/${session.id}/clinical-note`,
  };
}

type Team = Awaited<ReturnType<typeof team>>;

async function record(f: Team) {
  const res = await f.tc.put(f.recordUrl, { attendees: [f.therapist.id, f.guardian.id], ...SUMMARY, practiceItemIds: [f.itemId], strategyIds: [f.strategyId] });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const note = await f.tc.put(f.noteUrl, { text: NOTE });
  expect(note.status, JSON.stringify(note.body)).toBe(200);
  return res.body;
}

const summaryNotifications = (userId: string) => t.db.selectFrom('notification').selectAll().where('user_id', '=', userId).where('kind', '=', 'session_summary').execute();

describe('recording a session', () => {
  it('saves attendance, the family summary with its links and the private note, once the session has started', async () => {
    const f = await team();
    // Not before it starts, and never once cancelled.
    const later = await f.tc.post(`${f.url}/sessions`, { kind: 'therapy', place: 'clinic', date: '2026-12-01', time: '16:00', durationMinutes: 45 });
    const laterUrl = `${f.url}/sessions/${later.body.sessions[0].id}`;
    expect((await f.tc.put(`${laterUrl}/record`, SUMMARY)).status).toBe(409);
    expect((await f.tc.put(`${laterUrl}/clinical-note`, { text: NOTE })).status).toBe(409);

    const saved = await record(f);
    expect(saved).toMatchObject({
      sessionId: f.session.id, attendees: [f.therapist.id, f.guardian.id], version: 1,
      summary: { text: SUMMARY, translation: { language: 'en', translated: null, unavailable: false }, practiceItems: [{ id: f.itemId, title: 'More at snack time' }], writtenBy: 'Theo Therapist', edited: false },
    });
    expect(saved.summary.strategies).toEqual([{ id: f.strategyId, name: expect.any(String) }]);
    expect(JSON.stringify(saved)).not.toMatch(LEAK);
    const note = await f.tc.get(f.noteUrl);
    expect(note.body).toMatchObject({ sessionId: f.session.id, note: { text: NOTE, version: 1, writtenBy: 'Theo Therapist' } });

    // Audited without a word of either.
    const audits = await t.db.selectFrom('audit_event').select(['action', 'details']).where('child_id', '=', f.child.id).where('action', 'like', 'session.%').execute();
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(['session.record', 'session.clinical_note', 'session.clinical_note_read']));
    expect(JSON.stringify(audits)).not.toMatch(/apraxia|snack|turn/i);
  });

  it('keeps every version of a correction, tells the family only the first time, and refuses a stale correction', async () => {
    const f = await team();
    await record(f);
    const told = await summaryNotifications(f.guardian.id);
    expect(told).toHaveLength(1);
    expect(told[0]?.target).toEqual({ sessionId: f.session.id });

    t.clock.advance(60_000);
    const fixed = await f.tc.put(f.recordUrl, { attendees: [f.therapist.id, f.guardian.id, f.ana.id], ...SUMMARY, wentWell: 'He waited for his turn four times.', expectedVersion: 1 });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(200);
    expect(fixed.body).toMatchObject({ version: 2, summary: { text: { wentWell: 'He waited for his turn four times.' }, edited: true } });
    expect(await summaryNotifications(f.guardian.id)).toHaveLength(1);
    expect(await summaryNotifications(f.ana.id)).toHaveLength(1);
    // Someone working from version 1 is told it changed, and nothing is written.
    const stale = await f.tc.put(f.recordUrl, { ...SUMMARY, expectedVersion: 1 });
    expect(stale.status).toBe(409);
    const versions = await t.db.selectFrom('session_record_version').select(['version', 'content']).where('session_id', '=', f.session.id).orderBy('version').execute();
    expect(versions.map((v) => [v.version, (v.content as { wentWell: string }).wentWell])).toEqual([[1, SUMMARY.wentWell], [2, 'He waited for his turn four times.']]);

    const note2 = await f.tc.put(f.noteUrl, { text: `${NOTE} Refer to SLP lead.`, expectedVersion: 1 });
    expect(note2.body.note.version).toBe(2);
    expect((await f.tc.put(f.noteUrl, { text: 'x', expectedVersion: 1 })).status).toBe(409);
    const noteVersions = await t.db.selectFrom('session_clinical_note_version').select(['version', 'text']).where('session_id', '=', f.session.id).orderBy('version').execute();
    expect(noteVersions).toEqual([{ version: 1, text: NOTE }, { version: 2, text: `${NOTE} Refer to SLP lead.` }]);
    // The history cannot be rewritten from the app's connection.
    await expect(t.db.updateTable('session_clinical_note_version').set({ text: 'gone' }).where('session_id', '=', f.session.id).execute()).rejects.toThrow();
  });

  it('answers 400 naming the field, and 404 for someone else’s child, changing nothing', async () => {
    const f = await team();
    const stranger = await buildUser(t.db, 'Stranger');
    const bad: [Record<string, unknown>, string][] = [
      [{ attendees: [stranger.id] }, 'attendees'],
      [{ attendees: ['nope'] }, 'attendees'],
      [{ practiceItemIds: [randomUUID()] }, 'practiceItemIds'],
      [{ strategyIds: [randomUUID()] }, 'strategyIds'],
      [{ workedOn: 'x'.repeat(2001) }, 'workedOn'],
      [{ toPractise: 5 }, 'toPractise'],
      [{ secret: 'x' }, 'secret'],
    ];
    for (const [body, field] of bad) {
      const res = await f.tc.put(f.recordUrl, { ...SUMMARY, ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.body.error), JSON.stringify(body)).toContain(field);
    }
    expect((await f.tc.put(f.noteUrl, { text: '' })).status).toBe(400);

    const other = await team();
    await record(other);
    const before = JSON.stringify(await t.db.selectFrom('session_record').selectAll().where('session_id', '=', other.session.id).execute());
    // Another child's therapist, through that child's address or their own.
    expect((await f.tc.put(other.recordUrl, SUMMARY)).status).toBe(404);
    expect((await f.tc.get(other.noteUrl)).status).toBe(404);
    expect((await f.tc.put(other.noteUrl, { text: 'Mine now' })).status).toBe(404);
    expect((await f.tc.put(`${f.url}/sessions/${other.session.id}/record`, SUMMARY)).status).toBe(404);
    expect((await f.tc.get(`${f.url}/sessions/${other.session.id}/clinical-note`)).status).toBe(404);
    expect((await f.tc.get(`${f.url}/sessions/nope/record`)).status).toBe(404);
    expect(JSON.stringify(await t.db.selectFrom('session_record').selectAll().where('session_id', '=', other.session.id).execute())).toBe(before);
    expect((await other.tc.get(other.noteUrl)).body.note.text).toBe(NOTE);
  });
});

describe('every past session’s record at once', () => {
  it('reads the records of the sessions that have started in a range, each reader their share; the notes only for clinicians', async () => {
    const f = await team();
    await record(f);
    // A session still to come has no record to read; a cancelled one neither.
    expect((await f.tc.post(`${f.url}/sessions`, { kind: 'therapy', place: 'clinic', date: '2026-12-01', time: '16:00', durationMinutes: 45 })).status).toBe(201);
    const gone = await f.tc.post(`${f.url}/sessions`, { kind: 'therapy', place: 'clinic', date: '2026-11-25', time: '10:00', durationMinutes: 45, familyInvited: true });
    expect((await f.tc.post(`${f.url}/sessions/${gone.body.sessions[0].id}/cancel`, { reason: 'Ill' })).status).toBe(200);
    const range = `from=${encodeURIComponent('2026-11-01T00:00:00Z')}&to=${encodeURIComponent('2026-12-31T00:00:00Z')}`;

    const mine = await f.tc.get(`${f.url}/session-records?${range}`);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.records).toEqual([(await f.tc.get(f.recordUrl)).body]);
    const notes = await f.tc.get(`${f.url}/session-clinical-notes?${range}`);
    expect(notes.status).toBe(200);
    expect(notes.body.notes).toEqual([{ sessionId: f.session.id, note: expect.objectContaining({ text: NOTE, version: 1 }) }]);
    // One audited read for each list.
    const audits = await t.db.selectFrom('audit_event').select(['action', 'subject_type']).where('child_id', '=', f.child.id).where('action', 'in', ['session.records_read', 'session.clinical_notes_read']).execute();
    expect(audits).toEqual(expect.arrayContaining([{ action: 'session.records_read', subject_type: 'child' }, { action: 'session.clinical_notes_read', subject_type: 'child' }]));
    expect(audits).toHaveLength(2);

    for (const [who, c] of [['guardian', f.gc], ['Spanish guardian', f.ac], ['caregiver', f.cc], ['teacher', f.teach]] as const) {
      const list = await c.get(`${f.url}/session-records?${range}`);
      expect(list.status, who).toBe(200);
      expect(list.body.records, who).toEqual([expect.objectContaining({ sessionId: f.session.id, attendees: null, version: null, summary: expect.objectContaining({ text: SUMMARY }) })]);
      expect(JSON.stringify(list.body), who).not.toMatch(LEAK);
      expect((await c.get(`${f.url}/session-clinical-notes?${range}`)).status, who).toBe(404);
    }
    // A range the wrong way round, or too long, names its end.
    const backwards = await f.tc.get(`${f.url}/session-records?from=${encodeURIComponent('2026-12-01T00:00:00Z')}&to=${encodeURIComponent('2026-11-01T00:00:00Z')}`);
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.message).toContain('to');
    expect((await f.tc.get(`${f.url}/session-records`)).status).toBe(400);
    expect((await t.client().get(`${f.url}/session-records?${range}`)).status).toBe(401);
    const other = await team();
    expect((await other.tc.get(`${f.url}/session-records?${range}`)).status).toBe(404);
    expect((await other.tc.get(`${f.url}/session-clinical-notes?${range}`)).status).toBe(404);
  });

  it('reads every record’s own links in their order, in as many queries for a page of records as for one', async () => {
    const f = await team();
    await record(f);
    // Two more past sessions: one linking a second item before the first and no strategy, one linking nothing.
    const second = await f.tc.post(`${f.url}/practice`, {
      title: 'Wave goodbye', steps: ['Wave'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: '2026-11-16',
    });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const ids: string[] = [];
    for (const time of ['10:00', '12:00']) {
      const made = await f.tc.post(`${f.url}/sessions`, { kind: 'therapy', place: 'clinic', date: '2026-11-25', time, durationMinutes: 45, familyInvited: true });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      ids.push(made.body.sessions[0].id);
    }
    const [both, none] = ids as [string, string];
    expect((await f.tc.put(`${f.url}/sessions/${both}/record`, { ...SUMMARY, practiceItemIds: [second.body.id, f.itemId], strategyIds: [] })).status).toBe(200);
    expect((await f.tc.put(`${f.url}/sessions/${none}/record`, SUMMARY)).status).toBe(200);
    const range = `from=${encodeURIComponent('2026-11-01T00:00:00Z')}&to=${encodeURIComponent('2026-12-31T00:00:00Z')}`;

    for (const c of [f.tc, f.gc]) {
      const list = await c.get(`${f.url}/session-records?${range}`);
      expect(list.status).toBe(200);
      const one = await Promise.all([f.session.id, both, none].map(async (id) => (await c.get(`${f.url}/sessions/${id}/record`)).body));
      expect(list.body.records).toEqual(one);
    }
    const listed = (await f.tc.get(`${f.url}/session-records?${range}`)).body.records as SessionRecord[];
    expect(listed.map((r) => [r.summary?.practiceItems.map((p) => p.title), r.summary?.strategies.map((x) => x.id)])).toEqual([
      [['More at snack time'], [f.strategyId]], [['Wave goodbye', 'More at snack time'], []], [[], []],
    ]);

    // The queries of a page of three records are those of one.
    let queries = 0;
    const counted = t.db.withPlugin({ transformQuery: (a) => { queries += 1; return a.node; }, transformResult: async (a) => a.result });
    const access = (await loadChildAccess(t.db, f.therapist.id, [f.child.id])).get(f.child.id);
    if (!access) throw new Error('the therapist has no access');
    const rows = await findRecords(t.db, [f.session.id, both, none]);
    const read = async (n: number) => {
      queries = 0;
      await presentRecords(counted, { userId: f.therapist.id, locale: 'en' }, access, rows.slice(0, n).map((row) => ({ sessionId: row.session_id, row })), asWritten);
      return queries;
    };
    expect(await read(3)).toBe(await read(1));
  });
});

const SPANISH = {
  workedOn: 'Pedir ayuda con dos palabras durante el juego.', wentWell: 'Esperó su turno tres veces.', toPractise: 'Pedir más a la hora de la merienda, todos los días.',
};

describe('the family’s summary', () => {
  it('reads in Spanish for a Spanish-reading guardian with the original at hand, translated once per wording', async () => {
    const f = await team();
    await record(f);
    const read = await f.ac.get(f.recordUrl);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      attendees: null, version: null,
      summary: { text: SUMMARY, translation: { language: 'en', unavailable: false, translated: { language: 'es', by: 'machine', fields: SPANISH } } },
    });
    const calls = standIn.calls.length;
    expect((await f.ac.get(f.recordUrl)).body.summary.translation.translated.fields.wentWell).toBe(SPANISH.wentWell);
    // The list of every past session reads the same cache.
    const range = `from=${encodeURIComponent('2026-11-01T00:00:00Z')}&to=${encodeURIComponent('2026-12-31T00:00:00Z')}`;
    expect((await f.ac.get(`${f.url}/session-records?${range}`)).body.records[0].summary.translation.translated.fields).toEqual(SPANISH);
    expect(standIn.calls.length).toBe(calls);
    // The English-reading guardian reads it as written.
    expect((await f.gc.get(f.recordUrl)).body.summary).toMatchObject({ text: SUMMARY, translation: { translated: null } });

    // A correction of the summary is translated again, only the changed wording reaching the service.
    t.clock.advance(60_000);
    expect((await f.tc.put(f.recordUrl, { ...SUMMARY, wentWell: 'Thank you', expectedVersion: 1 })).status).toBe(200);
    const again = await f.ac.get(f.recordUrl);
    expect(again.body.summary.translation.translated.fields).toEqual({ ...SPANISH, wentWell: 'Gracias' });
    expect(standIn.calls.filter((c) => c.q === 'Thank you' && c.target === 'es')).toHaveLength(1);
  });

  it('names its linked practice and the clinic’s own strategies in the reader’s language, as their own pages do', async () => {
    const f = await team();
    const own = await t.db.insertInto('strategy').values({
      clinic_id: f.child.clinicId, settings: ['home'], created_by: f.therapist.id, updated_at: new Date(),
      content: JSON.stringify({ en: { name: 'Quiet corner', purpose: 'A calm place to settle.', steps: ['Show the corner'], tips: [] } }),
    }).returning('id').executeTakeFirstOrThrow();
    const linked = await t.db.insertInto('child_strategy').values({
      clinic_id: f.child.clinicId, child_id: f.child.id, strategy_id: own.id, settings: ['home'], created_by: f.therapist.id, updated_at: new Date(),
    }).returning('id').executeTakeFirstOrThrow();
    const saved = await f.tc.put(f.recordUrl, { attendees: [f.therapist.id], ...SUMMARY, practiceItemIds: [f.itemId], strategyIds: [f.strategyId, linked.id] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const starter = await t.db.selectFrom('child_strategy as cs').innerJoin('strategy as s', 's.id', 'cs.strategy_id').select('s.content').where('cs.id', '=', f.strategyId).executeTakeFirstOrThrow();
    const names = (s: typeof starter) => (s.content as Record<string, { name: string }>);

    const asked = () => standIn.calls.filter((c) => c.q === 'More at snack time' && c.target === 'es').length;
    const before = asked();
    const spanish = (await f.ac.get(f.recordUrl)).body.summary;
    // The stand-in tags what it has no phrase for: the strategy's name came through it too.
    expect(spanish.practiceItems).toEqual([{ id: f.itemId, title: 'Más a la hora de la merienda' }]);
    expect(spanish.strategies).toEqual([{ id: f.strategyId, name: names(starter).es?.name }, { id: linked.id, name: '[es] Quiet corner' }]);
    // The practice page reads the same translation: one request for the item's words, not two.
    expect(asked() - before).toBe(1);
    const practice = await f.ac.get(`${f.url}/practice`);
    expect(JSON.stringify(practice.body)).toContain('Más a la hora de la merienda');
    expect(asked() - before).toBe(1);

    // The English-reading guardian reads them as written.
    const english = (await f.gc.get(f.recordUrl)).body.summary;
    expect(english.practiceItems).toEqual([{ id: f.itemId, title: 'More at snack time' }]);
    expect(english.strategies).toEqual([{ id: f.strategyId, name: names(starter).en?.name }, { id: linked.id, name: 'Quiet corner' }]);
  });

  it('shows the original with a note while the translation server is down', async () => {
    const f = await team();
    await record(f);
    // Read an hour earlier, so the pause after the failure is over for the tests after this one.
    at('2026-11-26T14:00:00Z');
    await standIn.setMode('refused');
    try {
      const read = await f.ac.get(f.recordUrl);
      expect(read.body.summary).toMatchObject({ text: SUMMARY, translation: { translated: null, unavailable: true } });
    } finally {
      await standIn.setMode('up');
    }
  });

  it('never sends the private clinical note to the translation service, whoever reads in another language', async () => {
    const f = await team();
    standIn.calls.length = 0;
    await record(f);
    const range = `from=${encodeURIComponent('2026-11-01T00:00:00Z')}&to=${encodeURIComponent('2026-12-31T00:00:00Z')}`;
    await f.ac.get(f.recordUrl);
    await f.ac.get(`${f.url}/session-records?${range}`);
    // The Spanish editor of the summary, and the therapist's own reads of the note.
    await f.tc.get(`${f.url}/translations/session_record/${f.session.id}/es`);
    await f.tc.get(f.noteUrl);
    await f.tc.get(`${f.url}/session-clinical-notes?${range}`);
    expect(standIn.calls.filter((c) => c.q === SUMMARY.workedOn).length).toBeGreaterThan(0);
    expect(standIn.calls.filter((c) => LEAK.test(c.q))).toEqual([]);
    expect(JSON.stringify(await t.db.selectFrom('content_translation').selectAll().where('child_id', '=', f.child.id).execute())).not.toMatch(LEAK);
  });
});

describe('a clinician’s correction of the summary’s translation', () => {
  const editor = (f: Team, language = 'es', id = f.session.id) => `${f.url}/translations/session_record/${id}/${language}`;
  const CORRECTED = { ...SPANISH, wentWell: 'Esperó su turno, tres veces seguidas.' };

  it('shows the machine’s draft, is saved and audited, and the family reads it marked as the therapist’s', async () => {
    const f = await team();
    await record(f);
    const draft = await f.tc.get(editor(f));
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body).toMatchObject({ subjectType: 'session_record', subjectId: f.session.id, source: { language: 'en', fields: SUMMARY }, machine: SPANISH, human: null });

    const saved = await f.tc.put(editor(f), { fields: CORRECTED });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.human).toMatchObject({ fields: CORRECTED, byName: 'Theo Therapist', outdated: false });
    const audits = await t.db.selectFrom('audit_event').select(['action', 'subject_type', 'details']).where('action', '=', 'translation.correct').where('subject_id', '=', f.session.id).execute();
    expect(audits).toEqual([{ action: 'translation.correct', subject_type: 'session', details: { language: 'es', fields: ['toPractise', 'wentWell', 'workedOn'] } }]);

    const seen = await f.ac.get(f.recordUrl);
    expect(seen.body.summary.translation.translated).toEqual({ language: 'es', by: 'human', byName: 'Theo Therapist', fields: CORRECTED });

    // The therapist rewords the summary: the family reads the machine's translation of the new words, the editor says the correction is outdated.
    expect((await f.tc.put(f.recordUrl, { ...SUMMARY, wentWell: 'Thank you', expectedVersion: 1 })).status).toBe(200);
    expect((await f.ac.get(f.recordUrl)).body.summary.translation).toMatchObject({ humanOutdated: true, translated: { by: 'machine', fields: { wentWell: 'Gracias' } } });
    expect((await f.tc.get(editor(f))).body.human).toMatchObject({ fields: CORRECTED, outdated: true });
    // Corrected again for the new words, it is the family's once more.
    const fresh = { ...CORRECTED, wentWell: 'Gracias.' };
    expect((await f.tc.put(editor(f), { fields: fresh })).status).toBe(200);

    // The weekly digest carries the corrected words too.
    await sweepDigests(t.deps);
    await t.db.updateTable('mail_preference').set({ digest_details: true }).where('user_id', '=', f.ana.id).execute();
    at('2026-11-30T05:00:00Z');
    await sweepDigests(t.deps);
    const mail = await t.db.selectFrom('mail_outbox').select('text_body').where('to_address', '=', f.ana.email).where('dedupe_key', 'like', 'digest:%').executeTakeFirstOrThrow();
    expect(mail.text_body).toContain(fresh.workedOn);
    expect(mail.text_body).toContain('Gracias.');
  });

  it('needs a session (401); is for those who record sessions (404 for the family); another child’s summary does not exist (404), nothing written', async () => {
    const f = await team();
    await record(f);
    const body = { fields: CORRECTED };
    expect((await t.client().get(editor(f))).status).toBe(401);
    expect((await t.client().put(editor(f), body)).status).toBe(401);
    for (const c of [f.gc, f.ac, f.cc, f.teach]) {
      expect((await c.get(editor(f))).status).toBe(404);
      expect((await c.put(editor(f), body)).status).toBe(404);
    }
    const other = await team();
    await record(other);
    // Another child's therapist, through that child's address or their own.
    expect((await f.tc.put(editor(other), body)).status).toBe(404);
    expect((await f.tc.get(editor(other))).status).toBe(404);
    expect((await f.tc.put(`${f.url}/translations/session_record/${other.session.id}/es`, body)).status).toBe(404);
    // A session with nothing shared yet has no summary to translate.
    const later = await f.tc.post(`${f.url}/sessions`, { kind: 'therapy', place: 'clinic', date: '2026-11-25', time: '10:00', durationMinutes: 45, familyInvited: true });
    expect((await f.tc.get(editor(f, 'es', later.body.sessions[0].id))).status).toBe(404);
    expect(await t.db.selectFrom('content_translation').select('id').where('provider', '=', 'human').where('subject_id', 'in', [f.session.id, other.session.id]).execute()).toEqual([]);
    const denied = await t.db.selectFrom('audit_event').select('details').where('action', '=', 'access_denied').where('child_id', '=', f.child.id).execute();
    expect(denied.map((d) => (d.details as { permission: string }).permission)).toContain('sessions.manage');
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const f = await team();
    await record(f);
    const unknown = await f.tc.put(editor(f), { fields: { ...SPANISH, note: 'x' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toEqual(['fields', 'note']);
    const empty = await f.tc.put(editor(f), { fields: { workedOn: 'x', wentWell: 'y' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toEqual(['fields', 'toPractise']);
    const language = await f.tc.put(editor(f, 'de'), { fields: SPANISH });
    expect(language.status).toBe(400);
    expect(JSON.stringify(language.body.error.details)).toContain('language');
    expect(await t.db.selectFrom('content_translation').select('id').where('provider', '=', 'human').where('subject_id', '=', f.session.id).execute()).toEqual([]);
  });
});

describe('the clinical note', () => {
  it('is for therapists by default, granted to those already on a team, and never given by a family', async () => {
    const f = await team();
    const therapist = await t.db.selectFrom('care_team_member').select(['id', 'permissions']).where('child_id', '=', f.child.id).where('user_id', '=', f.therapist.id).executeTakeFirstOrThrow();
    expect(therapist.permissions).toContain('sessions.clinical_note');
    await t.ownerDb.updateTable('care_team_member').set({ permissions: therapist.permissions.filter((p) => p !== 'sessions.clinical_note') }).where('id', '=', therapist.id).execute();
    await t.heard();
    // Without it the therapist still records the summary, but the note does not exist for them.
    expect((await f.tc.put(f.recordUrl, SUMMARY)).status).toBe(200);
    expect((await f.tc.get(f.noteUrl)).status).toBe(404);
    expect((await f.tc.put(f.noteUrl, { text: NOTE })).status).toBe(404);
    await grantClinicalNoteDefault(t.ownerDb as unknown as Kysely<unknown>);
    await grantClinicalNoteDefault(t.ownerDb as unknown as Kysely<unknown>);
    await t.heard();
    const members = await t.db.selectFrom('care_team_member').select(['role', 'permissions']).where('child_id', '=', f.child.id).execute();
    for (const m of members) {
      expect(m.permissions.filter((p) => p === 'sessions.clinical_note'), m.role).toEqual(m.role === 'therapist' ? ['sessions.clinical_note'] : []);
    }
    expect((await f.tc.put(f.noteUrl, { text: NOTE })).status).toBe(200);

    // A guardian who manages the team cannot hand it to the grandmother.
    const team_ = await f.gc.get(`${f.url}/team`);
    const grandma = team_.body.members.find((m: { userId: string }) => m.userId === f.caregiver.id);
    const granted = await f.gc.patch(`${f.url}/team/${grandma.id}`, { permissions: ['child.view', 'sessions.view', 'sessions.clinical_note'] });
    if (granted.status === 200) expect(granted.body.permissions).not.toContain('sessions.clinical_note');
    else expect(granted.status).toBe(400);
    await t.heard();
    const row = await t.db.selectFrom('care_team_member').select('permissions').where('child_id', '=', f.child.id).where('user_id', '=', f.caregiver.id).executeTakeFirstOrThrow();
    expect(row.permissions).not.toContain('sessions.clinical_note');
  });

  it('never reaches a guardian, a caregiver or a teacher: no route, email, notification or digest', async () => {
    const f = await team();
    // Everyone chose the digest with its content in the email, and emails for everything.
    await sweepDigests(t.deps);
    await t.db.updateTable('mail_preference').set({ digest_details: true }).where('user_id', 'in', [f.guardian.id, f.ana.id, f.caregiver.id, f.teacher.id]).execute();
    await record(f);
    const readers: [string, TestClient, string][] = [
      ['guardian', f.gc, f.guardian.id], ['Spanish guardian', f.ac, f.ana.id], ['caregiver', f.cc, f.caregiver.id], ['teacher', f.teach, f.teacher.id],
    ];
    const range = `from=${encodeURIComponent('2026-11-01T00:00:00Z')}&to=${encodeURIComponent('2026-12-01T00:00:00Z')}`;
    for (const [who, c] of readers) {
      // The routes a family member or teacher uses for sessions: each answers, none with the note.
      const list = await c.get(`${f.url}/sessions?${range}`);
      expect(list.status, who).toBe(200);
      expect(list.body.sessions.map((s: { id: string }) => s.id), who).toContain(f.session.id);
      const mine = await c.get(`/api/me/sessions?${range}`);
      expect(mine.status, who).toBe(200);
      const summary = await c.get(f.recordUrl);
      expect(summary.status, who).toBe(200);
      expect(summary.body.summary.text.workedOn, who).toBe(SUMMARY.workedOn);
      expect((await c.get(f.noteUrl)).status, who).toBe(404);
      expect((await c.put(f.noteUrl, { text: 'Overwritten' })).status, who).toBe(404);
      expect((await c.put(f.recordUrl, SUMMARY)).status, who).toBe(404);
      for (const res of [list, mine, summary]) expect(JSON.stringify(res.body), who).not.toMatch(LEAK);
    }
    // Every other read of the API, with this child and session in its address (event streams, which never end, aside).
    const spec = await f.tc.get('/api/openapi.json');
    const paths = Object.entries(spec.body.paths as Record<string, Record<string, unknown>>).filter(([p, ops]) => 'get' in ops && !p.endsWith('/events')).map(([p]) => p);
    for (const [who, c] of readers) {
      for (const p of paths) {
        const path = p.replace('{childId}', f.child.id).replace('{sessionId}', f.session.id).replace(/\{[^}]+\}/g, randomUUID());
        const res = await c.get(`${path}?${range}`);
        expect(JSON.stringify(res.body ?? ''), `${who}: GET ${p}`).not.toMatch(LEAK);
      }
    }
    // Notifications: the family heard once that a summary is there, with ids only.
    for (const [who, c, id] of readers) {
      const n = await c.get('/api/notifications');
      expect(JSON.stringify(n.body), who).not.toMatch(LEAK);
      expect(await summaryNotifications(id), who).toHaveLength(who === 'teacher' ? 0 : 1);
    }
    // The weekly digest, on Sunday evening, carries the summary to the family, not the note.
    at('2026-11-30T05:00:00Z');
    await sweepDigests(t.deps);
    const mails = await t.db.selectFrom('mail_outbox').select(['to_address', 'subject', 'text_body', 'html_body', 'dedupe_key']).execute();
    const theirs = mails.filter((m) => [f.guardian.email, f.ana.email, f.caregiver.email, f.teacher.email].includes(m.to_address));
    expect(theirs.length).toBeGreaterThan(0);
    for (const m of theirs) expect(JSON.stringify(m), m.dedupe_key ?? '').not.toMatch(LEAK);
    // Nor did any of those reads, in Spanish or English, send it to the translation service.
    expect(standIn.calls.filter((c) => LEAK.test(c.q))).toEqual([]);
    const digest = (to: string) => theirs.find((m) => m.to_address === to && m.dedupe_key?.startsWith('digest:'))?.text_body ?? '';
    expect(digest(f.guardian.email)).toContain(`What we worked on: ${SUMMARY.workedOn}`);
    expect(digest(f.ana.email)).toContain('En qué trabajamos: Pedir ayuda con dos palabras durante el juego.');
    expect(digest(f.ana.email)).toContain('Traducido del inglés');
    // The notification email names the kind of thing only: no words of the summary either.
    const told = theirs.filter((m) => m.dedupe_key?.startsWith('notification:'));
    expect(told.length).toBeGreaterThan(0);
    for (const m of told) expect(m.text_body).not.toMatch(/snack|turn|help with two words/i);
  }, 60_000);
});
