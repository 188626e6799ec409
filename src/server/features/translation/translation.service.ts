// Each person reads in their own language. A message's translations are cached per message and
// language (message_translation): human ones come with a quick reply or template sent unchanged,
// machine ones from the configured translation service (LibreTranslate or DeepL) — in the
// background after sending, or on first read with a short budget. A reader never waits long: when
// the service is down, slow, not configured or lacks the reader's language, the original is shown
// with a note, and a later read tries again. Every machine translation adds its characters to the
// clinic's count for the month.
import type { TranslationStatus, TryTranslation } from '../../../contract/admin.ts';
import { LOCALES } from '../../../contract/locales.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { addUsage, monthOf, saveServiceFailure, saveServiceRecovered, serviceStateOf, usageOf } from './translation.repository.ts';
import { MANY_TEXTS, providerFor, type ProbeFailure, type TranslateFailure, type TranslateManyResult, type TranslateResult, type TranslationProvider } from './translation-provider.ts';
import { publish } from '../../realtime/hub.ts';
import { conversationReaders } from '../messages/messages.service.ts';
import { findUsableQuickReply } from './quick-replies.routes.ts';

export type TranslatedText = { language: string; text: string; by: 'machine' | 'human' };

/** What a reader needs to show a message in their language. */
export type TranslationView = {
  /** The language the message was written in, when known. */
  language: string | null;
  /** The message in the reader's language, when it was written in another one. */
  translated: TranslatedText | null;
  /** True when the reader should have had a translation but none could be made right now. */
  translationUnavailable: boolean;
};

/** What translation needs to know of a message. */
export type TranslatableMessage = {
  id: string;
  clinicId: string;
  text: string;
  /** The author's language when they wrote it: the best guess before the server has looked. */
  language: string | null;
  /** Retracted messages show no text, so no translation either. */
  retracted: boolean;
};

/** A reader waits at most this long for translations on one read, all messages together. */
export const READ_BUDGET_MS = 1_500;
/** After a failure, reads skip the server for this long (checked against the app clock). */
export const PAUSE_AFTER_FAILURE_MS = 30_000;
/**
 * Requests to the service on one read, each carrying several texts (at most MANY_TEXTS, and
 * READ_REQUEST_CHARS characters): what protects the service and the clinic's characters is the
 * number of requests and their size, not how many short texts (a practice item's steps) they hold.
 * What does not fit is left to the next read or the background job.
 */
const MAX_REQUESTS_ON_READ = 12;
const READ_REQUEST_CHARS = 5_000;
const PARALLEL = 4;
/** The background job's own timeout per request: nobody waits for it. */
const JOB_TIMEOUT_MS = 8_000;

export const TRANSLATE_QUEUE = 'translation.message';

/** When each translation service last failed, so a struggling one is not hammered by every read. */
const pausedUntil = new Map<string, number>();
/**
 * How long a language the service said it does not offer is taken as not offered: its readers get
 * the original with the note, without asking, and the service is asked again after this.
 */
export const RECHECK_LANGUAGE_AFTER_MS = 60 * 60 * 1000;
/** Per service configuration (its kind and address), the languages it refused and until when that holds. */
const refusedLanguages = new Map<string, Map<string, number>>();
/**
 * The services this server knows have no failure left open in the database (translation_service_state),
 * so a success writes nothing. Empty at start: the first success checks. Another server's failure
 * is closed by that server's next success, or by the admins' status check.
 */
const knownWorking = new Set<string>();

function providerOf(deps: Pick<Deps, 'config'>): TranslationProvider | null {
  return deps.config.translate ? providerFor(deps.config.translate) : null;
}

function isPaused(deps: Pick<Deps, 'clock'>, provider: TranslationProvider): boolean {
  const until = pausedUntil.get(provider.url);
  return until !== undefined && deps.clock().getTime() < until;
}

/** Base language of a tag: 'es-MX' reads as 'es'. */
const base = (tag: string) => tag.split('-')[0]?.toLowerCase() ?? tag;

const configKey = (provider: TranslationProvider) => `${provider.name} ${provider.url}`;

