import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, buildSignedInTeam, buildUser, createTestContext, signIn, type TestContext } from '../../../../test/support.ts';
import { startTranslateStandIn, type TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import { sweepDigests } from './digests.ts';

/**
 * The therapist's note reaches each family in its own language: translated once per language
 * through the LibreTranslate stand-in on loopback, kept with the note, said to be a machine's
 * translation, and sent as written when the translation server is down.
 */

let t: TestContext;
let standIn: TranslateStandIn;
beforeAll(async () => {
  standIn = await startTranslateStandIn();
  t = await createTestContext({ config: { translate: { provider: 'libretranslate', url: standIn.url, apiKey: undefined } } });
});
afterAll(async () => {
  await t.close();
  await standIn.close();
});

const at = (iso: string) => t.clock.set(new Date(iso));
const digestTo = async (to: string) => (await t.db.selectFrom('mail_outbox').select('text_body')
  .where('to_address', '=', to).where('dedupe_key', 'like', 'digest:%').orderBy('created_at').execute()).map((m) => m.text_body);
const NOTE = 'Great job this week! Keep it up.';

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
    await standIn.setMode('up');
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
    // One request to the translation server for both Spanish readers; kept with the note.
    expect(standIn.calls.filter((c) => c.q === NOTE).length - before).toBe(1);
    const kept = await t.db.selectFrom('digest_note').select('translations').where('child_id', '=', f.child.id).executeTakeFirstOrThrow();
    expect(kept.translations).toEqual({ es: { text: '¡Buen trabajo esta semana! Sigan así.', source: 'en' } });

    // A new note is translated afresh.
    const therapist = await signIn(t.app, f.therapist.email);
    expect((await therapist.put(`/api/children/${f.child.id}/digest-note`, { text: 'Thank you' })).status).toBe(200);
    expect((await t.db.selectFrom('digest_note').select('translations').where('child_id', '=', f.child.id).executeTakeFirstOrThrow()).translations).toEqual({});
  });

  it('goes as written, with the digest, when the translation server is down', async () => {
    const f = await family();
    await standIn.setMode('refused');
    at('2026-11-29T23:00:30Z');
    await sweepDigests(t.deps);
    await standIn.setMode('up');
    for (const u of f.spanish) {
      const [text] = await digestTo(u.email);
      expect(text).toContain(NOTE);
      expect(text).toContain('— Theo Therapist');
      expect(text).not.toContain('traducción automática');
    }
  });
});
