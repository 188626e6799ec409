import { beforeEach, describe, expect, it } from 'vitest';
import { buildSignedInTeam, buildTeamReadingIn, signIn, type TestContext, withTranslator } from '../../../../test/support.ts';
import type { TranslateStandIn } from '../../../../test/translate-stand-in.ts';
import { PAUSE_AFTER_FAILURE_MS, TRANSLATE_QUEUE, runTranslationJob } from './translation.service.ts';

/**
 * Each person reads in their own language, through the message routes, with a LibreTranslate
 * stand-in on loopback as the translation server. Jobs are caught rather than run, so each test
 * decides when the background translation happens.
 */

let t: TestContext;
let standIn: TranslateStandIn;
const queued: { queue: string; data: Record<string, unknown> }[] = [];
withTranslator((made) => {
  ({ t, standIn } = made);
  t.deps.jobs.send = async (queue, data) => void queued.push({ queue, data: data as Record<string, unknown> });
}, { apiKey: 'clinic-key' });
beforeEach(() => {
  queued.length = 0;
});

/** A team whose guardian reads and writes in Spanish; the therapist in English. */
const team = () => buildTeamReadingIn(t, 'es');

type Msg = { id: string; body: string | null; language: string; translated: { language: string; text: string; by: string } | null; translationUnavailable: boolean };
const find = (page: { messages: Msg[] }, id: string) => page.messages.find((m) => m.id === id);
const callsFor = (q: string) => standIn.calls.filter((c) => c.q === q && c.path === '/translate');

describe('a message read in another language', () => {
  it('reaches the English therapist translated, with the Spanish original kept; two reads, one call', async () => {
    const f = await team();
    const sent = await f.gc.post(f.msgs, { body: 'Durmió bien anoche.' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ language: 'es', translated: null, translationUnavailable: false });
    // Queued for the team's other languages; the job is not run here, so the read translates.
    expect(queued).toEqual([{ queue: TRANSLATE_QUEUE, data: { messageId: sent.body.id, languages: ['en'] } }]);

    const first = await f.tc.get(f.msgs);
    expect(find(first.body, sent.body.id)).toMatchObject({
      body: 'Durmió bien anoche.', language: 'es', translated: { language: 'en', text: 'He slept well last night.', by: 'machine' }, translationUnavailable: false,
    });
    const second = await f.tc.get(f.msgs);
    expect(find(second.body, sent.body.id)?.translated?.text).toBe('He slept well last night.');
    expect(callsFor('Durmió bien anoche.')).toHaveLength(1);
    expect(callsFor('Durmió bien anoche.')[0]?.apiKey).toBe('clinic-key');

    // The guardian reads her own words as written.
    const own = await f.gc.get(f.msgs);
    expect(find(own.body, sent.body.id)).toMatchObject({ body: 'Durmió bien anoche.', translated: null, translationUnavailable: false });

    // The conversation lists preview it the same way: in English for him, as written for her.
    const lists = `/api/children/${f.child.id}/conversations`;
    const lastOf = (r: { body: { conversations: { kind: string; lastMessage: unknown }[] } }) => r.body.conversations.find((c) => c.kind === 'team')?.lastMessage;
    expect(lastOf(await f.tc.get(lists))).toMatchObject({ preview: 'He slept well last night.', previewLanguage: 'en' });
    expect(lastOf(await f.gc.get(lists))).toMatchObject({ preview: 'Durmió bien anoche.', previewLanguage: 'es' });
    expect(callsFor('Durmió bien anoche.')).toHaveLength(1);
  });

  it('is translated in the background after sending, so the reader finds it ready', async () => {
    const f = await team();
    const sent = await f.tc.post(f.msgs, { body: 'That is wonderful news! Keep practising at snack time this week.' });
    expect(queued).toHaveLength(1);
    // The guardian's open page hears that the translation is ready (type and ids only).
    const heard = new Promise<Record<string, unknown>>((resolve) => {
      const stop = t.deps.realtime.subscribe(f.guardian.id, (e) => {
        if (e.type !== 'message.translated') return;
        stop();
        resolve(e);
      });
    });
    await runTranslationJob(t.deps, queued[0]?.data ?? {});
    expect(await heard).toEqual({ type: 'message.translated', childId: f.child.id, conversationId: expect.any(String), messageId: sent.body.id });
    const calls = standIn.calls.length;
    const page = await f.gc.get(f.msgs);
    expect(find(page.body, sent.body.id)?.translated).toEqual({ language: 'es', text: '¡Qué buena noticia! Sigan practicando a la hora de la merienda esta semana.', by: 'machine' });
    expect(standIn.calls.length).toBe(calls);
  });

  it('is delivered while the translation server is down, shown as the original with a note, translated once it is back', async () => {
    const f = await team();
    await standIn.setMode('refused');
    const sent = await f.gc.post(f.msgs, { body: '¿Podemos mover la sesión del jueves a la tarde?' });
    expect(sent.status).toBe(201);
    const down = await f.tc.get(f.msgs);
    expect(down.status).toBe(200);
    expect(find(down.body, sent.body.id)).toMatchObject({ body: '¿Podemos mover la sesión del jueves a la tarde?', translated: null, translationUnavailable: true });
    // The background job fails while the server is down (the queue retries it with backoff).
    await expect(runTranslationJob(t.deps, queued[0]?.data ?? {})).rejects.toThrow(/translation server/);

    await standIn.setMode('up');
    t.clock.advance(PAUSE_AFTER_FAILURE_MS + 1);
    const back = await f.tc.get(f.msgs);
    expect(find(back.body, sent.body.id)).toMatchObject({ translated: { text: 'Can we move Thursday’s session to the afternoon?', by: 'machine' }, translationUnavailable: false });
  });

  it('shows no translation once retracted', async () => {
    const f = await team();
    const sent = await f.gc.post(f.msgs, { body: 'Buenos días' });
    expect(find((await f.tc.get(f.msgs)).body, sent.body.id)?.translated?.text).toBe('Good morning');
    const retracted = await f.gc.post(`${f.msgs}/${sent.body.id}/retract`);
    expect(retracted.status).toBe(200);
    expect(find((await f.tc.get(f.msgs)).body, sent.body.id)).toMatchObject({ body: null, translated: null, translationUnavailable: false });
  });
});

