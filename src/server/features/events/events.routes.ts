// Family events over HTTP: a clinic's admin or therapist publishes, edits and cancels; the families
// of its audience read it, answer and change their answer, and take its calendar file; the
// organisers see the answers. Anyone else: 404.
import type { FastifyRequest } from 'fastify';
import {
  CancelEventRequest, EventParams, EventPreview, EventPreviewRequest, EventRequest, EventRsvpList, FamilyEvent, FamilyEventList, RsvpRequest,
} from '../../../contract/events.ts';
import { isUuid } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { requireActor } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { renderMarkdown } from '../newsletters/markdown.ts';
import { notifyFamilyEvent } from '../notifications/events.ts';
import {
  answeredBy, cancelEvent, insertEvent, isInAudience, rsvpList, saveRsvp, seatsTaken, updateEvent, userZone, visibleEvent, visibleEvents, type EventRow,
} from './events.repository.ts';
import {
  canManage, checkAudience, checkedRsvp, eventCalendar, eventColumns, presentEvents, publisherOf, reachedBy, reachOf,
} from './events.service.ts';

const DAY_MS = 86_400_000;
const tags = ['events'];

export function registerFamilyEventRoutes(app: App, deps: Deps): void {
  async function present(db: Executor, request: FastifyRequest, rows: readonly EventRow[]) {
    const actor = requireActor(request);
    return presentEvents(db, reachOf(actor), await userZone(db, actor.userId), rows);
  }

  async function presentOne(request: FastifyRequest, id: string) {
    const row = await visibleEvent(deps.db, reachOf(requireActor(request)), id);
    const [e] = row ? await present(deps.db, request, [row]) : [];
    if (!e) throw notFound();
    return e;
  }

  /** The event if the caller may see it (locked for a change); else 404. */
  async function seen(tx: Executor, request: FastifyRequest, id: string, lock = true): Promise<EventRow> {
    if (!isUuid(id)) throw notFound();
    const row = await visibleEvent(tx, reachOf(requireActor(request)), id, lock);
    if (!row) throw notFound();
    return row;
  }

  /** The event if the caller organises it; else 404 (a family member of its audience learns nothing more). */
  async function managed(tx: Executor, request: FastifyRequest, id: string, lock = true): Promise<EventRow> {
    const row = await seen(tx, request, id, lock);
    if (!canManage(reachOf(requireActor(request)), row)) throw notFound();
    return row;
  }

  /**
   * Before the body is even read: an event the caller may not see (or organise, or answer) does
   * not exist for them, whatever they send. The handler checks again, locked, in its transaction.
   */
  const gate = (need: 'see' | 'manage' | 'answer') => async (request: FastifyRequest) => {
    const id = String((request.params as Record<string, unknown>).eventId ?? '');
    const e = await seen(deps.db, request, id, false);
    if (need === 'manage' && !canManage(reachOf(requireActor(request)), e)) throw notFound();
    if (need === 'answer' && !(await isInAudience(deps.db, requireActor(request).userId, e.id))) throw notFound();
  };

  app.get('/api/family-events', { schema: { tags, response: { 200: FamilyEventList } } }, async (request) => {
    const actor = requireActor(request);
    const rows = await visibleEvents(deps.db, reachOf(actor), new Date(deps.clock().getTime() - DAY_MS));
    const publisher = actor.clinics.length > 0 ? publisherOf(actor) : null;
    const clinic = publisher ? await deps.db.selectFrom('clinic').select('time_zone').where('id', '=', publisher.clinicId).executeTakeFirst() : undefined;
    return { events: await present(deps.db, request, rows), canPublish: publisher !== null, clinicTimeZone: clinic?.time_zone ?? null, clinicWide: publisher?.role === 'admin' };
  });

  app.post('/api/family-events/preview', { schema: { tags, body: EventPreviewRequest, response: { 200: EventPreview } } }, async (request) => {
    const actor = requireActor(request);
    const p = publisherOf(actor);
    const a = request.body.audience;
    const childIds = await checkAudience(deps.db, { ...p, userId: actor.userId }, a);
    const people = await reachedBy(deps.db, { clinic_id: p.clinicId, audience: a.kind, audience_therapy_type: a.kind === 'therapy_type' ? a.therapyType : null }, childIds);
    return { html: renderMarkdown(request.body.description), recipients: people.length };
  });

  app.post('/api/family-events', { schema: { tags, body: EventRequest, response: { 201: FamilyEvent } } }, async (request, reply) => {
    const actor = requireActor(request);
    const p = publisherOf(actor);
    const b = request.body;
    const { id, mails } = await deps.db.transaction().execute(async (tx) => {
      const childIds = await checkAudience(tx, { ...p, userId: actor.userId }, b.audience);
      const clinic = await tx.selectFrom('clinic').select('time_zone').where('id', '=', p.clinicId).executeTakeFirstOrThrow();
      const columns = { clinic_id: p.clinicId, ...eventColumns(b, clinic.time_zone) };
      if (columns.starts_at < deps.clock()) throw badField('date', 'Choose a time that has not passed.');
      const eventId = await insertEvent(tx, columns, childIds, actor.userId, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'event.create', clinicId: p.clinicId, subjectType: 'family_event', subjectId: eventId,
        details: { kind: b.kind, startsAt: columns.starts_at.toISOString(), audience: b.audience.kind, children: childIds.length, capacity: b.capacity, askInterpreter: b.askInterpreter },
      });
      const reached = await reachedBy(tx, columns, childIds);
      return { id: eventId, mails: await notifyFamilyEvent(deps, tx, 'event_published', { id: eventId, clinic_id: p.clinicId, sequence: 0 }, reached, actor.userId) };
    });
    await afterCommit(deps, mails);
    return reply.status(201).send(await presentOne(request, id));
  });

  app.get('/api/family-events/:eventId', { preValidation: gate('see'), schema: { tags, params: EventParams, response: { 200: FamilyEvent } } }, async (request) => {
    return presentOne(request, request.params.eventId);
  });

  app.put('/api/family-events/:eventId', { preValidation: gate('manage'), schema: { tags, params: EventParams, body: EventRequest, response: { 200: FamilyEvent } } }, async (request) => {
    const actor = requireActor(request);
    const b = request.body;
    const mails = await deps.db.transaction().execute(async (tx) => {
      const e = await managed(tx, request, request.params.eventId);
      if (e.status === 'cancelled') throw new AppError('conflict', 409, 'This event was cancelled.');
      // The organiser's own role decides the audience they may choose (an admin editing a therapist's event: as admin).
      const role = reachOf(actor).adminOf.includes(e.clinic_id) ? 'admin' : 'therapist';
      const childIds = await checkAudience(tx, { clinicId: e.clinic_id, role, userId: actor.userId }, b.audience);
      const columns = eventColumns(b, e.clinic_zone);
      const taken = await seatsTaken(tx, e.id, null);
      if (columns.capacity !== null && columns.capacity < taken) throw badField('capacity', `${taken} seats are already taken: the capacity cannot be lower.`);
      const sequence = e.sequence + 1;
      await updateEvent(tx, e.id, columns, childIds, sequence, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'event.update', clinicId: e.clinic_id, subjectType: 'family_event', subjectId: e.id,
        details: { sequence, startsAt: columns.starts_at.toISOString(), audience: b.audience.kind, children: childIds.length, capacity: b.capacity },
      });
      const note = { id: e.id, clinic_id: e.clinic_id, sequence };
      const told = await notifyFamilyEvent(deps, tx, 'event_changed', note, await answeredBy(tx, e.id), actor.userId);
      // Families the new audience reaches for the first time hear of it as published.
      const reached = await notifyFamilyEvent(deps, tx, 'event_published', note, await reachedBy(tx, { ...columns, clinic_id: e.clinic_id }, childIds), actor.userId);
      return [...told, ...reached];
    });
    await afterCommit(deps, mails);
    return presentOne(request, request.params.eventId);
  });

  app.post('/api/family-events/:eventId/cancel', { preValidation: gate('manage'), schema: { tags, params: EventParams, body: CancelEventRequest, response: { 200: FamilyEvent } } }, async (request) => {
    const actor = requireActor(request);
    const mails = await deps.db.transaction().execute(async (tx) => {
      const e = await managed(tx, request, request.params.eventId);
      if (e.status === 'cancelled') throw new AppError('conflict', 409, 'This event is already cancelled.');
      await cancelEvent(tx, e, actor.userId, request.body.reason, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'event.cancel', clinicId: e.clinic_id, subjectType: 'family_event', subjectId: e.id, details: { sequence: e.sequence + 1 },
      });
      return notifyFamilyEvent(deps, tx, 'event_cancelled', { id: e.id, clinic_id: e.clinic_id, sequence: e.sequence + 1 }, await answeredBy(tx, e.id), actor.userId);
    });
    await afterCommit(deps, mails);
    return presentOne(request, request.params.eventId);
  });

  app.put('/api/family-events/:eventId/rsvp', { preValidation: gate('answer'), schema: { tags, params: EventParams, body: RsvpRequest, response: { 200: FamilyEvent } } }, async (request) => {
    const actor = requireActor(request);
    await deps.db.transaction().execute(async (tx) => {
      const e = await seen(tx, request, request.params.eventId);
      // Only a family member of its audience answers; its organisers see it but do not answer.
      if (!(await isInAudience(tx, actor.userId, e.id))) throw notFound();
      const answer = await checkedRsvp(tx, e, actor.userId, request.body, deps.clock());
      await saveRsvp(tx, e.id, actor.userId, answer, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'event.rsvp', clinicId: e.clinic_id, subjectType: 'family_event', subjectId: e.id,
        details: { answer: answer.answer, adults: answer.adults, children: answer.children, interpreter: answer.interpreter_language },
      });
    });
    return presentOne(request, request.params.eventId);
  });

  app.get('/api/family-events/:eventId/rsvps', { preValidation: gate('manage'), schema: { tags, params: EventParams, response: { 200: EventRsvpList } } }, async (request) => {
    const e = await managed(deps.db, request, request.params.eventId, false);
    // The list names families and their children: the organiser's reading of it is recorded.
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'event.rsvps', clinicId: e.clinic_id, subjectType: 'family_event', subjectId: e.id },
      () => rsvpList(deps.db, e));
    const [event] = await present(deps.db, request, [e]);
    if (!event) throw notFound();
    return {
      event,
      rsvps: rows.map((r) => ({
        name: r.name, children: r.children_names, answer: r.answer, adults: r.adults, childrenCount: r.children,
        interpreterLanguage: r.interpreter_language, updatedAt: r.updated_at.toISOString(),
      })),
    };
  });

  app.get('/api/family-events/:eventId/ics', { preValidation: gate('see'), schema: { tags, params: EventParams } }, async (request, reply) => {
    const e = await seen(deps.db, request, request.params.eventId, false);
    return reply.type('text/calendar; charset=utf-8').header('Content-Disposition', 'attachment; filename="event.ics"').send(eventCalendar(e, deps.config.publicUrl));
  });
}
