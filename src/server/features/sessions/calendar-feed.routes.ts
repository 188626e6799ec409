// Sessions in the calendars people already use, over HTTP: each person's session reminder lead
// times; their private calendar feed (its address shown to them, reset on request, read by
// calendar apps with only the token); and one session's .ics for whoever may see it.
import { createHmac, randomBytes } from 'node:crypto';
import { ChildSessionParams } from '../../../contract/sessions.ts';
import { CalendarFeed, CalendarFeedParams, SessionReminderSettings, UpdateSessionReminderSettingsRequest } from '../../../contract/session-calendar.ts';
import { z } from 'zod';
import { isUuid, loadChildAccess } from '../../access/access.ts';
import { auditContext, derivedKey, recordAudit, recordRead } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import { hashToken } from '../../http/tokens.ts';
import type { App } from '../../http/types.ts';
import { adminClinics, listChildrenFor } from '../children/children.repository.ts';
import { sessionCalendar } from './ics.ts';
import { calendarSessions, clinicRolesOf, feedOf, feedOwner, invitedAmong, reminderLeadsOf, replaceFeed, saveReminderLeads } from './session-calendar.repository.ts';
import { localeOf } from '../../../contract/common.ts';
import { leadsOf } from './session-calendar.service.ts';
import { icsSession } from './session-mail.ts';
import { sessionsInRange } from './sessions.repository.ts';
import { canSee, visibilityFor } from './sessions.service.ts';

const DAY_MS = 86_400_000;
/** What a feed lists: a month back, six months ahead. */
export const FEED_DAYS_BACK = 30;
export const FEED_DAYS_AHEAD = 183;

/** The token of a feed, derived from its nonce with the server's key: the database alone cannot give it. */
const feedToken = (nonce: Buffer): string => createHmac('sha256', derivedKey('calendar-feed')).update(nonce).digest('base64url');
const feedUrl = (deps: Deps, nonce: Buffer) => `${deps.config.publicUrl}/api/calendar/${feedToken(nonce)}.ics`;

const CalendarFeedState = z.object({ feed: CalendarFeed.nullable() });