/** Whether the service said lately that it does not translate into `target`. */
function isRefused(deps: Pick<Deps, 'clock'>, provider: TranslationProvider, target: string): boolean {
  const until = refusedLanguages.get(configKey(provider))?.get(base(target));
  return until !== undefined && deps.clock().getTime() < until;
}

/** A language the service does not offer: no failure of the service, so nothing is paused; its readers get originals for a while. */
function noteRefused(deps: Pick<Deps, 'clock'>, provider: TranslationProvider, target: string): void {
  const key = configKey(provider);
  const known = refusedLanguages.get(key) ?? new Map<string, number>();
  known.set(base(target), deps.clock().getTime() + RECHECK_LANGUAGE_AFTER_MS);
  refusedLanguages.set(key, known);
}

/** The languages the service refused lately, for the admins' status. */
function refusedOf(deps: Pick<Deps, 'clock'>, provider: TranslationProvider): string[] {
  const now = deps.clock().getTime();
  return [...(refusedLanguages.get(configKey(provider)) ?? new Map<string, number>())].filter(([, until]) => now < until).map(([language]) => language);
}

/** What went wrong, as the admins' status names it; `unsupported` (a language the service lacks) is no failure of the service. */
function failureOf(provider: TranslationProvider, res: TranslateFailure): { error: ProbeFailure; httpStatus?: number } | null {
  switch (res.reason) {
    case 'unsupported':
      return null;
    case 'refused':
      return { error: provider.reasonFor(res.status), httpStatus: res.status };
    case 'timeout':
    case 'unreachable':
    case 'bad_answer':
      return { error: res.reason };
  }
}

/** Pauses the service for a while, and keeps the failure as its last one for the admins' status. */
async function noteFailure(deps: Pick<Deps, 'db' | 'clock'>, provider: TranslationProvider, failure: { error: ProbeFailure; httpStatus?: number }): Promise<void> {
  pausedUntil.set(provider.url, deps.clock().getTime() + PAUSE_AFTER_FAILURE_MS);
  knownWorking.delete(provider.name);
  await saveServiceFailure(deps.db, provider.name, failure, deps.clock());
}

/** Ends the pause; the first success after a failure notes when the service worked again. */
async function noteSuccess(deps: Pick<Deps, 'db' | 'clock'>, provider: TranslationProvider, opts: { check?: boolean } = {}): Promise<void> {
  pausedUntil.delete(provider.url);
  if (knownWorking.has(provider.name) && !opts.check) return;
  await saveServiceRecovered(deps.db, provider.name, deps.clock());
  knownWorking.add(provider.name);
}

/** One translation by the service, counted for the clinic when it was made (null: no clinic to count it for). */
async function translateCounted(
  deps: Pick<Deps, 'db' | 'clock'>,
  provider: TranslationProvider,
  clinicId: string | null,
  input: { text: string; source: string; target: string },
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<TranslateResult> {
  const res = await provider.translate(input, opts);
  if (res.ok && clinicId !== null) await addUsage(deps.db, { clinicId, month: monthOf(deps.clock()), provider: provider.name, characters: [...input.text].length, at: deps.clock() });
  return res;
}

/** Several texts of one clinic in one request, all their characters counted for it. */
async function translateManyCounted(
  deps: Pick<Deps, 'db' | 'clock'>,
  provider: TranslationProvider,
  clinicId: string | null,
  input: { texts: readonly string[]; source: string; target: string },
  opts: { timeoutMs: number; signal?: AbortSignal },
): Promise<TranslateManyResult> {
  const res = await provider.translateMany(input, opts);
  const characters = input.texts.reduce((n, text) => n + [...text].length, 0);
  if (res.ok && clinicId !== null) await addUsage(deps.db, { clinicId, month: monthOf(deps.clock()), provider: provider.name, characters, at: deps.clock() });
  return res;
}

/** Texts grouped into requests in order: one clinic each (its count), at most MANY_TEXTS texts and READ_REQUEST_CHARS characters. */
function requestsOf<T extends { clinicId: string | null; text: string }>(texts: readonly T[]): T[][] {
  const out: T[][] = [];
  let chars = 0;
  for (const t of texts) {
    const last = out.at(-1);
    const size = [...t.text].length;
    if (last && last.length < MANY_TEXTS && last[0]?.clinicId === t.clinicId && chars + size <= READ_REQUEST_CHARS) {
      last.push(t);
      chars += size;
    } else {
      out.push([t]);
      chars = size;
    }
  }
  return out;
}


type CacheRow = { message_id: string; language: string; text: string; provider: 'machine' | 'human'; source_language: string | null };

async function cached(db: Executor, ids: readonly string[]): Promise<CacheRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('message_translation').select(['message_id', 'language', 'text', 'provider', 'source_language'])
    .where('message_id', 'in', ids).execute();
}

