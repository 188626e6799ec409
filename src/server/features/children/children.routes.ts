import type { FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { Child, ChildId, ChildList, CreateChildRequest, DischargeRequest, UpdateChildRequest } from '../../../contract/children.ts';
import { loadChildAccess, type ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { ChildTable } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { AppError, badField } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { goalsNeedingAttention } from '../plan/attention.ts';
import { quietChildren } from '../practice/practice.routes.ts';
import { putTherapistsOnTeam } from '../team/team.service.ts';
import { adminClinics, findChild, listChildrenFor } from './children.repository.ts';
import { discharge, mayDischarge, readmit } from './discharge.service.ts';

export function toChild(c: Selectable<ChildTable> & { clinic_name: string; discharged_by_name: string | null }, access: ChildAccess) {
  return {
    id: c.id,
    clinicId: c.clinic_id,
    clinicName: c.clinic_name,
    firstName: c.first_name,
    lastName: c.last_name,
    birthDate: c.birth_date,
    pronouns: c.pronouns,
    therapyTypes: c.therapy_types as z.infer<typeof Child>['therapyTypes'],
    profile: {
      languages: c.languages,
      cultureValues: c.culture_values,
      routines: c.routines,
      motivators: c.motivators,
      contactChannel: c.contact_channel,
      contactHours: c.contact_hours,
      timeZone: c.time_zone,
    },
    myRole: access.role,
    abilities: access.permissions,
    discharge: c.discharged_at && c.purge_after
      ? { at: c.discharged_at.toISOString(), by: c.discharged_by_name ?? '', reason: c.discharge_reason ?? '', purgeAfter: c.purge_after.toISOString() }
      : null,
    mayDischarge: mayDischarge(access),
  };
}

type Profile = z.infer<typeof Child>['profile'];
type ProfileInput = { [K in keyof Profile]?: Profile[K] | undefined };
function profileColumns(p: ProfileInput | undefined) {
  if (!p) return {};
  return {
    ...(p.languages ? { languages: p.languages } : {}),
    ...(p.cultureValues !== undefined ? { culture_values: p.cultureValues } : {}),
    ...(p.routines !== undefined ? { routines: p.routines } : {}),
    ...(p.motivators !== undefined ? { motivators: p.motivators } : {}),
    ...(p.contactChannel ? { contact_channel: p.contactChannel } : {}),
    ...(p.contactHours !== undefined ? { contact_hours: p.contactHours } : {}),
    ...(p.timeZone ? { time_zone: p.timeZone } : {}),
  };
}

export function registerChildrenRoutes(app: App, deps: Deps): void {
  app.get('/api/children', { schema: { tags: ['children'], response: { 200: ChildList } } }, async (request) => {
    const actor = requireActor(request);
    const children = await listChildrenFor(deps.db, actor.userId, adminClinics(actor.clinics));
    const caseload = children.filter((c) => c.myRole === 'therapist').map((c) => c.id);
    const [attention, quiet] = await Promise.all([goalsNeedingAttention(deps.db, caseload, deps.clock()), quietChildren(deps.db, caseload, deps.clock())]);
    return { children: children.map((c) => ({ ...c, goalsNeedingAttention: attention.get(c.id) ?? 0, quietForAWeek: quiet.has(c.id) })) };
  });

  app.post('/api/children', { schema: { tags: ['children'], body: CreateChildRequest, response: { 201: Child } } }, async (request, reply) => {
    const actor = requireActor(request);
    const staff = actor.clinics[0];
    if (!staff) throw new AppError('forbidden', 403, 'Only clinic staff can add a child.');
    const b = request.body;
    const clinic = await deps.db.selectFrom('clinic').select('time_zone').where('id', '=', staff.clinicId).executeTakeFirstOrThrow();
    const child = await deps.db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('child')
        .values({
          clinic_id: staff.clinicId,
          first_name: b.firstName,
          last_name: b.lastName,
          birth_date: b.birthDate ?? null,
          pronouns: b.pronouns ?? '',
          therapy_types: b.therapyTypes,
          time_zone: clinic.time_zone,
          created_by: actor.userId,
          updated_at: deps.clock(),
          ...profileColumns(b.profile),
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      // A therapist who adds a child is on the team; so is every clinician picked for it.
      const picked = new Set(b.therapistIds ?? []);
      if (staff.role === 'therapist') picked.add(actor.userId);
      const added = await putTherapistsOnTeam(tx, { clinicId: staff.clinicId, childId: row.id, userIds: [...picked], invitedBy: actor.userId });
      if (added.length !== picked.size) throw badField('therapistIds', 'Choose clinicians of this clinic.');
      await recordAudit(tx, auditContext(request), { action: 'child.create', childId: row.id, clinicId: staff.clinicId, subjectType: 'child', subjectId: row.id });
      return { row };
    });
    const access = (await loadChildAccess(deps.db, actor.userId, [child.row.id])).get(child.row.id);
    if (!access) throw new AppError('internal', 500, 'The child was created but cannot be read back.');
    return reply.status(201).send(toChild(await findChild(deps.db, child.row.id), access));
  });

  app.get('/api/children/:childId', {
    config: { child: 'child.view' },
    schema: { tags: ['children'], params: ChildId, response: { 200: Child } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const row = await auditedRead(deps.db, auditContext(request), { action: 'child.view', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId }, async () => {
      return findChild(deps.db, access.childId);
    });
    return toChild(row, access);
  });

  // Reading the child is enough to reach these; discharge() answers 404 to anyone but a therapist
  // on the team or a clinic admin.
  app.post('/api/children/:childId/discharge', {
    config: { child: 'child.view' },
    schema: { tags: ['children'], params: ChildId, body: DischargeRequest, response: { 200: Child } },
  }, async (request) => {
    const access = requireChildAccess(request);
    await discharge(deps, auditContext(request), access, requireActor(request).userId, request.body.reason);
    return childAsReaderNow(request);
  });

  app.post('/api/children/:childId/readmit', {
    config: { child: 'child.view' },
    schema: { tags: ['children'], params: ChildId, response: { 200: Child } },
  }, async (request) => {
    await readmit(deps, auditContext(request), requireChildAccess(request));
    return childAsReaderNow(request);
  });

  /** The child as the reader sees it after a discharge or its undoing (their permissions changed with it). */
  async function childAsReaderNow(request: FastifyRequest) {
    const actor = requireActor(request);
    const childId = requireChildAccess(request).childId;
    const access = (await loadChildAccess(deps.db, actor.userId, [childId])).get(childId);
    if (!access) throw new AppError('not_found', 404, 'Not found.');
    return toChild(await findChild(deps.db, childId), access);
  }

  app.patch('/api/children/:childId', {
    config: { child: 'profile.edit' },
    schema: { tags: ['children'], params: ChildId, body: UpdateChildRequest, response: { 200: Child } },
  }, async (request) => {
    const access = requireChildAccess(request);
    const b = request.body;
    const row = await deps.db.transaction().execute(async (tx) => {
      // The audit row first: the child's row stays locked only from its update to the commit.
      await recordAudit(tx, auditContext(request), {
        action: 'child.update', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId,
        details: { fields: [...Object.keys(b).filter((k) => k !== 'profile'), ...Object.keys(b.profile ?? {}).map((k) => `profile.${k}`)] },
      });
      return tx
        .updateTable('child')
        .set({
          ...(b.firstName ? { first_name: b.firstName } : {}),
          ...(b.lastName ? { last_name: b.lastName } : {}),
          ...(b.birthDate !== undefined ? { birth_date: b.birthDate } : {}),
          ...(b.pronouns !== undefined ? { pronouns: b.pronouns } : {}),
          ...(b.therapyTypes ? { therapy_types: b.therapyTypes } : {}),
          ...profileColumns(b.profile),
          updated_at: deps.clock(),
        })
        .from('clinic')
        .whereRef('clinic.id', '=', 'child.clinic_id')
        .where('child.id', '=', access.childId)
        .returningAll('child')
        .returning('clinic.name as clinic_name')
        .executeTakeFirstOrThrow();
    });
    // A discharged child's profile cannot be changed (profile.edit is gone), so there is no discharge to name.
    return toChild({ ...row, discharged_by_name: null }, access);
  });
}
