// A child's record as FHIR R4 resources, for one reader and exactly what their place on the team
// lets them see: the child and the team for everyone who may take a copy; goals and their
// measurements with plan.view; the care plan's home practice with practice.view; sessions by the
// sessions' own visibility rule; only the conversations the reader reads. Mapping and extensions
// are documented in docs/fhir.md.
import type {
  Appointment, Bundle, BundleEntry, CapabilityStatement, CarePlan, CarePlanActivity, CareTeam, Communication, Goal, Observation, Organization, Patient,
  Practitioner, Questionnaire, QuestionnaireItem, QuestionnaireResponse, QuestionnaireResponseItemAnswer, Reference, RelatedPerson, Resource,
} from '@medplum/fhirtypes';
import type { AnswerValue, FormDefinition, FormItem } from '../../../contract/checkins.ts';
import { inLanguage } from '../../../contract/common.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import { answersFor } from '../checkins/checkins.service.ts';
import { visibleConversations } from '../messages/messages.service.ts';
import { canSee, visibilityFor } from '../sessions/sessions.service.ts';
import { childRecord, goalsOf, measurementsOf, messagesIn, practiceOf, sessionsOf, strategiesOf, teamOf } from './fhir.repository.ts';

export const FHIR_VERSION = '4.0.1';
export const FHIR_JSON = 'application/fhir+json';

/** CareTeam's own codes and extensions (URNs: they name, they do not resolve). */
export const CARETEAM_FHIR = {
  setting: 'urn:careteam:fhir:observation-setting',
  settingSystem: 'urn:careteam:fhir:setting',
  baseline: 'urn:careteam:fhir:goal-baseline',
  lowerIsBetter: 'urn:careteam:fhir:goal-lower-is-better',
  whyItMatters: 'urn:careteam:fhir:goal-why-it-matters',
  teamRoleSystem: 'urn:careteam:fhir:team-role',
  sessionKindSystem: 'urn:careteam:fhir:session-kind',
  checkinOption: 'urn:careteam:fhir:checkin-option',
  checkinScore: 'urn:careteam:fhir:checkin-score',
  checkinSubscore: 'urn:careteam:fhir:checkin-subscore',
} as const;

// A reference that fits any resource's field (the type is in its string).
const ref = (type: string, id: string, display?: string): Reference<never> => ({ reference: `${type}/${id}`, ...(display ? { display } : {}) });

const GOAL_LIFECYCLE: Record<string, Goal['lifecycleStatus']> = {
  suggested: 'proposed', proposed: 'proposed', changes_requested: 'proposed', agreed: 'active', paused: 'on-hold', met: 'completed', discontinued: 'cancelled',
};

const PRACTICE_STATUS: Record<string, NonNullable<CarePlanActivity['detail']>['status']> = { active: 'in-progress', paused: 'on-hold', ended: 'completed' };

const ROLE_CODE = { guardian: 'GUARD', caregiver: 'CAREGIVER' } as const;

const date = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString().slice(0, 10));

/** The unit of a goal's measure, as UCUM where one fits. */
function quantity(measure: string, unit: string, value: number) {
  if (measure === 'percent') return { value, unit: '%', system: 'http://unitsofmeasure.org', code: '%' };
  if (measure === 'duration') return { value, unit: unit || 'min', system: 'http://unitsofmeasure.org', code: 'min' };
  return { value, unit: unit || measure };
}

const QUESTION_TYPE: Record<FormItem['kind'], QuestionnaireItem['type']> = {
  scale: 'integer', yes_no: 'boolean', single: 'choice', multiple: 'choice', number: 'decimal', text: 'string',
};

/** A check-in form as a Questionnaire in the reader's language; its canonical URL names it, a response points at it. */
function questionnaireOf(id: string, def: FormDefinition, say: (t: Partial<Record<string, string>>) => string): Questionnaire {
  return {
    resourceType: 'Questionnaire', id, url: `urn:uuid:${id}`, status: 'active', title: say(def.title), description: say(def.intro),
    subjectType: ['Patient'],
    item: def.items.map((i) => ({
      linkId: i.key, text: say(i.text), type: QUESTION_TYPE[i.kind], ...(i.kind === 'multiple' ? { repeats: true } : {}),
      ...(i.options ? { answerOption: i.options.map((o) => ({ valueCoding: { system: CARETEAM_FHIR.checkinOption, code: o.key, display: say(o.text) } })) } : {}),
    })),
  };
}