export function registerCalendarFeedRoutes(app: App, deps: Deps): void {
  async function reminderSettings(db: Executor, userId: string) {
    const chosen = await reminderLeadsOf(db, userId);
    return { leads: [...leadsOf(chosen)].sort((a, b) => b - a), chosen: chosen !== null };
  }

  app.get('/api/me/session-reminders', {
    schema: { tags: ['sessions'], response: { 200: SessionReminderSettings } },
  }, async (request) => reminderSettings(deps.db, requireActor(request).userId));

  app.put('/api/me/session-reminders', {
    schema: { tags: ['sessions'], body: UpdateSessionReminderSettingsRequest, response: { 200: SessionReminderSettings } },
  }, async (request) => {
    const actor = requireActor(request);
    return deps.db.transaction().execute(async (tx) => {
      await saveReminderLeads(tx, actor.userId, request.body.leads, deps.clock());
      await recordAudit(tx, auditContext(request), { action: 'session.reminder_settings', subjectType: 'user', subjectId: actor.userId, details: { leads: request.body.leads } });
      return reminderSettings(tx, actor.userId);
    });
  });

  app.get('/api/me/calendar-feed', {
    schema: { tags: ['sessions'], response: { 200: CalendarFeedState } },
  }, async (request) => {
    const feed = await feedOf(deps.db, requireActor(request).userId);
    return { feed: feed ? { url: feedUrl(deps, feed.nonce), createdAt: feed.created_at.toISOString() } : null };
  });

  // Makes the address, or replaces it: the old one answers 404 from now on.
  app.post('/api/me/calendar-feed', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: { tags: ['sessions'], response: { 200: CalendarFeedState } },
  }, async (request) => {
    const actor = requireActor(request);
    const nonce = randomBytes(32);
    const now = deps.clock();
    await deps.db.transaction().execute(async (tx) => {
      const before = await feedOf(tx, actor.userId);
      await replaceFeed(tx, actor.userId, nonce, hashToken(feedToken(nonce)), now);
      await recordAudit(tx, auditContext(request), { action: before ? 'calendar_feed.reset' : 'calendar_feed.create', subjectType: 'user', subjectId: actor.userId });
    });
    return { feed: { url: feedUrl(deps, nonce), createdAt: now.toISOString() } };
  });

  // The feed, read by a calendar app with no session: the token in the address is the only key.
  app.get('/api/calendar/:token', {
    config: { public: true, sessionless: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: { tags: ['sessions'], params: CalendarFeedParams },
  }, async (request, reply) => {
    const token = request.params.token.replace(/\.ics$/, '');
    const owner = await feedOwner(deps.db, hashToken(token));
    if (!owner) throw notFound();
    const now = deps.clock();
    const children = await listChildrenFor(deps.db, owner.user_id, adminClinics(await clinicRolesOf(deps.db, owner.user_id)));
    const access = [...(await loadChildAccess(deps.db, owner.user_id, children.map((c) => c.id))).values()].filter((a) => a.permissions.includes('sessions.view'));
    const rows = await sessionsInRange(deps.db, owner.user_id, access.map((a) => ({ childId: a.childId, visibility: visibilityFor(a) })),
      new Date(now.getTime() - FEED_DAYS_BACK * DAY_MS), new Date(now.getTime() + FEED_DAYS_AHEAD * DAY_MS));
    // A person's calendar holds the sessions that are theirs: run by them, or they or their family invited.
    const invited = await invitedAmong(deps.db, owner.user_id, rows.map((r) => r.id));
    const byChild = new Map(access.map((a) => [a.childId, a]));
    const familyOf = (childId: string) => {
      const a = byChild.get(childId);
      return a !== undefined && visibilityFor(a) === 'family';
    };
    const mine = rows.filter((r) => r.created_by === owner.user_id || invited.has(r.id) || (r.family_invited && familyOf(r.child_id)));
    const sessions = await calendarSessions(deps.db, mine.map((r) => r.id));
    const ctx = { ...auditContext(request), actorId: owner.user_id };
    await Promise.all([...new Set(sessions.map((s) => s.child_id))].map((childId) => recordRead(deps.db, { ...ctx, clinicId: byChild.get(childId)?.clinicId ?? null }, {
      action: 'session.feed', childId, clinicId: byChild.get(childId)?.clinicId ?? null, subjectType: 'child', subjectId: childId,
    })));
    const locale = localeOf(owner.locale);
    const body = sessionCalendar(sessions.map((s) => icsSession(s)), { locale, publicUrl: deps.config.publicUrl, now, method: null, name: 'CareTeam' });
    return reply.type('text/calendar; charset=utf-8').header('Content-Disposition', 'inline; filename="careteam.ics"').send(body);
  });

  app.get('/api/children/:childId/sessions/:sessionId/ics', {
    config: { child: 'sessions.view' },
    schema: { tags: ['sessions'], params: ChildSessionParams },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const id = request.params.sessionId;
    if (!isUuid(id)) throw notFound();
    const [s] = await calendarSessions(deps.db, [id]);
    if (s?.child_id !== access.childId) throw notFound();
    const invited = await invitedAmong(deps.db, actor.userId, [s.id]);
    if (!canSee(visibilityFor(access), s, invited.has(s.id) || s.created_by === actor.userId)) throw notFound();
    await recordRead(deps.db, auditContext(request), { action: 'session.ics', childId: access.childId, clinicId: access.clinicId, subjectType: 'session', subjectId: s.id });
    const body = sessionCalendar([icsSession(s)], { locale: localeOf(actor.locale), publicUrl: deps.config.publicUrl, now: deps.clock(), method: 'PUBLISH' });
    return reply.type('text/calendar; charset=utf-8').header('Content-Disposition', 'attachment; filename="session.ics"').send(body);
  });
}
