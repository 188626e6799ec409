// The notification centre (each person's own list, unread count, read state), each person's
// notification settings, and the clinic admin's urgent notices.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { CHOOSABLE_KINDS, type ChoosableKind, type NotificationMode } from '../../../contract/notification-kinds.ts';
import {
  NotificationList, NotificationParams, NotificationQuery, NotificationSettings, ReadAllResponse, SendNoticeRequest, UnreadCount,
  UpdateNotificationSettingsRequest, UrgentNotice, UrgentNoticeList,
} from '../../../contract/notifications.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/auth.ts';
import { badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { publish } from '../../realtime/hub.ts';
import { requireAdmin } from '../admin/admin.routes.ts';
import { notify } from './notify.ts';
import { isStopped } from './sms/sms.repository.ts';
import { textsConfigured } from './sms/sms.service.ts';
import { isUuid } from '../../access/access.ts';
import { localesOf, withTranslation } from '../translation/content-translation.service.ts';
import { noticeTranslations, noticeWordsIn } from './urgent-notice.service.ts';

/**
 * A person's notifications they may still see: about no child (a clinic notice, someone joining
 * the clinic) or about a child whose team they are still on (a removed member's list forgets it).
 */
function mine(db: Executor, userId: string) {
  return db.selectFrom('notification as n')
    .where('n.user_id', '=', userId)
    .where((eb) => eb.or([
      eb('n.child_id', 'is', null),
      eb.exists(eb.selectFrom('care_team_member as m').leftJoin('consent as k', 'k.id', 'm.consent_id').select('m.id')
        .whereRef('m.child_id', '=', 'n.child_id').where('m.user_id', '=', userId).where('m.revoked_at', 'is', null)
        .where((e) => e.or([e('m.consent_id', 'is', null), e('k.revoked_at', 'is', null)]))),
      eb.exists(eb.selectFrom('clinic_member as cm').select('cm.user_id')
        .whereRef('cm.clinic_id', '=', 'n.clinic_id').where('cm.user_id', '=', userId).where('cm.role', '=', 'admin')),
    ]));
}

async function unreadCount(db: Executor, userId: string): Promise<number> {
  const r = await mine(db, userId).select(sql<number>`count(*)::int`.as('n')).where('n.read_at', 'is', null).executeTakeFirst();
  return r?.n ?? 0;
}

async function settingsOf(deps: Deps, db: Executor, userId: string) {
  const s = await db.selectFrom('notification_setting').selectAll().where('user_id', '=', userId).executeTakeFirst();
  const prefs = await db.selectFrom('notification_preference').select(['kind', 'mode', 'channel']).where('user_id', '=', userId).execute();
  const chosen = new Map(prefs.map((p) => [p.kind, p]));
  const { phone } = await db.selectFrom('app_user').select('phone').where('id', '=', userId).executeTakeFirstOrThrow();
  return {
    channel: s?.channel ?? ('email' as const),
    digestTime: (s?.digest_time ?? '18:00').slice(0, 5),
    kinds: CHOOSABLE_KINDS.map((kind: ChoosableKind) => ({
      kind, mode: (chosen.get(kind)?.mode ?? 'immediately') as NotificationMode, channel: chosen.get(kind)?.channel ?? null,
    })),
    texts: { configured: textsConfigured(deps), phone, stopped: phone ? await isStopped(db, phone) : false },
  };
}

export function registerNotificationRoutes(app: App, deps: Deps): void {
  app.get('/api/notifications', {
    schema: { tags: ['notifications'], querystring: NotificationQuery, response: { 200: NotificationList } },
  }, async (request) => {
    const actor = requireActor(request);
    const { before, limit } = request.query;
    let q = mine(deps.db, actor.userId)
      .leftJoin('child as c', 'c.id', 'n.child_id')
      .leftJoin('app_user as a', 'a.id', 'n.actor_id')
      .leftJoin('urgent_notice as un', (j) => j.on(sql<boolean>`un.id::text = n.target->>'noticeId'`))
      .select(['n.id', 'n.kind', 'n.child_id', 'c.first_name', 'a.name as actor_name', 'n.target', 'n.count', 'n.created_at', 'n.updated_at', 'n.read_at', 'un.body as notice',
        'un.id as notice_id', 'un.clinic_id as notice_clinic', 'un.created_by as notice_by']);
    if (before) q = q.where('n.updated_at', '<', new Date(before));
    const rows = await q.orderBy('n.updated_at', 'desc').orderBy('n.id').limit(limit + 1).execute();
    const page = rows.slice(0, limit);
    const notices = page.flatMap((r) => (r.notice !== null && r.notice_id && r.notice_clinic && r.notice_by
      ? [{ id: r.notice_id, clinic_id: r.notice_clinic, body: r.notice, created_by: r.notice_by }] : []));
    const translations = await noticeTranslations(deps, notices, actor.locale);
    return {
      notifications: page.map((r) => ({
        id: r.id, kind: r.kind, childId: r.child_id, childName: r.first_name, actorName: r.actor_name, target: r.target, count: r.count,
        createdAt: r.created_at.toISOString(), updatedAt: r.updated_at.toISOString(), readAt: r.read_at?.toISOString() ?? null, notice: r.notice,
        ...withTranslation(r.notice_id ? translations.get(r.notice_id) : undefined),
      })),
      unread: await unreadCount(deps.db, actor.userId),
      nextBefore: rows.length > limit ? (page[page.length - 1]?.updated_at.toISOString() ?? null) : null,
    };
  });

  app.get('/api/notifications/unread', {
    schema: { tags: ['notifications'], response: { 200: UnreadCount } },
  }, async (request) => ({ unread: await unreadCount(deps.db, requireActor(request).userId) }));

  app.post('/api/notifications/:notificationId/read', {
    schema: { tags: ['notifications'], params: NotificationParams, response: { 200: UnreadCount } },
  }, async (request) => {
    const actor = requireActor(request);
    const id = request.params.notificationId;
    if (!isUuid(id)) throw notFound();
    return deps.db.transaction().execute(async (tx) => {
      const row = await mine(tx, actor.userId).select(['n.id', 'n.read_at', 'n.child_id', 'n.clinic_id']).where('n.id', '=', id).executeTakeFirst();
      if (!row) throw notFound();
      if (!row.read_at) {
        await tx.updateTable('notification').set({ read_at: deps.clock() }).where('id', '=', row.id).execute();
        await recordAudit(tx, auditContext(request), { action: 'notification.read', childId: row.child_id, clinicId: row.clinic_id, subjectType: 'notification', subjectId: row.id });
        await publish(tx, [actor.userId], { type: 'notification.read' });
      }
      return { unread: await unreadCount(tx, actor.userId) };
    });
  });

  app.post('/api/notifications/read-all', {
    schema: { tags: ['notifications'], response: { 200: ReadAllResponse } },
  }, async (request) => {
    const actor = requireActor(request);
    return deps.db.transaction().execute(async (tx) => {
      const done = await tx.updateTable('notification').set({ read_at: deps.clock() })
        .where('user_id', '=', actor.userId).where('read_at', 'is', null).returning('id').execute();
      await recordAudit(tx, auditContext(request), { action: 'notification.read_all', subjectType: 'user', subjectId: actor.userId, details: { count: done.length } });
      if (done.length > 0) await publish(tx, [actor.userId], { type: 'notification.read' });
      return { read: done.length, unread: 0 };
    });
  });

  app.get('/api/notifications/settings', {
    schema: { tags: ['notifications'], response: { 200: NotificationSettings } },
  }, async (request) => settingsOf(deps, deps.db, requireActor(request).userId));

  app.put('/api/notifications/settings', {
    schema: { tags: ['notifications'], body: UpdateNotificationSettingsRequest, response: { 200: NotificationSettings } },
  }, async (request) => {
    const actor = requireActor(request);
    const b = request.body;
    // Texts only for someone they can reach: a provider set up and a number on the account.
    const wantsText = [{ field: 'channel', channel: b.channel }, ...b.kinds.map((k, i) => ({ field: `kinds.${i}.channel`, channel: k.channel }))]
      .find((c) => c.channel === 'sms');
    if (wantsText) {
      const { phone } = await deps.db.selectFrom('app_user').select('phone').where('id', '=', actor.userId).executeTakeFirstOrThrow();
      if (!textsConfigured(deps)) throw badField(wantsText.field, 'Text messages are not set up for this clinic.');
      if (!phone) throw badField(wantsText.field, 'Add your mobile number to your account to get text messages.');
    }
    return deps.db.transaction().execute(async (tx) => {
      const now = deps.clock();
      await tx.insertInto('notification_setting').values({ user_id: actor.userId, channel: b.channel, digest_time: b.digestTime, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ channel: b.channel, digest_time: b.digestTime, updated_at: now })).execute();
      for (const k of b.kinds) {
        const channel = k.channel ?? null;
        await tx.insertInto('notification_preference').values({ user_id: actor.userId, kind: k.kind, mode: k.mode, channel })
          .onConflict((oc) => oc.columns(['user_id', 'kind']).doUpdateSet({ mode: k.mode, channel })).execute();
      }
      await recordAudit(tx, auditContext(request), {
        action: 'notification.settings', subjectType: 'user', subjectId: actor.userId,
        details: { channel: b.channel, digestTime: b.digestTime, kinds: Object.fromEntries(b.kinds.map((k) => [k.kind, k.channel ? `${k.mode}:${k.channel}` : k.mode])) },
      });
      return settingsOf(deps, tx, actor.userId);
    });
  });

  // ---- Urgent clinic notices (clinic admins) ---------------------------------------------

  app.get('/api/admin/notices', {
    config: { clinicAdmin: true },
    schema: { tags: ['admin'], response: { 200: UrgentNoticeList } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const rows = await deps.db.selectFrom('urgent_notice as n').innerJoin('app_user as u', 'u.id', 'n.created_by')
      .select(['n.id', 'n.audience', 'n.body', 'n.recipients', 'u.name', 'n.created_at'])
      .where('n.clinic_id', '=', clinicId).orderBy('n.created_at', 'desc').limit(50).execute();
    return { notices: rows.map((r) => ({ id: r.id, audience: r.audience, body: r.body, recipients: r.recipients, by: r.name, createdAt: r.created_at.toISOString() })) };
  });

  app.post('/api/admin/notices', {
    config: { clinicAdmin: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    schema: { tags: ['admin'], body: SendNoticeRequest, response: { 201: UrgentNotice } },
  }, async (request, reply) => {
    const { actor, clinicId } = requireAdmin(request);
    const b = request.body;
    // Who it reaches: the clinic's families, its staff or both, never the admin sending it.
    const recipients = async (db: Executor) => {
      const families = b.audience === 'staff' ? [] : await db.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id')
        .select('m.user_id').distinct().where('m.clinic_id', '=', clinicId).where('m.revoked_at', 'is', null)
        .where('m.role', 'in', ['guardian', 'caregiver']).where('u.disabled_at', 'is', null).execute();
      const staff = b.audience === 'families' ? [] : await db.selectFrom('clinic_member as cm').innerJoin('app_user as u', 'u.id', 'cm.user_id')
        .select('cm.user_id').where('cm.clinic_id', '=', clinicId).where('u.disabled_at', 'is', null).execute();
      return [...new Set([...families, ...staff].map((r) => r.user_id))].filter((id) => id !== actor.userId);
    };
    // Its words in each recipient's language first (kept under the id it is about to get), then the
    // notice, its notifications and mails in one transaction.
    const draft = { id: randomUUID(), clinic_id: clinicId, body: b.body, created_by: actor.userId };
    const words = await noticeWordsIn(deps, draft, (await localesOf(deps.db, await recipients(deps.db))).values());
    const { notice, mails } = await deps.db.transaction().execute(async (tx) => {
      const userIds = await recipients(tx);
      const created = await tx.insertInto('urgent_notice').values({
        id: draft.id, clinic_id: clinicId, audience: b.audience, body: b.body, recipients: userIds.length, created_by: actor.userId, created_at: deps.clock(),
      }).returningAll().executeTakeFirstOrThrow();
      const queued = await notify(deps, tx, {
        userIds, kind: 'urgent_notice', childId: null, clinicId, actorId: actor.userId, target: { noticeId: created.id },
        dedupeKey: `urgent-notice:${created.id}`, notice: words,
      });
      await recordAudit(tx, auditContext(request), {
        action: 'notice.send', clinicId, subjectType: 'urgent_notice', subjectId: created.id, details: { audience: b.audience, recipients: userIds.length },
      });
      return { notice: created, mails: queued };
    });
    await afterCommit(deps, mails);
    return reply.status(201).send({
      id: notice.id, audience: notice.audience, body: notice.body, recipients: notice.recipients, by: actor.name, createdAt: notice.created_at.toISOString(),
    });
  });
}
