// Good news, on purpose, over HTTP: a therapist's caseload families who have heard nothing positive
// from the team for two weeks, with their latest wins and goals going well; and marking the
// message the therapist then sent as good news, which clears the flag.
import { ChildId } from '../../../contract/children.ts';
import { GOOD_NEWS_AFTER_DAYS, GoodNewsList, GoodNewsRecorded, RecordGoodNewsRequest } from '../../../contract/good-news.ts';
import { auditContext, recordAudit, recordRead } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess, requireRelatedAccess } from '../../http/auth.ts';
import { badField } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { localDate } from '../children/calendar.ts';
import { goalsGoingWell } from '../plan/attention.ts';
import { caseloadNames, lastPositive, markGoodNews, ownMessage, recentWins } from './good-news.repository.ts';

const DAY_MS = 86_400_000;
const tags = ['good news'];

export function registerGoodNewsRoutes(app: App, deps: Deps): void {
  app.get('/api/good-news', {
    config: { relatedChildren: true },
    schema: { tags, response: { 200: GoodNewsList } },
  }, async (request) => {
    // The therapist's own caseload: the children they are on the team of as a therapist.
    const caseload = [...requireRelatedAccess(request).access.values()].filter((a) => a.role === 'therapist' && a.permissions.includes('plan.view'));
    if (caseload.length === 0) return { families: [] };
    const now = deps.clock();
    const quietSince = now.getTime() - GOOD_NEWS_AFTER_DAYS * DAY_MS;
    const last = await lastPositive(deps.db, caseload.map((a) => a.childId));
    const quiet = caseload.filter((a) => (last.get(a.childId)?.getTime() ?? 0) < quietSince);
    if (quiet.length === 0) return { families: [] };
    const ids = quiet.map((a) => a.childId);
    const [children, wins, going] = await Promise.all([
      caseloadNames(deps.db, ids), recentWins(deps.db, ids, localDate(new Date(now.getTime() - 30 * DAY_MS), 'UTC')), goalsGoingWell(deps.db, ids, now),
    ]);
    // The families' wins and goals are read from their records: each child's read is audited.
    await Promise.all(quiet.map((a) => recordRead(deps.db, auditContext(request), { action: 'good_news.list', childId: a.childId, clinicId: a.clinicId, subjectType: 'child', subjectId: a.childId })));
    const families = children.map((c) => ({
      childId: c.id,
      firstName: c.first_name,
      lastAt: last.get(c.id)?.toISOString() ?? null,
      wins: wins.filter((w) => w.child_id === c.id).slice(0, 3).map((w) => ({ title: w.title, happenedOn: w.happened_on })),
      goingWell: (going.get(c.id) ?? []).slice(0, 3).map((g) => ({ goalId: g.id, statement: g.statement })),
    }));
    // Longest quiet first: never heard good news, then the oldest.
    return { families: families.sort((a, b) => (a.lastAt ?? '').localeCompare(b.lastAt ?? '')) };
  });

  app.post('/api/children/:childId/good-news', {
    config: { child: 'messages.send' },
    schema: { tags, params: ChildId, body: RecordGoodNewsRequest, response: { 201: GoodNewsRecorded } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const saved = await deps.db.transaction().execute(async (tx) => {
      const message = await ownMessage(tx, access.childId, actor.userId, request.body.messageId);
      if (!message) throw badField('messageId', 'Mark a message you sent to this family.');
      const row = await markGoodNews(tx, { clinicId: access.clinicId, childId: access.childId, messageId: message.id, by: actor.userId, at: message.created_at });
      if (row.created) {
        await recordAudit(tx, auditContext(request), { action: 'good_news.record', childId: access.childId, clinicId: access.clinicId, subjectType: 'message', subjectId: message.id });
      }
      return row;
    });
    return reply.status(201).send({ id: saved.id, sentAt: saved.sent_at.toISOString() });
  });
}
