// Newsletters: a clinic admin composes (markdown, an optional picture), picks the families and
// sends now or at a time; families read them in the app (and by email); the admin sees how many
// were emailed and read.
import { readFile, unlink } from 'node:fs/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import { Ok } from '../../../contract/common.ts';
import {
  AdminNewsletter, AdminNewsletterList, CreateNewsletterRequest, Newsletter, NewsletterList, NewsletterParams, NewsletterPreview,
  PreviewNewsletterRequest, SendNewsletterRequest, type NewsletterAudience,
} from '../../../contract/newsletters.ts';
import { auditContext, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { NewsletterTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { IMAGE_TYPES } from '../../../contract/upload-rules.ts';
import { receiveBody } from '../../uploads/receive.ts';
import { incomingDirOf } from '../../uploads/store.ts';
import { renderMarkdown } from './markdown.ts';
import { audienceOf } from './newsletters.repository.ts';
import { newsletterTitles, newsletterTranslation } from './newsletters.service.ts';
import { withTranslation } from '../translation/content-translation.service.ts';

const admin = { clinicAdmin: true };
/** The picture lives in the newsletter's row (the column allows 2 MB). */
const NEWSLETTER_IMAGE_MAX_BYTES = 2 * 1024 * 1024;
type Row = Omit<Selectable<NewsletterTable>, 'image' | 'translating_until'> & { has_image: boolean };

function requireAdmin(request: FastifyRequest) {
  const actor = requireActor(request);
  const clinic = actor.clinics.find((c) => c.role === 'admin');
  if (!clinic) throw notFound();
  return { actor, clinicId: clinic.clinicId };
}

function audienceColumns(a: NewsletterAudience) {
  return {
    audience: a.kind,
    audience_therapist: a.kind === 'therapist' ? a.therapistId : null,
    audience_therapy_type: a.kind === 'therapy_type' ? a.therapyType : null,
  };
}

function audienceOfRow(r: Row): NewsletterAudience {
  if (r.audience === 'therapist' && r.audience_therapist) return { kind: 'therapist', therapistId: r.audience_therapist };
  if (r.audience === 'therapy_type' && r.audience_therapy_type) return { kind: 'therapy_type', therapyType: r.audience_therapy_type as Extract<NewsletterAudience, { kind: 'therapy_type' }>['therapyType'] };
  return { kind: 'all' };
}

const COLUMNS = [
  'n.id', 'n.clinic_id', 'n.title', 'n.body', 'n.image_type', 'n.audience', 'n.audience_therapist', 'n.audience_therapy_type',
  'n.status', 'n.send_at', 'n.sent_at', 'n.created_by', 'n.created_at', 'n.updated_at',
] as const;

async function adminList(db: Executor, clinicId: string, id?: string) {
  let q = db.selectFrom('newsletter as n').leftJoin('app_user as t', 't.id', 'n.audience_therapist')
    .select([...COLUMNS, 't.name as therapist', sql<boolean>`n.image is not null`.as('has_image'),
      sql<number>`(select count(*)::int from newsletter_recipient r where r.newsletter_id = n.id)`.as('recipients'),
      sql<number>`(select count(*)::int from newsletter_recipient r join mail_outbox o on o.id = r.mail_id where r.newsletter_id = n.id and o.status = 'sent')`.as('emailed'),
      sql<number>`(select count(*)::int from newsletter_recipient r where r.newsletter_id = n.id and r.opened_at is not null)`.as('opened'),
    ])
    .where('n.clinic_id', '=', clinicId);
  if (id) q = q.where('n.id', '=', id);
  const rows = await q.orderBy(sql`coalesce(n.sent_at, n.send_at, n.created_at)`, 'desc').limit(100).execute();
  return rows.map((r) => ({
    id: r.id, title: r.title, body: r.body, html: renderMarkdown(r.body), hasImage: r.has_image, audience: audienceOfRow(r), audienceTherapist: r.therapist,
    status: r.status, sendAt: r.send_at?.toISOString() ?? null, sentAt: r.sent_at?.toISOString() ?? null, createdAt: r.created_at.toISOString(),
    counts: { recipients: r.recipients, emailed: r.emailed, opened: r.opened },
  }));
}

/** A therapist named in an audience must work at the clinic. */
async function checkAudience(db: Executor, clinicId: string, a: NewsletterAudience): Promise<void> {
  if (a.kind !== 'therapist') return;
  const found = await db.selectFrom('clinic_member').select('user_id').where('clinic_id', '=', clinicId).where('user_id', '=', a.therapistId).executeTakeFirst();
  if (!found) throw badField('audience.therapistId', 'Choose a therapist of your clinic.');
}

export function registerNewsletterRoutes(app: App, deps: Deps): void {
  // ---- The clinic's admins -----------------------------------------------------------------

  app.get('/api/admin/newsletters', { config: admin, schema: { tags: ['newsletters'], response: { 200: AdminNewsletterList } } }, async (request) => {
    const { clinicId } = requireAdmin(request);
    return { newsletters: await adminList(deps.db, clinicId) };
  });

  app.get('/api/admin/newsletters/:newsletterId', {
    config: admin, schema: { tags: ['newsletters'], params: NewsletterParams, response: { 200: AdminNewsletter } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const [n] = await adminList(deps.db, clinicId, request.params.newsletterId);
    if (!n) throw notFound();
    return n;
  });

  app.post('/api/admin/newsletters/preview', {
    config: admin, schema: { tags: ['newsletters'], body: PreviewNewsletterRequest, response: { 200: NewsletterPreview } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const a = request.body.audience;
    await checkAudience(deps.db, clinicId, a);
    const people = await audienceOf(deps.db, { clinic_id: clinicId, ...audienceColumns(a) });
    return { html: renderMarkdown(request.body.body), recipients: people.length };
  });

  app.post('/api/admin/newsletters', {
    config: admin, schema: { tags: ['newsletters'], body: CreateNewsletterRequest, response: { 201: AdminNewsletter } },
  }, async (request, reply) => {
    const { actor, clinicId } = requireAdmin(request);
    const b = request.body;
    const id = await deps.db.transaction().execute(async (tx) => {
      await checkAudience(tx, clinicId, b.audience);
      const row = await tx.insertInto('newsletter').values({
        clinic_id: clinicId, title: b.title, body: b.body, ...audienceColumns(b.audience), created_by: actor.userId, updated_at: deps.clock(),
      }).returning('id').executeTakeFirstOrThrow();
      await recordAudit(tx, auditContext(request), { action: 'newsletter.create', clinicId, subjectType: 'newsletter', subjectId: row.id, details: { audience: b.audience } });
      return row.id;
    });
    const [n] = await adminList(deps.db, clinicId, id);
    if (!n) throw notFound();
    return reply.status(201).send(n);
  });

  /** A newsletter of the admin's clinic that has not gone out yet, locked for a change. */
  async function lockUnsent(tx: Executor, clinicId: string, id: string) {
    const row = await tx.selectFrom('newsletter').select(['id', 'status']).where('id', '=', id).where('clinic_id', '=', clinicId).forUpdate().executeTakeFirst();
    if (!row) throw notFound();
    if (row.status === 'sent') throw new AppError('conflict', 409, 'This newsletter has already been sent.');
    return row;
  }

  app.put('/api/admin/newsletters/:newsletterId/image', {
    config: admin, schema: { tags: ['newsletters'], params: NewsletterParams, response: { 200: AdminNewsletter } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    // Checked by content and without camera metadata (the uploads code), kept in the row like a strategy's picture.
    const received = await receiveBody(request, { types: IMAGE_TYPES, maxBytes: NEWSLETTER_IMAGE_MAX_BYTES }, 'image', incomingDirOf(deps.config));
    const image = await readFile(received.file).finally(() => unlink(received.file));
    const type = received.contentType;
    await deps.db.transaction().execute(async (tx) => {
      const n = await lockUnsent(tx, clinicId, request.params.newsletterId);
      await tx.updateTable('newsletter').set({ image, image_type: type, updated_at: deps.clock() }).where('id', '=', n.id).execute();
      await recordAudit(tx, auditContext(request), { action: 'newsletter.image', clinicId, subjectType: 'newsletter', subjectId: n.id, details: { type, bytes: image.length } });
    });
    const [n] = await adminList(deps.db, clinicId, request.params.newsletterId);
    if (!n) throw notFound();
    return n;
  });

  async function sendImage(reply: FastifyReply, id: string) {
    const row = await deps.db.selectFrom('newsletter').select(['image', 'image_type']).where('id', '=', id).executeTakeFirst();
    if (!row?.image || !row.image_type) throw notFound();
    return reply.type(row.image_type).header('Content-Disposition', 'inline; filename="newsletter-picture"').send(row.image);
  }

  app.get('/api/admin/newsletters/:newsletterId/image', {
    config: admin, schema: { tags: ['newsletters'], params: NewsletterParams },
  }, async (request, reply) => {
    const { clinicId } = requireAdmin(request);
    const n = await deps.db.selectFrom('newsletter').select('id').where('id', '=', request.params.newsletterId).where('clinic_id', '=', clinicId).executeTakeFirst();
    if (!n) throw notFound();
    return sendImage(reply, n.id);
  });

  app.post('/api/admin/newsletters/:newsletterId/send', {
    config: admin, schema: { tags: ['newsletters'], params: NewsletterParams, body: SendNewsletterRequest, response: { 200: AdminNewsletter } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    const now = deps.clock();
    const at = request.body.at === null ? now : new Date(request.body.at);
    if (at.getTime() < now.getTime() - 60_000) throw badField('at', 'Choose a time in the future, or send it now.');
    await deps.db.transaction().execute(async (tx) => {
      const n = await lockUnsent(tx, clinicId, request.params.newsletterId);
      await tx.updateTable('newsletter').set({ status: 'scheduled', send_at: at, updated_at: now }).where('id', '=', n.id).execute();
      await recordAudit(tx, auditContext(request), {
        action: request.body.at === null ? 'newsletter.send' : 'newsletter.schedule', clinicId, subjectType: 'newsletter', subjectId: n.id, details: { at: at.toISOString() },
      });
    });
    if (request.body.at === null) await deps.jobs.send('newsletters.send', {});
    const [n] = await adminList(deps.db, clinicId, request.params.newsletterId);
    if (!n) throw notFound();
    return n;
  });

  app.delete('/api/admin/newsletters/:newsletterId', {
    config: admin, schema: { tags: ['newsletters'], params: NewsletterParams, response: { 200: Ok } },
  }, async (request) => {
    const { clinicId } = requireAdmin(request);
    await deps.db.transaction().execute(async (tx) => {
      const n = await lockUnsent(tx, clinicId, request.params.newsletterId);
      await tx.deleteFrom('newsletter').where('id', '=', n.id).execute();
      await recordAudit(tx, auditContext(request), { action: 'newsletter.delete', clinicId, subjectType: 'newsletter', subjectId: n.id });
    });
    return { ok: true as const };
  });

  // ---- Families: the newsletters that reached them ------------------------------------------

  const familyRows = (db: Executor, userId: string) => db.selectFrom('newsletter_recipient as r')
    .innerJoin('newsletter as n', 'n.id', 'r.newsletter_id').innerJoin('clinic as k', 'k.id', 'n.clinic_id')
    .select(['n.id', 'n.clinic_id', 'n.title', 'n.body', 'n.created_by', 'n.sent_at', 'k.name as clinic', 'r.opened_at', sql<boolean>`n.image is not null`.as('has_image')])
    .where('r.user_id', '=', userId).where('n.status', '=', 'sent');

  app.get('/api/newsletters', { schema: { tags: ['newsletters'], response: { 200: NewsletterList } } }, async (request) => {
    const actor = requireActor(request);
    const rows = await familyRows(deps.db, actor.userId).orderBy('n.sent_at', 'desc').limit(100).execute();
    const titles = await newsletterTitles(deps, rows, actor.locale);
    return {
      newsletters: rows.map((r) => ({
        id: r.id, title: r.title, hasImage: r.has_image, clinic: r.clinic, sentAt: r.sent_at?.toISOString() ?? '', read: r.opened_at !== null, ...withTranslation(titles.get(r.id)),
      })),
      unread: rows.filter((r) => r.opened_at === null).length,
    };
  });

  async function readable(db: Executor, userId: string, id: string) {
    const row = await familyRows(db, userId).where('n.id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    return row;
  }

  app.get('/api/newsletters/:newsletterId', {
    schema: { tags: ['newsletters'], params: NewsletterParams, response: { 200: Newsletter } },
  }, async (request) => {
    const actor = requireActor(request);
    const r = await readable(deps.db, actor.userId, request.params.newsletterId);
    const translation = await newsletterTranslation(deps, r, actor.locale);
    return {
      id: r.id, title: r.title, html: renderMarkdown(r.body), hasImage: r.has_image, clinic: r.clinic, sentAt: r.sent_at?.toISOString() ?? '', read: r.opened_at !== null,
      ...withTranslation(translation),
    };
  });

  // Reading is marked by the page (a GET never changes anything): the first time counts as opened.
  app.post('/api/newsletters/:newsletterId/read', {
    schema: { tags: ['newsletters'], params: NewsletterParams, response: { 200: Ok } },
  }, async (request) => {
    const actor = requireActor(request);
    await deps.db.transaction().execute(async (tx) => {
      const r = await readable(tx, actor.userId, request.params.newsletterId);
      const updated = await tx.updateTable('newsletter_recipient').set({ opened_at: deps.clock() })
        .where('newsletter_id', '=', r.id).where('user_id', '=', actor.userId).where('opened_at', 'is', null).executeTakeFirst();
      if (Number(updated.numUpdatedRows) > 0) {
        await recordAudit(tx, auditContext(request), { action: 'newsletter.read', clinicId: r.clinic_id, subjectType: 'newsletter', subjectId: r.id });
      }
    });
    return { ok: true as const };
  });

  app.get('/api/newsletters/:newsletterId/image', {
    schema: { tags: ['newsletters'], params: NewsletterParams },
  }, async (request, reply) => {
    const r = await readable(deps.db, requireActor(request).userId, request.params.newsletterId);
    return sendImage(reply, r.id);
  });
}