async function store(db: Executor, m: Pick<TranslatableMessage, 'id' | 'clinicId'>, language: string, text: string, sourceLanguage: string | null): Promise<void> {
  // A human translation, stored when the message was sent, always wins: never overwritten.
  await db.insertInto('message_translation').values({
    message_id: m.id, clinic_id: m.clinicId, language, text, provider: 'machine', source_language: sourceLanguage,
  }).onConflict((oc) => oc.columns(['message_id', 'language']).doNothing()).execute();
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  });
  await Promise.all(lanes);
}

/** Stores the human-written translations of a quick reply or template sent unchanged (in the send transaction). */
export async function storeHumanTranslations(
  db: Executor,
  message: Pick<TranslatableMessage, 'id' | 'clinicId'>,
  sourceLanguage: string,
  texts: readonly { language: string; text: string }[],
): Promise<void> {
  const rows = texts.filter((t) => t.text.trim() !== '' && base(t.language) !== base(sourceLanguage));
  if (rows.length === 0) return;
  await db.insertInto('message_translation').values(rows.map((t) => ({
    message_id: message.id, clinic_id: message.clinicId, language: t.language, text: t.text, provider: 'human' as const, source_language: sourceLanguage,
  }))).onConflict((oc) => oc.columns(['message_id', 'language']).doUpdateSet((eb) => ({
    text: eb.ref('excluded.text'), provider: eb.ref('excluded.provider'), source_language: eb.ref('excluded.source_language'),
  }))).execute();
}

/** What one read could have translated: each text's translation (null: not now), and why the rest were not. */
export type OnRead = {
  texts: ({ text: string; source: string | null } | null)[];
  /** `done`: the service answered; `failed`: it failed now; `unsupported`: it lacks the language; `off`: none set, or paused after a failure. */
  state: 'done' | 'failed' | 'unsupported' | 'off';
};

/**
 * Texts translated into `target` for someone reading now: in at most MAX_REQUESTS_ON_READ requests
 * of several texts, PARALLEL at a time, all within READ_BUDGET_MS together, counted per clinic. None while the service is
 * paused after a failure; a failure pauses it. What is not translated is null: the caller shows
 * the original and leaves the rest to the next read or the background job.
 */
export async function translateOnRead(
  deps: Pick<Deps, 'config' | 'db' | 'clock'>,
  texts: readonly { clinicId: string | null; text: string }[],
  target: string,
): Promise<OnRead> {
  const out: OnRead = { texts: texts.map(() => null), state: 'done' };
  if (texts.length === 0) return out;
  const provider = providerOf(deps);
  if (!provider || isPaused(deps, provider)) return { ...out, state: 'off' };
  if (isRefused(deps, provider, target)) return { ...out, state: 'unsupported' };
  const budget = AbortSignal.timeout(READ_BUDGET_MS);
  let failed: ReturnType<typeof failureOf> = null;
  let unsupported = false;
  const now = requestsOf(texts.map((t, i) => ({ ...t, i }))).slice(0, MAX_REQUESTS_ON_READ);
  await inParallel(now, PARALLEL, async (batch) => {
    if (failed || unsupported || budget.aborted) return;
    const clinicId = batch[0]?.clinicId ?? null;
    const res = await translateManyCounted(deps, provider, clinicId, { texts: batch.map((t) => t.text), source: 'auto', target: base(target) }, { signal: budget, timeoutMs: READ_BUDGET_MS });
    if (!res.ok) {
      // A refusal of the language sticks: the service answered, so another request's timeout
      // beside it does not pause translation for everyone.
      const failure = failureOf(provider, res);
      if (failure === null) unsupported = true;
      else failed ??= failure;
      return;
    }
    batch.forEach((t, k) => {
      const one = res.translations[k];
      if (one) out.texts[t.i] = { text: one.text, source: one.detectedLanguage };
    });
  });
  if (unsupported) failed = null;
  if (failed) await noteFailure(deps, provider, failed);
  else if (!unsupported) await noteSuccess(deps, provider);
  if (unsupported) {
    noteRefused(deps, provider, target);
    return { ...out, state: 'unsupported' };
  }
  if (failed) return { ...out, state: 'failed' };
  return out;
}