describe('a quick reply sent unchanged', () => {
  it('reaches the Spanish reader in its own Spanish wording, not the machine’s', async () => {
    const f = await team();
    const reply = await f.tc.post('/api/quick-replies', { title: { en: 'Praise' }, text: { en: 'Great job this week! Keep it up.', es: '¡Qué semana tan buena! Sigan así, de verdad.' } });
    expect(reply.status).toBe(201);
    const sent = await f.tc.post(f.msgs, { body: 'Great job this week! Keep it up.', quickReplyId: reply.body.id });
    expect(sent.status).toBe(201);
    expect(queued).toEqual([]);
    const page = await f.gc.get(f.msgs);
    expect(find(page.body, sent.body.id)?.translated).toEqual({ language: 'es', text: '¡Qué semana tan buena! Sigan así, de verdad.', by: 'human' });
    expect(callsFor('Great job this week! Keep it up.')).toHaveLength(0);

    // Edited before sending, it is the writer's own text: machine-translated as any other.
    const edited = await f.tc.post(f.msgs, { body: 'Great job this week! Keep it up.!', quickReplyId: reply.body.id });
    expect(find((await f.gc.get(f.msgs)).body, edited.body.id)?.translated?.by).toBe('machine');

    // Someone else's quick reply id changes nothing.
    const other = await buildSignedInTeam(t);
    const theirs = await other.tc.post('/api/quick-replies', { title: {}, text: { en: 'Good morning', es: 'Muy buenos días tengan' } });
    const borrowed = await f.tc.post(f.msgs, { body: 'Good morning', quickReplyId: theirs.body.id });
    expect(borrowed.status).toBe(201);
    expect(find((await f.gc.get(f.msgs)).body, borrowed.body.id)?.translated).toEqual({ language: 'es', text: 'Buenos días', by: 'machine' });
  });

  it('written only in Spanish, is a Spanish message for the English reader', async () => {
    const f = await team();
    const admin = await signIn(t.app, f.clinic.admin.email);
    const template = await admin.post('/api/admin/templates', { title: { es: 'Gracias' }, text: { es: 'Gracias' } });
    const sent = await f.tc.post(f.msgs, { body: 'Gracias', quickReplyId: template.body.id });
    expect(sent.body.language).toBe('es');
    expect(find((await f.tc.get(f.msgs)).body, sent.body.id)?.translated).toEqual({ language: 'en', text: 'Thank you', by: 'machine' });
  });
});
