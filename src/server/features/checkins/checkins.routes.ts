// Check-ins over HTTP: the clinic's forms (clinicians only), a child's assignments (a therapist on
// the team assigns and stops them), answering (only the respondents, half-done or sent, once), the
// trend and free text a reader may see, a person's open check-ins across their children, and the
// partnership summary (a mean of five or more answers per therapist, never per person).
import { wholeInEachLanguage } from '../../../contract/checkin-values.ts';
import {
  AnswerRequest, AnswerResult, AssignRequest, Assignment, CheckinAnswerPage, CheckinForm, CheckinFormDetail, CheckinFormList, CheckinTexts, CheckinTrend, ChildAssignmentParams,
  ChildCheckins, FormDefinition, FormParams, OccurrenceParams, OpenCheckinList, PartnershipSummary, StoppedAssignment, TextsQuery, type Answers,
} from '../../../contract/checkins.ts';
import { ChildId } from '../../../contract/children.ts';
import { isUuid } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess, requireRelatedAccess } from '../../http/auth.ts';
import { AppError, badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { afterCommit } from '../../mail/mail.service.ts';
import { addDays, localDate } from '../children/calendar.ts';
import {
  activeAssignments, answeredBetween, assignmentOf, childrenInfo, endAssignment, formsByIds, insertAssignment, insertForm, listForms, ownForm, partnershipTotals,
  responseFor, saveResponse, scoredResponses, teamMembers, updateForm, usableForm, userNames,
} from './checkins.repository.ts';
import {
  answerTarget, checkKeepsAnswers, checkRespondents, definitionOf, formDetail, notifyWellbeing, PARTNERSHIP_MINIMUM, openFor, partnershipScope, presentAssignment, presentForm, readerOf, scoreAnswer,
  summarise, textsOf, trendsOf,
} from './checkins.service.ts';
import { checkAnswers, checkDefinition } from './scoring.ts';

const tags = ['checkins'];
/** Without a date, "since last session" text covers the last week; the trend, six months. */
const TEXT_DAYS = 7;
const TREND_DAYS = 183;

export function registerCheckinRoutes(app: App, deps: Deps): void {
  /** A clinician's clinics; to anyone else the form library does not exist. */
  function clinicianClinics(request: Parameters<typeof requireActor>[0]): string[] {
    const actor = requireActor(request);
    if (actor.clinics.length === 0) throw notFound();
    return actor.clinics.map((c) => c.clinicId);
  }

  app.get('/api/checkin-forms', { schema: { tags, response: { 200: CheckinFormList } } }, async (request) => {
    const rows = await listForms(deps.db, clinicianClinics(request));
    return { forms: rows.map(presentForm) };
  });

  // Before the body is read: to anyone but a clinician the library does not exist, whatever they send.
  const clinicianGate = async (request: Parameters<typeof requireActor>[0]) => {
    clinicianClinics(request);
  };

  app.post('/api/checkin-forms', { preValidation: clinicianGate, schema: { tags, body: FormDefinition, response: { 201: CheckinForm } } }, async (request, reply) => {
    const actor = requireActor(request);
    const [clinicId] = clinicianClinics(request);
    if (!clinicId) throw notFound();
    checkDefinition(request.body);
    const row = await deps.db.transaction().execute(async (tx) => {
      const created = await insertForm(tx, clinicId, request.body, actor.userId, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'checkin.form_create', clinicId, subjectType: 'checkin_form', subjectId: created.id, details: { items: request.body.items.length, privacy: request.body.privacy },
      });
      return created;
    });
    return reply.status(201).send(presentForm(row));
  });

  // The form editor: any clinician of the clinic reads a form (starter or own), copies one into the
  // clinic's library, and changes the clinic's own; starter forms are read-only.
  app.get('/api/checkin-forms/:formId', { schema: { tags, params: FormParams, response: { 200: CheckinFormDetail } } }, async (request) => {
    const clinics = clinicianClinics(request);
    const [clinicId] = clinics;
    if (!clinicId || !isUuid(request.params.formId)) throw notFound();
    const row = await usableForm(deps.db, clinicId, request.params.formId);
    if (!row) throw notFound();
    return formDetail(deps.db, row, clinics);
  });

  app.post('/api/checkin-forms/:formId/copy', { schema: { tags, params: FormParams, response: { 201: CheckinFormDetail } } }, async (request, reply) => {
    const actor = requireActor(request);
    const clinics = clinicianClinics(request);
    const [clinicId] = clinics;
    if (!clinicId || !isUuid(request.params.formId)) throw notFound();
    const row = await deps.db.transaction().execute(async (tx) => {
      const source = await usableForm(tx, clinicId, request.params.formId);
      if (!source) throw notFound();
      const created = await insertForm(tx, clinicId, wholeInEachLanguage(definitionOf(source)), actor.userId, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'checkin.form_copy', clinicId, subjectType: 'checkin_form', subjectId: created.id, details: { from: source.starter_key ?? source.id },
      });
      return created;
    });
    return reply.status(201).send(await formDetail(deps.db, row, clinics));
  });

  // Before the body is read: a form outside the clinician's clinic does not exist, whatever they send.
  const formGate = async (request: Parameters<typeof requireActor>[0]) => {
    const [clinicId] = clinicianClinics(request);
    const { formId } = request.params as { formId?: string };
    if (!clinicId || !formId || !isUuid(formId) || !(await usableForm(deps.db, clinicId, formId))) throw notFound();
  };

  app.put('/api/checkin-forms/:formId', {
    preValidation: formGate,
    schema: { tags, params: FormParams, body: FormDefinition, response: { 200: CheckinFormDetail } },
  }, async (request) => {
    const clinics = clinicianClinics(request);
    const [clinicId] = clinics;
    if (!clinicId || !isUuid(request.params.formId)) throw notFound();
    const formId = request.params.formId;
    const row = await deps.db.transaction().execute(async (tx) => {
      const before = await ownForm(tx, clinics, formId, true);
      if (!before) {
        if (await usableForm(tx, clinicId, formId)) throw new AppError('forbidden', 403, 'CareTeam’s starter forms are read-only: make a copy to edit.');
        throw notFound();
      }
      checkDefinition(request.body);
      checkKeepsAnswers(definitionOf(before), request.body, await formDetail(tx, before, clinics));
      const updated = await updateForm(tx, before.id, request.body, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'checkin.form_update', clinicId: before.clinic_id ?? clinicId, subjectType: 'checkin_form', subjectId: before.id,
        details: { items: request.body.items.length, privacy: request.body.privacy, scored: request.body.scoring !== null },
      });
      return updated;
    });
    return formDetail(deps.db, row, clinics);
  });

  app.get('/api/children/:childId/checkins', {
    config: { child: 'child.view' },
    schema: { tags, params: ChildId, response: { 200: ChildCheckins } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const canAssign = access.role === 'therapist' && access.permissions.includes('plan.edit');
    const [child] = await childrenInfo(deps.db, [access.childId]);
    const [rows, members, open] = await Promise.all([
      activeAssignments(deps.db, [access.childId]),
      teamMembers(deps.db, access.childId),
      child && !access.discharged ? openFor(deps.db, actor.userId, [{ childId: child.id, zone: child.time_zone, name: child.first_name }], deps.clock()) : [],
    ]);
    const forms = await formsByIds(deps.db, rows.map((r) => r.form_id));
    const names = await userNames(deps.db, rows.map((r) => r.created_by));
    const assignments = canAssign ? rows.flatMap((a) => {
      const f = forms.get(a.form_id);
      return f ? [presentAssignment(a, f, members, names)] : [];
    }) : [];
    return {
      canAssign, assignments, open,
      people: canAssign ? members.filter((m) => m.role !== 'therapist').map((m) => ({ id: m.user_id, name: m.name, role: m.role, household: m.household })) : [],
    };
  });

  app.post('/api/children/:childId/checkins', {
    config: { child: 'plan.edit' },
    schema: { tags, params: ChildId, body: AssignRequest, response: { 201: Assignment } },
  }, async (request, reply) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (access.role !== 'therapist') throw notFound();
    const b = request.body;
    const out = await deps.db.transaction().execute(async (tx) => {
      const form = await usableForm(tx, access.clinicId, b.formId);
      if (!form) throw badField('formId', 'Choose one of the clinic’s check-in forms.');
      const members = await teamMembers(tx, access.childId);
      checkRespondents(definitionOf(form), b, members);
      if (b.cadence.kind === 'before_session' && b.respondents.some((r) => r.kind === 'teachers')) throw badField('cadence.kind', 'Teachers answer weekly or monthly.');
      const [child] = await childrenInfo(tx, [access.childId]);
      const row = await insertAssignment(tx, {
        clinic_id: access.clinicId, child_id: access.childId, form_id: form.id, cadence: b.cadence, respondents: b.respondents,
        starts_on: localDate(deps.clock(), child?.time_zone ?? 'UTC'), created_by: actor.userId,
      }, deps.clock());
      await recordAudit(tx, auditContext(request), {
        action: 'checkin.assign', childId: access.childId, clinicId: access.clinicId, subjectType: 'checkin_assignment', subjectId: row.id,
        details: { form: form.starter_key ?? form.id, cadence: b.cadence.kind, respondents: b.respondents.map((r) => r.kind) },
      });
      return presentAssignment(row, form, members, new Map([[actor.userId, actor.name]]));
    });
    return reply.status(201).send(out);
  });

  app.post('/api/children/:childId/checkins/:assignmentId/stop', {
    config: { child: 'plan.edit' },
    schema: { tags, params: ChildAssignmentParams, response: { 200: StoppedAssignment } },
  }, async (request) => {
    const access = requireChildAccess(request);
    if (access.role !== 'therapist' || !isUuid(request.params.assignmentId)) throw notFound();
    await deps.db.transaction().execute(async (tx) => {
      const a = await assignmentOf(tx, access.childId, request.params.assignmentId, true);
      if (!a) throw notFound();
      if (a.ended_at) throw new AppError('conflict', 409, 'This check-in was already stopped.');
      await endAssignment(tx, a.id, deps.clock());
      await recordAudit(tx, auditContext(request), { action: 'checkin.stop', childId: access.childId, clinicId: access.clinicId, subjectType: 'checkin_assignment', subjectId: a.id });
    });
    return { id: request.params.assignmentId, stoppedAt: deps.clock().toISOString() };
  });

  app.get('/api/children/:childId/checkins/:assignmentId/occurrences/:occurrence', {
    config: { child: 'child.view' },
    schema: { tags, params: OccurrenceParams, response: { 200: CheckinAnswerPage } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (!isUuid(request.params.assignmentId)) throw notFound();
    const a = await assignmentOf(deps.db, access.childId, request.params.assignmentId);
    if (!a || a.ended_at) throw notFound();
    const [child] = await childrenInfo(deps.db, [access.childId]);
    const { slot, o } = await answerTarget(deps.db, a, child?.time_zone ?? 'UTC', actor.userId, request.params.occurrence, deps.clock());
    const [forms, r] = await Promise.all([formsByIds(deps.db, [a.form_id]), responseFor(deps.db, a.id, o.key, slot.slot)]);
    const form = forms.get(a.form_id);
    if (!form) throw notFound();
    // A sent answer is not shown again here: a well-being answer stays with the clinicians.
    return {
      childId: access.childId, assignmentId: a.id, occurrence: o.key, dueDate: o.dueDate, form: presentForm(form),
      answers: r?.status === 'draft' ? (r.answers as Answers) : {}, status: r ? r.status : 'new' as const,
    };
  });

  app.post('/api/children/:childId/checkins/:assignmentId/answers', {
    config: { child: 'child.view' },
    schema: { tags, params: ChildAssignmentParams, body: AnswerRequest, response: { 200: AnswerResult } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    if (!isUuid(request.params.assignmentId)) throw notFound();
    // A discharged child's record is read-only: nothing more is answered.
    if (access.discharged) throw notFound();
    const b = request.body;
    const { out, mails } = await deps.db.transaction().execute(async (tx) => {
      const a = await assignmentOf(tx, access.childId, request.params.assignmentId, true);
      if (!a || a.ended_at) throw notFound();
      const [child] = await childrenInfo(tx, [access.childId]);
      const { slot, o } = await answerTarget(tx, a, child?.time_zone ?? 'UTC', actor.userId, b.occurrence, deps.clock());
      const form = (await formsByIds(tx, [a.form_id])).get(a.form_id);
      if (!form) throw notFound();
      const def = definitionOf(form);
      checkAnswers(def, b.answers);
      const before = await responseFor(tx, a.id, o.key, slot.slot, true);
      if (before?.status === 'submitted') throw new AppError('conflict', 409, 'This check-in was already sent.');
      // A half-done answer saved earlier is kept; what comes now is added over it.
      const answers: Answers = { ...((before?.answers as Answers | undefined) ?? {}), ...b.answers };
      const scored = scoreAnswer(def, answers);
      const now = deps.clock();
      const saved = await saveResponse(tx, {
        clinic_id: a.clinic_id, child_id: a.child_id, assignment_id: a.id, form_id: a.form_id, privacy: def.privacy, therapist_id: a.created_by,
        occurrence: o.key, due_date: o.dueDate, slot: slot.slot, respondent_id: actor.userId, setting: slot.setting,
        answers, score: b.submit ? scored.score : null, subscores: b.submit ? scored.subscores : {}, status: b.submit ? 'submitted' : 'draft', submitted_at: b.submit ? now : null,
      }, now);
      await recordAudit(tx, auditContext(request), {
        action: b.submit ? 'checkin.submit' : 'checkin.save', childId: a.child_id, clinicId: a.clinic_id, subjectType: 'checkin_response', subjectId: saved.id,
        details: { assignment: a.id, occurrence: o.key, answered: Object.values(answers).filter((v) => v !== null).length },
      });
      const alert = b.submit && def.privacy === 'clinicians' && scored.worst;
      return { out: { id: saved.id, status: saved.status, score: def.privacy === 'team' ? saved.score : null }, mails: alert ? await notifyWellbeing(deps, tx, saved, actor.userId) : [] };
    });
    await afterCommit(deps, mails);
    return out;
  });

  app.get('/api/children/:childId/checkins/trend', {
    config: { child: 'plan.view' },
    schema: { tags, params: ChildId, response: { 200: CheckinTrend } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const [child] = await childrenInfo(deps.db, [access.childId]);
    const today = localDate(deps.clock(), child?.time_zone ?? 'UTC');
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'checkin.trend', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId },
      () => scoredResponses(deps.db, access.childId, readerOf(access, actor.userId), addDays(today, -TREND_DAYS)));
    return { forms: trendsOf(rows, await formsByIds(deps.db, rows.map((r) => r.form_id)), today) };
  });

  app.get('/api/children/:childId/checkins/texts', {
    config: { child: 'plan.view' },
    schema: { tags, params: ChildId, querystring: TextsQuery, response: { 200: CheckinTexts } },
  }, async (request) => {
    const actor = requireActor(request);
    const access = requireChildAccess(request);
    const [child] = await childrenInfo(deps.db, [access.childId]);
    const to = localDate(deps.clock(), child?.time_zone ?? 'UTC');
    const from = request.query.from ?? addDays(to, -TEXT_DAYS);
    if (from > to) throw badField('from', 'Choose a date in the past.');
    if (from < addDays(to, -366)) throw badField('from', 'Look back a year at most.');
    const rows = await auditedRead(deps.db, auditContext(request), { action: 'checkin.texts', childId: access.childId, clinicId: access.clinicId, subjectType: 'child', subjectId: access.childId },
      () => answeredBetween(deps.db, access.childId, readerOf(access, actor.userId), from, to));
    return { texts: textsOf(rows, await formsByIds(deps.db, rows.map((r) => r.form_id))) };
  });

  app.get('/api/checkins/open', {
    config: { relatedChildren: true },
    schema: { tags, response: { 200: OpenCheckinList } },
  }, async (request) => {
    const actor = requireActor(request);
    const { access } = requireRelatedAccess(request);
    // Only those who answer check-ins (family and teachers on the team) have any open.
    const ids = [...access.values()].filter((a) => a.role !== null && a.role !== 'therapist' && !a.discharged).map((a) => a.childId);
    const children = await childrenInfo(deps.db, ids);
    return { checkins: await openFor(deps.db, actor.userId, children.map((c) => ({ childId: c.id, zone: c.time_zone, name: c.first_name })), deps.clock()) };
  });

  app.get('/api/checkins/partnership', { schema: { tags, response: { 200: PartnershipSummary } } }, async (request) => {
    const scope = partnershipScope(requireActor(request));
    const rows = await partnershipTotals(deps.db, scope.clinicId, scope.therapists);
    const forms = await formsByIds(deps.db, rows.map((r) => r.form_id));
    const textOf = (key: string) => {
      for (const f of forms.values()) {
        const item = definitionOf(f).items.find((i) => i.key === key);
        if (item) return item.text;
      }
      return null;
    };
    return { minimum: PARTNERSHIP_MINIMUM, therapists: summarise(rows, textOf) };
  });
}