/**
 * The translation view of each message for a reader whose language is `readerLanguage`. Missing
 * translations are made now, within READ_BUDGET_MS all together; what cannot be made in time is
 * shown as the original with `translationUnavailable`, and left to the background job.
 */
export async function translationsFor(
  deps: Pick<Deps, 'config' | 'db' | 'clock' | 'jobs'>,
  messages: readonly TranslatableMessage[],
  readerLanguage: string,
): Promise<Map<string, TranslationView>> {
  const reader = base(readerLanguage);
  const live = messages.filter((m) => !m.retracted && m.text.trim() !== '');
  const rows = await cached(deps.db, live.map((m) => m.id));
  const byMessage = new Map<string, CacheRow[]>();
  for (const r of rows) byMessage.set(r.message_id, [...(byMessage.get(r.message_id) ?? []), r]);

  const views = new Map<string, TranslationView>();
  const missing: TranslatableMessage[] = [];
  for (const m of messages) {
    const known = byMessage.get(m.id) ?? [];
    const language = known.find((r) => r.source_language)?.source_language ?? m.language;
    const view: TranslationView = { language, translated: null, translationUnavailable: false };
    views.set(m.id, view);
    if (m.retracted || m.text.trim() === '') continue;
    const mine = known.find((r) => base(r.language) === reader);
    if (mine) {
      // The server may have found the message was in the reader's language after all.
      if (base(mine.source_language ?? '') !== reader) view.translated = { language: mine.language, text: mine.text, by: mine.provider };
      continue;
    }
    if (language !== null && base(language) === reader) continue;
    missing.push(m);
  }
  if (missing.length === 0) return views;

  const results = await translateOnRead(deps, missing.map((m) => ({ clinicId: m.clinicId, text: m.text })), reader);
  await inParallel(missing.map((m, i) => ({ m, res: results.texts[i] ?? null })), PARALLEL, async ({ m, res }) => {
    const view = views.get(m.id);
    if (!view) return;
    if (!res) {
      view.translationUnavailable = true;
      return;
    }
    const source = res.source ?? m.language;
    await store(deps.db, m, reader, res.text, source);
    view.language = source;
    if (source === null || base(source) !== reader) view.translated = { language: reader, text: res.text, by: 'machine' };
  });
  // No service, or one paused after a failure: the original with the note. The service lacks the
  // reader's language: the same, and nothing left to retry.
  if (results.state === 'off' || results.state === 'unsupported') return views;
  // Whatever could not be read now is translated in the background, retried until the service is back.
  const leftOver = [...views.entries()].filter(([, v]) => v.translationUnavailable).map(([id]) => id);
  for (const id of leftOver) await requestTranslation(deps, id, [reader]).catch(() => {});
  return views;
}

/** The server's address as an admin may see it: without a user name or password in it. */
function shownUrl(url: string): string {
  const u = new URL(url);
  u.username = '';
  u.password = '';
  return u.toString().replace(/\/$/, '');
}

/**
 * For a clinic's admins: whether messages are translated, from a check of the service made now,
 * its last failure (noted by any server on this database, kept across restarts) and the clinic's
 * characters this month. A working check ends the pause after an earlier failure, so reads try
 * the service again at once, and closes a failure another server noted.
 */