/** One item's answer as FHIR answer values (several for a multiple choice), none when it was left out. */
function answerValues(item: FormItem, value: AnswerValue | null | undefined, say: (t: Partial<Record<string, string>>) => string): QuestionnaireResponseItemAnswer[] {
  if (value === null || value === undefined) return [];
  const option = (key: string) => {
    const o = item.options?.find((x) => x.key === key);
    return { valueCoding: { system: CARETEAM_FHIR.checkinOption, code: key, ...(o ? { display: say(o.text) } : {}) } };
  };
  switch (item.kind) {
    case 'scale': return typeof value === 'number' ? [{ valueInteger: value }] : [];
    case 'yes_no': return typeof value === 'boolean' ? [{ valueBoolean: value }] : [];
    case 'number': return typeof value === 'number' ? [{ valueDecimal: value }] : [];
    case 'text': return typeof value === 'string' && value.trim() !== '' ? [{ valueString: value }] : [];
    case 'single': return typeof value === 'string' ? [option(value)] : [];
    case 'multiple': return Array.isArray(value) ? value.map(option) : [];
  }
}

export type ExportReader = { userId: string; access: ChildAccess; locale: string };

/** Every resource of the child's record this reader may see, the Patient first. */
export async function childResources(db: Executor, reader: ExportReader, now: Date): Promise<Resource[]> {
  const { access } = reader;
  const may = (p: string) => (access.permissions as string[]).includes(p);
  const childId = access.childId;
  const [child, team] = await Promise.all([childRecord(db, childId), teamOf(db, childId)]);
  const out: Resource[] = [];

  const organization: Organization = { resourceType: 'Organization', id: child.clinic_id, name: child.clinic, active: true };
  const patient: Patient = {
    resourceType: 'Patient', id: child.id, active: true,
    meta: { lastUpdated: child.updated_at.toISOString() },
    name: [{ use: 'usual', family: child.last_name, given: [child.first_name] }],
    ...(child.birth_date ? { birthDate: date(child.birth_date) } : {}),
    ...(child.languages.length > 0 ? {
      communication: child.languages.map((code, i) => ({ language: { coding: [{ system: 'urn:ietf:bcp:47', code }] }, preferred: i === 0 })),
    } : {}),
    managingOrganization: ref('Organization', child.clinic_id, child.clinic),
  };
  out.push(patient, organization);

  // The team: family as RelatedPerson, the clinicians and school staff as Practitioner.
  const people = new Map<string, Reference<never>>();
  const showEmail = may('team.contacts');
  for (const m of team) {
    const telecom = showEmail ? { telecom: [{ system: 'email' as const, value: m.email }] } : {};
    if (m.role === 'guardian' || m.role === 'caregiver') {
      const person: RelatedPerson = {
        resourceType: 'RelatedPerson', id: m.id, active: true, patient: ref('Patient', child.id),
        relationship: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-RoleCode', code: ROLE_CODE[m.role], display: m.role }] }],
        name: [{ text: m.name }], ...telecom,
      };
      out.push(person);
      people.set(m.user_id, ref('RelatedPerson', m.id, m.name));
    } else {
      const practitioner: Practitioner = { resourceType: 'Practitioner', id: m.user_id, active: true, name: [{ text: m.name }], ...telecom };
      out.push(practitioner);
      people.set(m.user_id, ref('Practitioner', m.user_id, m.name));
    }
  }
  const careTeam: CareTeam = {
    resourceType: 'CareTeam', id: child.id, status: 'active', name: `${child.first_name} ${child.last_name}`, subject: ref('Patient', child.id),
    managingOrganization: [ref('Organization', child.clinic_id)],
    participant: team.map((m) => ({
      role: [{ coding: [{ system: CARETEAM_FHIR.teamRoleSystem, code: m.role }], text: m.role }],
      member: people.get(m.user_id) ?? { display: m.name },
      period: { start: m.created_at.toISOString() },
    })),
  };
  out.push(careTeam);

  let goalIds = new Set<string>();
  if (may('plan.view')) {
    const [goals, measurements] = await Promise.all([goalsOf(db, childId), measurementsOf(db, childId)]);
    goalIds = new Set(goals.map((g) => g.id));
    const byGoal = new Map<string, string[]>();
    for (const m of measurements) byGoal.set(m.goal_id, [...(byGoal.get(m.goal_id) ?? []), m.id]);
    for (const g of goals) {
      const observed = byGoal.get(g.id) ?? [];
      const extension = [
        ...(g.baseline !== null ? [{ url: CARETEAM_FHIR.baseline, valueQuantity: quantity(g.measure, g.unit, g.baseline) }] : []),
        { url: CARETEAM_FHIR.lowerIsBetter, valueBoolean: g.lower_is_better },
        ...(g.why_it_matters ? [{ url: CARETEAM_FHIR.whyItMatters, valueString: g.why_it_matters }] : []),
      ];
      const goal: Goal = {
        resourceType: 'Goal', id: g.id, extension,
        lifecycleStatus: GOAL_LIFECYCLE[g.status] ?? 'proposed',
        ...(g.status === 'met' ? { achievementStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/goal-achievement', code: 'achieved' }] } } : {}),
        category: [{ text: g.area }],
        description: { text: g.statement },
        subject: ref('Patient', child.id),
        ...(g.agreed_at ? { startDate: date(g.agreed_at) } : {}),
        target: [{
          measure: { text: g.measure },
          ...(g.measure === 'yes_no' ? { detailBoolean: g.target >= 1 } : { detailQuantity: quantity(g.measure, g.unit, g.target) }),
          ...(g.target_date ? { dueDate: date(g.target_date) } : {}),
        }],
        ...(observed.length > 0 ? { outcomeReference: observed.map((id) => ref('Observation', id)) } : {}),
      };
      out.push(goal);
    }
    const goalById = new Map(goals.map((g) => [g.id, g]));
    for (const m of measurements) {
      const g = goalById.get(m.goal_id);
      if (!g) continue;
      const observation: Observation = {
        resourceType: 'Observation', id: m.id, status: 'final',
        extension: [{ url: CARETEAM_FHIR.setting, valueCoding: { system: CARETEAM_FHIR.settingSystem, code: m.setting } }],
        code: { text: g.statement },
        subject: ref('Patient', child.id),
        focus: [ref('Goal', g.id)],
        effectiveDateTime: date(m.measured_on),
        issued: m.created_at.toISOString(),
        ...(g.measure === 'yes_no' ? { valueBoolean: m.value >= 1 } : { valueQuantity: quantity(g.measure, g.unit, m.value) }),
        ...(m.opportunities !== null ? { component: [{ code: { text: 'opportunities' }, valueInteger: m.opportunities }] } : {}),
        ...(m.note ? { note: [{ text: m.note }] } : {}),
      };
      out.push(observation);
    }
  }

  // The care plan: the strategies in use everywhere and, with practice.view, the home practice.
  const activity: CarePlanActivity[] = [];
  const goalRefs = (ids: readonly string[]) => ids.filter((id) => goalIds.has(id)).map((id) => ref('Goal', id));
  if (may('plan.view')) {
    for (const s of await strategiesOf(db, childId)) {
      const text = inLanguage(s.content, reader.locale);
      const name = text?.name ?? s.starter_key ?? 'strategy';
      activity.push({
        detail: {
          kind: 'ServiceRequest', code: { text: 'strategy' }, status: 'in-progress', description: [name, s.note].filter(Boolean).join(' — '),
          ...(goalRefs(s.goal_ids).length ? { goal: goalRefs(s.goal_ids) } : {}),
        },
      });
    }
  }
  if (may('practice.view')) {
    for (const p of await practiceOf(db, childId)) {
      activity.push({
        detail: {
          kind: 'Task', code: { text: 'home practice' }, status: PRACTICE_STATUS[p.status] ?? 'in-progress',
          description: [p.title, ...p.steps.map((s, i) => `${i + 1}. ${s}`)].join('\n'),
          scheduledPeriod: { start: date(p.start_date), ...(p.end_date ? { end: date(p.end_date) } : {}) },
          ...(goalRefs(p.goal_ids).length ? { goal: goalRefs(p.goal_ids) } : {}),
        },
      });
    }
  }
  if (activity.length > 0 || goalIds.size > 0) {
    const plan: CarePlan = {
      resourceType: 'CarePlan', id: child.id, status: 'active', intent: 'plan', title: `${child.first_name} ${child.last_name}`,
      subject: ref('Patient', child.id), careTeam: [ref('CareTeam', child.id)],
      ...(goalIds.size > 0 ? { goal: [...goalIds].map((id) => ref('Goal', id)) } : {}),
      ...(activity.length > 0 ? { activity } : {}),
    };
    out.push(plan);
  }

  if (may('sessions.view') || may('sessions.manage')) {
    const v = visibilityFor(access);
    for (const s of await sessionsOf(db, childId, reader.userId)) {
      if (!canSee(v, s, s.invited)) continue;
      const clinician = people.get(s.created_by);
      const appointment: Appointment = {
        resourceType: 'Appointment', id: s.id,
        status: s.status === 'cancelled' ? 'cancelled' : s.starts_at.getTime() + s.duration_minutes * 60_000 < now.getTime() ? 'fulfilled' : 'booked',
        serviceType: [{ coding: [{ system: CARETEAM_FHIR.sessionKindSystem, code: s.kind }], text: s.kind }],
        ...(s.cancel_reason ? { cancelationReason: { text: s.cancel_reason } } : {}),
        start: s.starts_at.toISOString(),
        end: new Date(s.starts_at.getTime() + s.duration_minutes * 60_000).toISOString(),
        minutesDuration: s.duration_minutes,
        participant: [
          { actor: ref('Patient', child.id), status: 'accepted' },
          ...(clinician ? [{ actor: clinician, status: 'accepted' as const }] : []),
        ],
      };
      out.push(appointment);
    }
  }

  // Check-ins: the forms answered and each answer of the team's forms this reader may see in the
  // app (partnership answers are never shown per person, in the app or here).
  if (may('plan.view')) {
    const all = await answersFor(db, access, reader.userId);
    // A caregiver's well-being is about the caregiver, not the child: it stays in CareTeam.
    const responses = all.responses.filter((r) => r.privacy === 'team');
    const forms = new Map([...all.forms].filter(([id]) => responses.some((r) => r.form_id === id)));
    const say = (t: Partial<Record<string, string>>) => inLanguage(t, reader.locale) ?? '';
    for (const form of forms.values()) out.push(questionnaireOf(form.id, form.definition as unknown as FormDefinition, say));
    for (const r of responses) {
      const form = forms.get(r.form_id);
      if (!form || !r.submitted_at) continue;
      const def = form.definition as unknown as FormDefinition;
      const answers = r.answers as Record<string, AnswerValue | null>;
      const item = def.items.flatMap((i) => {
        const answer = answerValues(i, answers[i.key], say);
        return answer.length > 0 ? [{ linkId: i.key, text: say(i.text), answer }] : [];
      });
      const subscores = Object.entries((r.subscores ?? {}) as Record<string, number>);
      const response: QuestionnaireResponse = {
        resourceType: 'QuestionnaireResponse', id: r.id, status: 'completed', questionnaire: `urn:uuid:${r.form_id}`,
        extension: [
          { url: CARETEAM_FHIR.setting, valueCoding: { system: CARETEAM_FHIR.settingSystem, code: r.setting } },
          ...(r.score !== null ? [{ url: CARETEAM_FHIR.checkinScore, valueDecimal: r.score }] : []),
          ...subscores.map(([key, value]) => ({ url: CARETEAM_FHIR.checkinSubscore, extension: [{ url: 'key', valueString: key }, { url: 'value', valueDecimal: value }] })),
        ],
        subject: ref('Patient', child.id),
        authored: r.submitted_at.toISOString(),
        author: people.get(r.respondent_id) ?? { display: r.name },
        ...(item.length > 0 ? { item } : {}),
      };
      out.push(response);
    }
  }

  const conversations = await visibleConversations(db, reader.userId, { childIds: [childId] });
  for (const m of await messagesIn(db, conversations.map((c) => c.id))) {
    const sender = people.get(m.author_id);
    const communication: Communication = {
      resourceType: 'Communication', id: m.id, status: 'completed', subject: ref('Patient', child.id),
      topic: { text: m.kind === 'team' ? 'team' : m.title || 'conversation' },
      sent: m.created_at.toISOString(),
      sender: sender ?? { display: m.author },
      payload: [{ contentString: m.body }],
      language: m.language,
    };
    out.push(communication);
  }
  return out;
}

/** A Bundle of resources, each with its full URL under the server's FHIR base. */
export function bundleOf(base: string, type: Bundle['type'], resources: readonly Resource[], self: string): Bundle {
  const entry: BundleEntry[] = resources.map((r) => ({
    fullUrl: `${base}/${r.resourceType}/${r.id}`, resource: r, ...(type === 'searchset' ? { search: { mode: 'match' as const } } : {}),
  }));
  return {
    resourceType: 'Bundle', type, timestamp: new Date().toISOString(), ...(type === 'searchset' ? { total: entry.length } : {}),
    link: [{ relation: 'self', url: self }], entry,
  };
}

/** What this server offers: read a Patient, $everything on one, search Goals by patient. */
export function capabilityStatement(base: string, now: Date): CapabilityStatement {
  return {
    resourceType: 'CapabilityStatement', status: 'active', date: now.toISOString(), kind: 'instance', fhirVersion: FHIR_VERSION,
    format: ['json'], publisher: 'CareTeam',
    software: { name: 'CareTeam' }, implementation: { description: 'CareTeam', url: base },
    rest: [{
      mode: 'server',
      documentation: 'Signed-in users read the children they may take a copy of (permission record.export), with exactly what their place on the child’s team lets them see.',
      security: { description: 'A CareTeam session cookie; without one every request answers 401, and a child the reader may not export answers 404.' },
      resource: [
        {
          type: 'Patient', interaction: [{ code: 'read' }],
          operation: [{ name: 'everything', definition: 'http://hl7.org/fhir/OperationDefinition/Patient-everything' }],
        },
        { type: 'Goal', interaction: [{ code: 'search-type' }], searchParam: [{ name: 'patient', type: 'reference' }] },
      ],
    }],
  };
}
