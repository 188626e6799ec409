import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { addMember, buildFamily, buildSignedInTeam, buildUser, freshClient, signIn, type TestContext, withTranslator } from '../../../../test/support.ts';
import type { TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import { sweepDigests } from './digests.ts';

/**
 * The therapist's note reaches each family in its own language: translated once per wording and
 * language through the LibreTranslate stand-in on loopback (content_translation, like session
 * summaries), said to be a machine's translation, sent as written when the translation server is
 * down; a therapist's own translation wins, named as the clinic's, until the note changes.
 */

let t: TestContext;
let standIn: TranslateStandIn;
withTranslator((made) => ({ t, standIn } = made));

const at = (iso: string) => t.clock.set(new Date(iso));
const digestTo = async (to: string) => (await t.db.selectFrom('mail_outbox').select('text_body')
  .where('to_address', '=', to).where('dedupe_key', 'like', 'digest:%').orderBy('created_at').execute()).map((m) => m.text_body);
const NOTE = 'Great job this week! Keep it up.';
const HUMAN = { body: '¡Qué buen trabajo esta semana! Sigan practicando.' };
/** The note's translations editor: the note's id is its child's. */
const editorOf = (childId: string, noteId = childId, language = 'es') => `/api/children/${childId}/translations/digest_note/${noteId}/${language}`;
const kept = (childId: string) => t.db.selectFrom('content_translation').select(['provider', 'language', 'fields', 'source_language'])
  .where('subject_type', '=', 'digest_note').where('subject_id', '=', childId).orderBy('provider').execute();

async function family() {
  at('2026-11-26T15:00:00Z'); // a Thursday
  const f = await buildSignedInTeam(t);
  // Two Spanish-reading guardians beside the English-reading one, all in Chicago.
  const spanish = [await buildUser(t.db, 'Ana Abuela', 'es'), await buildUser(t.db, 'Luis Padre', 'es')];
  for (const u of spanish) await addMember(t.db, f.child, u, 'guardian');
  await t.db.updateTable('app_user').set({ time_zone: 'America/Chicago' }).where('id', 'in', [f.guardian.id, ...spanish.map((u) => u.id)]).execute();
  expect((await f.tc.put(`/api/children/${f.child.id}/digest-note`, { text: NOTE })).status).toBe(200);
  await sweepDigests(t.deps); // places everyone's Sunday 17:00
  // Each chose the summary itself in the email.
  await t.db.updateTable('mail_preference').set({ digest_details: true }).where('user_id', 'in', [f.guardian.id, ...spanish.map((u) => u.id)]).execute();
  return { ...f, spanish };
}

describe('the therapist’s note in the weekly digest', () => {
  it('reads in Spanish for Spanish-reading guardians, translated once, and as written for the English one', async () => {
    const f = await family();
    const before = standIn.calls.filter((c) => c.q === NOTE).length;
    at('2026-11-29T23:00:30Z'); // Sunday 17:00 in Chicago
    await sweepDigests(t.deps);

    for (const u of f.spanish) {
      const [text] = await digestTo(u.email);
      expect(text).toContain('¡Buen trabajo esta semana! Sigan así.');
      expect(text).toContain('— Theo Therapist (traducción automática del inglés)');
      expect(text).not.toContain(NOTE);
      // The day it comes, as Spanish writes it mid-sentence: lower case.
      expect(text).toContain('Este resumen llega cada domingo a las 17:00.');
    }
    const [english] = await digestTo(f.guardian.email);
    expect(english).toContain(NOTE);
    expect(english).toContain('This summary comes every Sunday at 5:00');
    expect(english).toContain('— Theo Therapist');
    expect(english).not.toContain('machine-translated');
    // One request to the translation server for both Spanish readers; kept as the note's translation.
    expect(standIn.calls.filter((c) => c.q === NOTE).length - before).toBe(1);
    expect(await kept(f.child.id)).toEqual([{ provider: 'machine', language: 'es', fields: { body: '¡Buen trabajo esta semana! Sigan así.' }, source_language: 'en' }]);

    // A new note is translated afresh: the old wording's translation is not used for it.
    const therapist = await signIn(t.app, f.therapist.email);
    expect((await therapist.put(`/api/children/${f.child.id}/digest-note`, { text: 'Thank you' })).status).toBe(200);
    const editor = await therapist.get(editorOf(f.child.id));
    expect(editor.body).toMatchObject({ source: { fields: { body: 'Thank you' } }, machine: { body: 'Gracias' }, human: null });
  });

  it('a therapist’s own translation wins in the digest, named as the clinic’s, audited; an edit of the note brings the machine back', async () => {
    const f = await family();
    const url = editorOf(f.child.id);
    const draft = await f.tc.get(url);
    expect(draft.status).toBe(200);
    expect(draft.body).toMatchObject({ subjectType: 'digest_note', source: { language: 'en', fields: { body: NOTE } }, machine: { body: '¡Buen trabajo esta semana! Sigan así.' }, human: null });
    const saved = await f.tc.put(url, { fields: HUMAN });
    expect(saved.status).toBe(200);
    expect(saved.body.human).toMatchObject({ fields: HUMAN, byName: 'Theo Therapist', outdated: false });
    expect(await t.db.selectFrom('audit_event').select(['action', 'child_id']).where('action', '=', 'translation.correct').where('subject_id', '=', f.child.id).execute())
      .toEqual([{ action: 'translation.correct', child_id: f.child.id }]);

    at('2026-11-29T23:00:30Z');
    await sweepDigests(t.deps);
    for (const u of f.spanish) {
      const [text] = await digestTo(u.email);
      expect(text).toContain(HUMAN.body);
      expect(text).toContain('— Theo Therapist (traducido del inglés por la clínica)');
    }

    // The note changes: the therapist's translation was for the old wording.
    const therapist = await signIn(t.app, f.therapist.email);
    expect((await therapist.put(`/api/children/${f.child.id}/digest-note`, { text: 'Thank you' })).status).toBe(200);
    const after = await therapist.get(url);
    expect(after.body).toMatchObject({ machine: { body: 'Gracias' }, human: { fields: HUMAN, outdated: true } });
  });

  it('is translated by hand only by the child’s therapist: 401 without a session; the family and another therapist get 404; bad input is 400 naming the field; nothing changes', async () => {
    const f = await family();
    const url = editorOf(f.child.id);
    const before = await kept(f.child.id);
    expect((await freshClient(t.app).get(url)).status).toBe(401);
    expect((await freshClient(t.app).put(url, { fields: HUMAN })).status).toBe(401);
    expect((await f.gc.get(url)).status).toBe(404);
    expect((await f.gc.put(url, { fields: HUMAN })).status).toBe(404);
    const stranger = await signIn(t.app, (await buildFamily(t.db)).therapist.email);
    expect((await stranger.put(url, { fields: HUMAN })).status).toBe(404);
    // Another child's id as the note's: there is no such note of this child.
    const other = await buildFamily(t.db);
    expect((await f.tc.put(editorOf(f.child.id, other.child.id), { fields: HUMAN })).status).toBe(404);
    const bad = await f.tc.put(url, { fields: { nope: 'x' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain('fields');
    expect(await kept(f.child.id)).toEqual(before);
  });

  it('is translated while no transaction of the sweep is open: a slow translation server holds no rows and no audit seal', async () => {
    const f = await family();
    standIn.slowMs = 800;
    await standIn.setMode('slow');
    at('2026-11-29T23:00:30Z');
    const asked = standIn.calls.filter((c) => c.q === NOTE).length;
    const sweep = sweepDigests(t.deps);
    await expect.poll(() => standIn.calls.filter((c) => c.q === NOTE).length, { timeout: 10_000, interval: 20 }).toBeGreaterThan(asked);
    // The translation server has the note and has not answered: nothing of ours waits inside a transaction.
    const open = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and xact_start is not null and state <> 'active'`.execute(t.db);
    expect(open.rows[0]?.n).toBe(0);
    await sweep;
    for (const u of f.spanish) expect((await digestTo(u.email))[0]).toContain('¡Buen trabajo esta semana! Sigan así.');
  });

  it('goes as written, with the digest, when the translation server is down', async () => {
    const f = await family();
    await standIn.setMode('refused');
    at('2026-11-29T23:00:30Z');
    await sweepDigests(t.deps);
    for (const u of f.spanish) {
      const [text] = await digestTo(u.email);
      expect(text).toContain(NOTE);
      expect(text).toContain('— Theo Therapist');
      expect(text).not.toContain('traducción automática');
    }
  });
});