export async function translationStatus(deps: Pick<Deps, 'config' | 'db' | 'clock'>, clinicId: string): Promise<TranslationStatus> {
  const provider = providerOf(deps);
  if (!provider) return { state: 'not_configured', provider: null, url: null, checkedAt: deps.clock().toISOString(), lastError: null, charactersThisMonth: 0 };
  const res = await provider.health();
  const checkedAt = deps.clock().toISOString();
  // Checked against the database: another server may have noted a failure this one has not seen.
  if (res.ok) await noteSuccess(deps, provider, { check: true });
  else await noteFailure(deps, provider, { error: res.reason, ...(res.status ? { httpStatus: res.status } : {}) });
  const known = {
    provider: provider.name, url: shownUrl(provider.url), checkedAt,
    lastError: await serviceStateOf(deps.db, provider.name),
    charactersThisMonth: await usageOf(deps.db, clinicId, monthOf(deps.clock()), provider.name),
  };
  // CareTeam's languages the service does not offer: missing from its list, or refused lately.
  const notOffered = LOCALES.filter((l) => (res.ok && !res.languages.some((x) => base(x) === l)) || refusedOf(deps, provider).includes(l));
  const unsupported = notOffered.length > 0 ? { unsupportedLanguages: notOffered } : {};
  if (res.ok) return { state: 'working', ...known, languages: res.languages, ...unsupported };
  return { state: 'failing', ...known, error: res.reason, ...(res.status ? { httpStatus: res.status } : {}), ...unsupported };
}

/** An admin's sentence translated now (the read budget, not paused: they asked), counted for the clinic. */
export async function tryTranslation(deps: Pick<Deps, 'config' | 'db' | 'clock'>, clinicId: string, input: { text: string; target: string }): Promise<TryTranslation> {
  const provider = providerOf(deps);
  if (!provider) return { ok: false, error: 'not_configured' };
  const res = await translateCounted(deps, provider, clinicId, { text: input.text, source: 'auto', target: base(input.target) }, { timeoutMs: READ_BUDGET_MS });
  if (res.ok) {
    await noteSuccess(deps, provider);
    return { ok: true, text: res.text, detectedLanguage: res.detectedLanguage, characters: [...input.text].length };
  }
  const failure = failureOf(provider, res);
  if (!failure) {
    noteRefused(deps, provider, input.target);
    return { ok: false, error: 'unsupported' };
  }
  await noteFailure(deps, provider, failure);
  return { ok: false, ...failure };
}

/** Queues the background translation of one message into the given languages (not waited for). */
export async function requestTranslation(deps: Pick<Deps, 'config' | 'jobs'>, messageId: string, languages: readonly string[]): Promise<void> {
  if (!deps.config.translate || languages.length === 0) return;
  await deps.jobs.send(TRANSLATE_QUEUE, { messageId, languages: [...new Set(languages.map(base))] });
}

/**
 * The background job: translates one message into each language asked for that it lacks. Throws
 * when the server fails, so the job queue retries it later with backoff.
 */
export async function translateMessageJob(
  deps: Pick<Deps, 'config' | 'db' | 'clock'>,
  input: { message: TranslatableMessage; languages: readonly string[] },
): Promise<number> {
  const provider = providerOf(deps);
  const { message } = input;
  if (!provider || message.retracted || message.text.trim() === '') return 0;
  let stored = 0;
  const known = await cached(deps.db, [message.id]);
  let source = known.find((r) => r.source_language)?.source_language ?? null;
  const wanted = [...new Set(input.languages.map(base))].filter((l) => !known.some((r) => base(r.language) === l));
  for (const target of wanted) {
    if (source !== null && base(source) === target) continue;
    if (source === null && message.language !== null && base(message.language) === target) continue;
    // A service that just failed is left alone for a while: the queue's backoff brings the job back.
    if (isPaused(deps, provider)) throw new Error('translation server: paused after a failure');
    if (isRefused(deps, provider, target)) continue;
    const res = await translateCounted(deps, provider, message.clinicId, { text: message.text, source: source ?? 'auto', target }, { timeoutMs: JOB_TIMEOUT_MS });
    if (!res.ok) {
      const failure = failureOf(provider, res);
      // A language the service lacks will not come: readers keep the original with the note.
      if (!failure) {
        noteRefused(deps, provider, target);
        continue;
      }
      await noteFailure(deps, provider, failure);
      throw new Error(`translation server: ${res.reason}`);
    }
    await noteSuccess(deps, provider);
    source ??= res.detectedLanguage ?? message.language;
    await store(deps.db, message, target, res.text, source);
    stored++;
  }
  return stored;
}

