// Session reminders: before each scheduled session, to everyone it is for who may still see it and
// did not say they can't make it, at each person's own lead times, on their own channel (through
// the notification centre), out of their quiet hours unless the session starts inside them.
// A per-minute sweep, one instance at a time, works out what is due from the sessions as they
// are now: a moved session is reminded at its new time, a cancelled one not at all. Each reminder
// is claimed (person, session, start, lead) in the transaction that notifies: a restart neither
// loses one (the nearest still owed is sent) nor repeats one.
import { MAX_LEAD_MINUTES } from '../../../contract/session-reminder-leads.ts';
import type { Deps } from '../../deps.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { notify, quietOf } from '../notifications/notify.ts';
import { calendarPeople, claimReminder, forgetClaimsBefore, scheduledStartingIn, sentReminders, trySweepLock, type CalendarSessionRow } from './session-calendar.repository.ts';
import { localeOf } from '../../../contract/common.ts';
import { attendeesOf, dueReminder, leadsOf, sessionMailVars, stillVisible } from './session-calendar.service.ts';

/** A reminder's claim is kept a week past the start it was for. */
const CLAIMS_KEPT_MS = 7 * 86_400_000;

type Due = { userId: string; session: CalendarSessionRow; lead: number; ignoreQuiet: boolean };

/** Sends the session reminders that are due. Returns how many people were reminded. */
export async function sweepSessionReminders(deps: Deps): Promise<number> {
  const now = deps.clock();
  const { mails, count } = await deps.db.transaction().execute(async (tx) => {
    if (!(await trySweepLock(tx))) return { mails: [], count: 0 };
    await forgetClaimsBefore(tx, new Date(now.getTime() - CLAIMS_KEPT_MS));
    const sessions = await scheduledStartingIn(tx, now, new Date(now.getTime() + MAX_LEAD_MINUTES * 60_000));
    if (sessions.length === 0) return { mails: [], count: 0 };
    const attendees = await attendeesOf(tx, sessions);
    const people = new Map((await calendarPeople(tx, [...attendees.values()].flat().map((a) => a.userId))).map((p) => [p.id, p]));
    const sent = new Set((await sentReminders(tx, sessions.map((s) => s.id))).map((r) => `${r.session_id}:${r.user_id}:${r.starts_at.getTime()}:${r.lead_minutes}`));
    const due: Due[] = [];
    for (const s of sessions) {
      for (const a of attendees.get(s.id) ?? []) {
        const p = people.get(a.userId);
        if (!p || a.response === 'no') continue;
        const d = dueReminder({ startsAt: s.starts_at, changedAt: s.updated_at, leads: leadsOf(p.leads), zone: p.time_zone ?? s.child_tz, quiet: quietOf(p.quiet_start, p.quiet_end) }, now);
        if (d && !sent.has(`${s.id}:${p.id}:${s.starts_at.getTime()}:${d.lead}`)) due.push({ userId: p.id, session: s, ...d });
      }
    }
    const queued: string[] = [];
    let reminded = 0;
    for (const d of await stillVisible(tx, due)) {
      const s = d.session;
      const p = people.get(d.userId);
      if (!p || !(await claimReminder(tx, { session_id: s.id, user_id: p.id, starts_at: s.starts_at, lead_minutes: d.lead }, now))) continue;
      const key = `${s.id}:${s.starts_at.getTime()}:${d.lead}`;
      reminded++;
      queued.push(...await notify(deps, tx, {
        userIds: [p.id], kind: 'session_reminder', childId: s.child_id, clinicId: s.clinic_id, actorId: null,
        target: { sessionId: s.id }, dedupeKey: `session-reminder:${key}`, ignoreQuiet: d.ignoreQuiet,
        mail: {
          template: 'sessionReminder', vars: sessionMailVars(localeOf(p.locale), p.time_zone ?? s.child_tz, s),
          // A video session's reminder leads straight to its call (the check of camera and microphone, then the room).
          path: s.place === 'video' ? `/video/${s.id}` : `/children/${s.child_id}/sessions`, footer: 'notifications', dedupeKey: (userId) => `session-reminder:${userId}:${key}`,
        },
      }));
    }
    return { mails: queued, count: reminded };
  });
  await afterCommit(deps, mails);
  return count;
}
