import { beforeEach, describe, expect, it } from 'vitest';
import { buildFamily, type TestContext, withTranslator } from '../../../../test/support.ts';
import type { TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import type { Deps } from '../../deps.ts';
import { PAUSE_AFTER_FAILURE_MS, storeHumanTranslations, translateMessageJob, translationsFor, type TranslatableMessage } from './translation.service.ts';

/**
 * The translation cache and its rules, against a LibreTranslate stand-in on loopback: one call per
 * message and language, the original with a note when the server is down, and human wins.
 */

let t: TestContext;
let standIn: TranslateStandIn;
let deps: Deps;
const queued: { queue: string; data: object }[] = [];
withTranslator((made) => {
  ({ t, standIn } = made);
  deps = { ...t.deps, jobs: { send: async (queue, data) => void queued.push({ queue, data }), stop: async () => {} } };
});
beforeEach(() => {
  queued.length = 0;
});

async function message(body: string, language: string): Promise<TranslatableMessage> {
  const f = await buildFamily(t.db);
  const conversation = await t.db.insertInto('conversation').values({ clinic_id: f.clinic.id, child_id: f.child.id, kind: 'team' })
    .returning('id').executeTakeFirstOrThrow();
  const m = await t.db.insertInto('message').values({
    clinic_id: f.clinic.id, child_id: f.child.id, conversation_id: conversation.id, author_id: f.guardian.id, body, language,
  }).returning(['id', 'clinic_id']).executeTakeFirstOrThrow();
  return { id: m.id, clinicId: m.clinic_id, text: body, language, retracted: false };
}

const callsFor = (q: string) => standIn.calls.filter((c) => c.q === q);

describe('reading a message written in another language', () => {
  it('comes translated, and the second read is served from the cache', async () => {
    const m = await message('Durmió bien anoche.', 'es');
    const first = await translationsFor(deps, [m], 'en');
    expect(first.get(m.id)).toEqual({ language: 'es', translated: { language: 'en', text: 'He slept well last night.', by: 'machine' }, translationUnavailable: false });
    const second = await translationsFor(deps, [m], 'en');
    expect(second.get(m.id)).toEqual(first.get(m.id));
    expect(callsFor('Durmió bien anoche.')).toHaveLength(1);
    // The writer's own language needs nothing.
    expect((await translationsFor(deps, [m], 'es')).get(m.id)).toEqual({ language: 'es', translated: null, translationUnavailable: false });
    expect(callsFor('Durmió bien anoche.')).toHaveLength(1);
  });

  it('shows the original with a note while the server is down, and the translation once it is back', async () => {
    const m = await message('¿Podemos mover la sesión del jueves a la tarde?', 'es');
    await standIn.setMode('refused');
    const down = await translationsFor(deps, [m], 'en');
    expect(down.get(m.id)).toEqual({ language: 'es', translated: null, translationUnavailable: true });
    // It is left to the background job, which retries until the server answers.
    expect(queued).toEqual([{ queue: 'translation.message', data: { messageId: m.id, languages: ['en'] } }]);

    // While paused, reads do not wait on the server at all.
    await standIn.setMode('up');
    const before = standIn.calls.length;
    expect((await translationsFor(deps, [m], 'en')).get(m.id)?.translationUnavailable).toBe(true);
    expect(standIn.calls.length).toBe(before);

    t.clock.advance(PAUSE_AFTER_FAILURE_MS + 1);
    expect((await translationsFor(deps, [m], 'en')).get(m.id)?.translated).toEqual({ language: 'en', text: 'Can we move Thursday’s session to the afternoon?', by: 'machine' });
  });

  it('gives up on a server that errors or is slow, within the read budget', async () => {
    const m = await message('Gracias', 'es');
    await standIn.setMode('error');
    expect((await translationsFor(deps, [m], 'en')).get(m.id)?.translationUnavailable).toBe(true);
    t.clock.advance(PAUSE_AFTER_FAILURE_MS + 1);
    // The server would answer after a minute, twice the test's own time limit: the read returning
    // at all shows the reader was not held for it.
    standIn.slowMs = 60_000;
    await standIn.setMode('slow');
    expect((await translationsFor(deps, [m], 'en')).get(m.id)?.translationUnavailable).toBe(true);
  });

  it('shows retracted messages without any translation, and asks nothing for them', async () => {
    const m = await message('Buenos días', 'es');
    const view = await translationsFor(deps, [{ ...m, retracted: true }], 'en');
    expect(view.get(m.id)).toEqual({ language: 'es', translated: null, translationUnavailable: false });
    expect(callsFor('Buenos días')).toHaveLength(0);
  });

  it('treats a message the server finds already in the reader’s language as the original', async () => {
    // Written with a Spanish screen, but in English.
    const m = await message('Thank you', 'es');
    const view = await translationsFor(deps, [m], 'en');
    expect(view.get(m.id)).toEqual({ language: 'en', translated: null, translationUnavailable: false });
  });

  it('shows the original with the note when no translation server is configured', async () => {
    const m = await message('Buenos días', 'es');
    const none = { ...deps, config: { ...deps.config, translate: null } };
    expect((await translationsFor(none, [m], 'en')).get(m.id)).toEqual({ language: 'es', translated: null, translationUnavailable: true });
    expect(queued).toEqual([]);
  });
});

describe('human translations', () => {
  it('win over the machine: stored with the message, never replaced, never asked for', async () => {
    const m = await message('Great job this week! Keep it up.', 'en');
    await storeHumanTranslations(t.db, m, 'en', [{ language: 'es', text: '¡Qué buena semana! Sigan así, de verdad.' }, { language: 'en', text: 'ignored' }]);
    await translateMessageJob(deps, { message: m, languages: ['es', 'en'] });
    const view = await translationsFor(deps, [m], 'es');
    expect(view.get(m.id)?.translated).toEqual({ language: 'es', text: '¡Qué buena semana! Sigan así, de verdad.', by: 'human' });
    expect(callsFor('Great job this week! Keep it up.')).toHaveLength(0);
  });
});

describe('the background job', () => {
  it('translates into the readers’ languages once, and fails (to be retried) while the server is down', async () => {
    const m = await message('That is wonderful news! Keep practising at snack time this week.', 'en');
    await standIn.setMode('error');
    await expect(translateMessageJob(deps, { message: m, languages: ['es'] })).rejects.toThrow(/translation server/);
    await standIn.setMode('up');
    // Retried at once, it does not knock on the server again: the queue's backoff brings it back later.
    const calls = standIn.calls.length;
    await expect(translateMessageJob(deps, { message: m, languages: ['es'] })).rejects.toThrow(/paused/);
    expect(standIn.calls.length).toBe(calls);
    t.clock.advance(PAUSE_AFTER_FAILURE_MS + 1);
    await translateMessageJob(deps, { message: m, languages: ['es', 'en'] });
    await translateMessageJob(deps, { message: m, languages: ['es'] });
    expect(callsFor(m.text).filter((c) => c.path === '/translate' && c.target === 'es')).toHaveLength(2);
    const stored = await t.db.selectFrom('message_translation').select(['language', 'text', 'provider', 'source_language']).where('message_id', '=', m.id).execute();
    expect(stored).toEqual([{ language: 'es', text: '¡Qué buena noticia! Sigan practicando a la hora de la merienda esta semana.', provider: 'machine', source_language: 'en' }]);
    // A reader now finds it ready, without another call.
    const after = standIn.calls.length;
    expect((await translationsFor(deps, [m], 'es')).get(m.id)?.translated?.by).toBe('machine');
    expect(standIn.calls.length).toBe(after);
  });
});