/** Runs a queued translation job: `{ messageId, languages }`. */
export async function runTranslationJob(deps: Pick<Deps, 'config' | 'db' | 'clock'>, data: Record<string, unknown>): Promise<void> {
  const messageId = typeof data.messageId === 'string' ? data.messageId : '';
  const languages = Array.isArray(data.languages) ? data.languages.filter((l): l is string => typeof l === 'string') : [];
  const row = await deps.db.selectFrom('message').select(['id', 'clinic_id', 'conversation_id', 'body', 'language', 'retracted_at']).where('id', '=', messageId).executeTakeFirst();
  if (!row) return;
  const stored = await translateMessageJob(deps, {
    message: { id: row.id, clinicId: row.clinic_id, text: row.body, language: row.language, retracted: row.retracted_at !== null },
    languages,
  });
  if (stored === 0) return;
  // Readers who saw the original with a note get the translation without reloading.
  await deps.db.transaction().execute(async (tx) => {
    const conversation = await tx.selectFrom('conversation').select(['id', 'child_id', 'kind']).where('id', '=', row.conversation_id).executeTakeFirstOrThrow();
    const readers = await conversationReaders(tx, conversation);
    await publish(tx, readers, { type: 'message.translated', childId: conversation.child_id, conversationId: conversation.id, messageId: row.id });
  });
}

/** The languages these people read in (their app language). */
export async function readerLanguages(db: Executor, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('app_user').select('locale').distinct().where('id', 'in', userIds).execute();
  return rows.map((r) => r.locale);
}

/** A message as a reader receives it, before its translation fields are filled in. */
type MessageOut = { id: string; body: string | null; language: string; retractedAt: string | null };

/** Fills a page of messages with the reader's translations (see translationsFor). */
export async function translateForReader<M extends MessageOut>(
  deps: Pick<Deps, 'config' | 'db' | 'clock' | 'jobs'>,
  clinicId: string,
  messages: readonly M[],
  readerLanguage: string,
): Promise<(M & Omit<TranslationView, 'language'>)[]> {
  const views = await translationsFor(deps, messages.map((m) => ({
    id: m.id, clinicId, text: m.body ?? '', language: m.language, retracted: m.retractedAt !== null || m.body === null,
  })), readerLanguage);
  return messages.map((m) => {
    const v = views.get(m.id);
    return { ...m, language: v?.language ?? m.language, translated: v?.translated ?? null, translationUnavailable: v?.translationUnavailable ?? false };
  });
}

const same = (a: string, b: string) => a.replace(/\r\n?/g, '\n').trim().normalize('NFC') === b.replace(/\r\n?/g, '\n').trim().normalize('NFC');

/**
 * When a message's text is a quick reply or clinic template this person may use, sent unchanged:
 * the language it is written in, and its other languages' human wording. Edited → null.
 */
export async function quickReplyWording(
  db: Executor,
  userId: string,
  quickReplyId: string,
  body: string,
): Promise<{ language: string; others: { language: string; text: string }[] } | null> {
  const q = await findUsableQuickReply(db, userId, quickReplyId);
  if (!q) return null;
  const texts = Object.entries(q.text).flatMap(([language, text]) => (text ? [{ language, text }] : []));
  const written = texts.find((x) => same(x.text, body));
  if (!written) return null;
  return { language: written.language, others: texts.filter((x) => x !== written) };
}
