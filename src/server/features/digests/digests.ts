// The weekly digest sweep, on the pattern of practice reminders: a per-minute job takes the
// digests that are due, queues each as a mail whose dedupe key names the person and the week, and
// places the next one in the same transaction. A restart, a second instance or a retried job never
// sends a digest twice. Each digest is built (read, and its words translated for the reader) before
// that transaction, outside any: a translation server may take seconds to answer, and a
// transaction held open that long would hold the rows and every audit row's seal behind it.
import { type Locale, localeOf } from '../../../contract/common.ts';
import type { MailContent } from '../../mail/templates.ts';
import type { Deps } from '../../deps.ts';
import { afterCommit, queueMail } from '../../mail/mail.service.ts';
import { localDate } from '../children/calendar.ts';
import { contentTranslations } from '../translation/content-translation.service.ts';
import { buildDigest } from './digest-content.ts';
import { digestKey, digestWindow, LATE_LIMIT_MS, nextDigest } from './digest-schedule.ts';
import { type DueRow, dueDigests, ensurePreferences, lockStillDue, placeNextDigest } from './digests.repository.ts';

export function scheduleOf(r: { digest_weekday: number; digest_time: string; time_zone: string; quiet_start: string | null; quiet_end: string | null }) {
  return {
    weekday: r.digest_weekday, time: r.digest_time.slice(0, 5), timeZone: r.time_zone,
    quiet: r.quiet_start && r.quiet_end ? { start: r.quiet_start.slice(0, 5), end: r.quiet_end.slice(0, 5) } : null,
  };
}

/** What a due row's digest says, built outside any transaction; null when there is nothing to send. */
async function built(deps: Deps, r: DueRow, now: Date): Promise<{ content: MailContent | null; date: string } | null> {
  const schedule = scheduleOf(r);
  // Not sent much later than its time (the server was down for long): next week's comes instead.
  if (!r.digest_next_at || now.getTime() - r.digest_next_at.getTime() > LATE_LIMIT_MS) return null;
  const date = localDate(r.digest_next_at, schedule.timeZone);
  const locale: Locale = localeOf(r.locale);
  const content = await buildDigest(deps.db, {
    userId: r.user_id, name: r.name, locale, clinicName: r.clinic_name ?? 'CareTeam', publicUrl: deps.config.publicUrl,
    // A digest without its content in the email needs no translation.
    translateContent: r.digest_details ? (items) => contentTranslations(deps, items, locale) : async () => new Map(),
    weekday: schedule.weekday, time: schedule.time, details: r.digest_details,
  }, digestWindow(date, schedule.time), now);
  return { content, date };
}

/**
 * One batch: the due rows read, their digests built, then in one short transaction the rows still
 * due as they were read are locked (rows another instance holds, or changed meanwhile, are left to
 * it), their digests queued and their next ones placed. `placed` counts the rows this sweep moved on.
 */
async function sweepBatch(deps: Deps, limit: number): Promise<{ rows: number; placed: number; queued: (string | null)[] }> {
  const now = deps.clock();
  const due = await dueDigests(deps.db, now, limit);
  const digests = new Map<string, Awaited<ReturnType<typeof built>>>();
  for (const r of due) digests.set(r.user_id, await built(deps, r, now));
  return deps.db.transaction().execute(async (tx) => {
    const still = await lockStillDue(tx, due);
    const queued: (string | null)[] = [];
    for (const r of due.filter((d) => still.has(d.user_id))) {
      const digest = digests.get(r.user_id);
      if (digest?.content) {
        queued.push(await queueMail(deps, tx, {
          clinicId: r.clinic_id, to: r.email, locale: localeOf(r.locale), content: digest.content, optional: { userId: r.user_id, kind: 'digest' }, dedupeKey: digestKey(r.user_id, digest.date),
        }));
      }
      await placeNextDigest(tx, r.user_id, nextDigest(scheduleOf(r), now).at, now);
    }
    return { rows: due.length, placed: still.size, queued };
  });
}

/** Sends the digests that are due and places the next ones. Returns how many mails were queued. */
export async function sweepDigests(deps: Deps, batch = 200): Promise<number> {
  await ensurePreferences(deps.db);
  let total = 0;
  // Batches in their own short transactions, until none is left: a Sunday evening for a whole
  // clinic goes out in one sweep. A batch this sweep could place none of is another instance's.
  for (;;) {
    const { rows, placed, queued } = await sweepBatch(deps, batch);
    await afterCommit(deps, queued);
    total += queued.filter(Boolean).length;
    if (rows < batch || placed === 0) return total;
  }
}
