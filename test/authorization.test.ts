import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/server/db/database.ts';
import { drawPng } from '../src/server/uploads/png.ts';
import { addMember, buildChild, buildClinic, buildFamily, buildTherapist, buildUser, createTestContext, type TestClient, type TestContext } from './support.ts';

/**
 * Every route comes from the OpenAPI document, so a new route is covered without editing this
 * file. Public routes are listed here on purpose: adding one is a decision someone must make.
 */
const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  // What the FHIR endpoint serves (a CapabilityStatement): FHIR clients read it before signing in.
  'GET /fhir/r4/metadata',
  // Whether this browser is signed in: 200 with signedIn false for a visitor, the person otherwise.
  'GET /api/session',
  'GET /api/setup',
  'POST /api/setup',
  'POST /api/auth/login',
  'POST /api/auth/link',
  'POST /api/auth/link/consume',
  'POST /api/auth/reset',
  'POST /api/auth/reset/complete',
  'GET /api/invitations/{token}',
  'POST /api/invitations/{token}/accept',
  // The unsubscribe link in optional mail (digest, newsletters): the token is the only key, and it
  // can only turn that mail off.
  'GET /api/unsubscribe/{token}',
  'POST /api/unsubscribe/{token}',
  // A private calendar feed, read by calendar apps that carry no session: the token is the only
  // key, it reads only its owner's sessions, and a reset one answers 404.
  'GET /api/calendar/{token}',
  // The text-message provider's webhook (STOP/START replies): no session, only the provider's
  // signature over the request, checked with the auth token; unsigned or forged → 403.
  'POST /api/sms/inbound',
  // Video rooms: an interpreter joins with a guest link and no account. Each route answers 404 to
  // anyone who neither attends the session (or may see the event) signed in nor holds a live
  // guest pass for it.
  'GET /api/video/rooms/{roomId}',
  'POST /api/video/rooms/{roomId}/join',
  'GET /api/video/rooms/{roomId}/stream',
  'POST /api/video/rooms/{roomId}/signal',
  'POST /api/video/rooms/{roomId}/media',
  'POST /api/video/rooms/{roomId}/leave',
  'POST /api/video/rooms/{roomId}/host',
  'GET /api/video/rooms/{roomId}/guests',
  'POST /api/video/rooms/{roomId}/guests',
  'DELETE /api/video/rooms/{roomId}/guests/{guestId}',
]);

type Schema = { type?: string | string[]; format?: string; enum?: unknown[]; properties?: Record<string, Schema>; required?: string[]; items?: Schema; minimum?: number; anyOf?: Schema[]; oneOf?: Schema[]; const?: unknown; pattern?: string };
type Route = { method: string; path: string; key: string; body: Schema | undefined; raw: boolean; query: string };

/** A plausible value for a JSON schema: valid enough that only authorization can stop it. */
function sample(s: Schema | undefined, name = ''): unknown {
  if (!s) return undefined;
  if (s.const !== undefined) return s.const;
  if (s.enum) return s.enum[0];
  if (s.anyOf) return sample(s.anyOf.find((x) => x.type !== 'null') ?? s.anyOf[0], name);
  if (s.oneOf) return sample(s.oneOf[0], name);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, k);
      return out;
    }
    case 'array':
      return [];
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return s.minimum ?? 1;
    default:
      if (s.format === 'email') return `probe.${randomUUID().slice(0, 8)}@example.org`;
      if (s.format === 'uuid') return randomUUID();
      if (s.format === 'date') return '2026-01-15';
      if (s.pattern === '^\\d{6}$') return '123456';
      if (name === 'timeZone') return 'America/Chicago';
      if (/password/i.test(name)) return 'a long and calm sentence';
      return 'Probe value';
  }
}

async function listRoutes(client: TestClient): Promise<Route[]> {
  const res = await client.get('/api/openapi.json');
  expect(res.status).toBe(200);
  const routes: Route[] = [];
  type Op = { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: { in: string; name: string; required?: boolean; schema?: Schema }[] };
  for (const [path, ops] of Object.entries(res.body.paths as Record<string, Record<string, Op>>)) {
    for (const [method, op] of Object.entries(ops)) {
      const m = method.toUpperCase();
      // Required query parameters get plausible values too, so only authorization can stop the request.
      const query = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, p.name)))}`).join('&');
      routes.push({
        method: m, path, key: `${m} ${path}`, body: op.requestBody?.content?.['application/json']?.schema,
        // A route that takes a file's raw bytes is probed with a real file, not JSON.
        raw: op.requestBody?.content?.['application/octet-stream'] !== undefined, query: query ? `?${query}` : '',
      });
    }
  }
  return routes;
}

/** Everything a denied request could have changed, to compare before and after. */
async function snapshot(db: Db) {
  const tables = [
    'clinic', 'app_user', 'clinic_member', 'child', 'care_team_member', 'consent', 'invitation', 'mail_outbox', 'sms_outbox', 'sms_opt_out', 'one_time_token', 'goal', 'goal_event', 'measurement',
    'milestone', 'milestone_seen', 'plan_review', 'plan_review_participant', 'plan_review_change',
    'practice_item', 'practice_event', 'practice_log', 'practice_reminder', 'journal_entry', 'journal_entry_version',
    'strategy', 'child_strategy', 'child_strategy_goal', 'strategy_use', 'upload',
    'notification', 'notification_preference', 'notification_setting', 'urgent_notice',
    'conversation', 'conversation_member', 'message', 'conversation_read',
    'mail_preference', 'mail_unsubscribe', 'digest_note', 'newsletter', 'newsletter_recipient',
    'message_translation', 'quick_reply', 'translation_usage', 'content_translation', 'translation_service_state',
    'session_series', 'therapy_session', 'session_invitee', 'session_agenda_point', 'session_plan_review', 'session_move_request', 'session_change',
    'session_record', 'session_record_version', 'session_clinical_note', 'session_clinical_note_version',
    'family_event', 'family_event_child', 'family_event_rsvp',
    'video_room', 'video_participant', 'video_guest_pass',
    'resource_file', 'resource', 'child_resource', 'child_resource_reader', 'goal_rating', 'goal_rating_request', 'good_news',
    'progress_report', 'record_archive',
    'checkin_form', 'checkin_assignment', 'checkin_response',
  ] as const;
  // One statement for all tables (each table's rows as JSON text, in order): a denied request is
  // checked against this twice, for every route and every outsider.
  const { rows } = await sql<Record<string, string>>`SELECT ${sql.join(tables.map((name) =>
    sql`(SELECT coalesce(string_agg(row_to_json(x)::text, E'\n' ORDER BY row_to_json(x)::text), '') FROM ${sql.table(name)} x) AS ${sql.ref(name)}`))}`.execute(db);
  return JSON.stringify(rows[0]);
}

let t: TestContext;
let routes: Route[];
let victim: Awaited<ReturnType<typeof buildFamily>> & {
  memberId: string; invitationId: string; caregiverMember: string; goalId: string; milestoneId: string; reviewId: string; itemId: string; entryId: string;
  strategyId: string; childStrategyId: string; uploadId: string; resourceId: string; childResourceId: string; conversationId: string; messageId: string; sessionId: string; eventId: string;
  videoSessionId: string; guestId: string; assignmentId: string; occurrence: string; formId: string;
};
const outsiders: { who: string; client: TestClient }[] = [];

beforeAll(async () => {
  t = await createTestContext();
  routes = await listRoutes(t.client());
  const f = await buildFamily(t.db);
  const caregiver = await buildUser(t.db, 'Carl Caregiver');
  const cm = await addMember(t.db, f.child, caregiver, 'caregiver');
  const member = await t.db.selectFrom('care_team_member').select('id').where('child_id', '=', f.child.id).where('user_id', '=', f.guardian.id).executeTakeFirstOrThrow();
  const therapistClient = await t.client().login(f.therapist.email);
  const inv = await therapistClient.post(`/api/children/${f.child.id}/invitations`, { email: 'pending@example.org', name: 'Pending Person', role: 'guardian' });
  expect(inv.status).toBe(201);
  const goal = await therapistClient.post(`/api/children/${f.child.id}/goals`, { area: 'communication', statement: 'Asks for help with words', measure: 'count', target: 5, settings: ['therapy', 'home'] });
  expect(goal.status).toBe(201);
  const item = await therapistClient.post(`/api/children/${f.child.id}/practice`, { title: 'Two-word requests at snack time', steps: ['Hold the snack up', 'Wait for two words'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: '2026-01-05' });
  expect(item.status).toBe(201);
  const photo = await therapistClient.upload(`/api/children/${f.child.id}/uploads?purpose=journal_photo`, drawPng(2, 2, () => [9, 9, 9]), 'image/png');
  expect(photo.status).toBe(201);
  const entry = await therapistClient.post(`/api/children/${f.child.id}/journal`, { content: { kind: 'win', text: 'Said hello to the bus driver' }, date: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10), photoId: photo.body.id });
  expect(entry.status).toBe(201);
  const win = await therapistClient.post(`/api/children/${f.child.id}/milestones`, { title: 'Said “more juice” at breakfast', date: '2026-01-15' });
  expect(win.status).toBe(201);
  const review = await therapistClient.post(`/api/children/${f.child.id}/reviews`, { heldOn: '2026-01-15', participants: [f.therapist.id, f.guardian.id], agreed: 'Keep practising at breakfast.' });
  expect(review.status).toBe(201);
  // The clinic's own strategy, attached to the child's goal.
  const strategy = await therapistClient.post('/api/strategies', { settings: ['home'], content: { en: { name: 'Our own', purpose: 'Probe', steps: ['One'], tips: [] } } });
  expect(strategy.status).toBe(201);
  const attached = await therapistClient.post(`/api/children/${f.child.id}/strategies`, { strategyId: strategy.body.id, goalIds: [goal.body.id], settings: ['home', 'school'] });
  expect(attached.status).toBe(201);
  // The clinic's own resource, given to the child's family.
  const resource = await therapistClient.post('/api/resources', { kind: 'article', content: { en: { title: 'Our own', body: 'Probe' } } });
  expect(resource.status).toBe(201);
  const given = await therapistClient.post(`/api/children/${f.child.id}/resources`, { resourceId: resource.body.id, note: 'For you' });
  expect(given.status).toBe(201);
  // A smaller conversation between the therapist and the guardian, with one message.
  const conversation = await therapistClient.post(`/api/children/${f.child.id}/conversations`, { title: 'Just us', memberIds: [f.guardian.id] });
  expect(conversation.status).toBe(201);
  const message = await therapistClient.post(`/api/children/${f.child.id}/conversations/${conversation.body.id}/messages`, { body: 'How was the weekend?' });
  expect(message.status).toBe(201);
  // A weekly session the family is invited to, with the guardian invited by name.
  const session = await therapistClient.post(`/api/children/${f.child.id}/sessions`, { kind: 'therapy', place: 'clinic', date: '2026-01-15', time: '16:00', durationMinutes: 45, recurrence: { rule: 'FREQ=WEEKLY', count: 3 }, invitees: [f.guardian.id], familyInvited: true });
  expect(session.status).toBe(201);
  // A family event for the child's family, which the guardian answered.
  const when = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date(Date.now() + 14 * 86_400_000));
  const event = await therapistClient.post('/api/family-events', {
    kind: 'workshop', title: 'Parents’ evening', description: 'Come and talk.', date: when, time: '18:00', durationMinutes: 90, place: 'address',
    placeNote: 'Clinic hall', audience: { kind: 'children', childIds: [f.child.id] }, capacity: 20, askInterpreter: true,
  });
  expect(event.status).toBe(201);
  // A video session the guardian is invited to, whose room the therapist opened, with an interpreter's link.
  const soon = new Date(Date.now() + 5 * 60_000);
  const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Chicago', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(soon).split(' ');
  const video = await therapistClient.post(`/api/children/${f.child.id}/sessions`, { kind: 'therapy', place: 'video', date: local[0], time: local[1], durationMinutes: 45, invitees: [f.guardian.id] });
  expect(video.status).toBe(201);
  const videoSessionId = video.body.sessions[0].id as string;
  expect((await therapistClient.post(`/api/video/rooms/${videoSessionId}/join`, { audio: true, video: true })).status).toBe(200);
  const guest = await therapistClient.post(`/api/video/rooms/${videoSessionId}/guests`, { name: 'Ivan Interpreter', email: 'ivan@example.org', language: 'vi' });
  expect(guest.status).toBe(201);
  const guardianClient = await t.client().login(f.guardian.email);
  expect((await guardianClient.put(`/api/family-events/${event.body.id}/rsvp`, { answer: 'yes', adults: 1, children: 1, interpreterLanguage: 'vi' })).status).toBe(200);
  // A weekly check-in open today for the guardian, answered half-way.
  const forms = await therapistClient.get('/api/checkin-forms');
  const weekday = ((new Date(`${new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date())}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const checkin = await therapistClient.post(`/api/children/${f.child.id}/checkins`, {
    formId: forms.body.forms.find((x: { starterKey: string }) => x.starterKey === 'weekly_home').id, cadence: { kind: 'weekly', weekday }, respondents: [{ kind: 'households' }],
  });
  expect(checkin.status).toBe(201);
  const open = await guardianClient.get('/api/checkins/open');
  const occurrence = open.body.checkins[0].occurrence as string;
  expect((await guardianClient.post(`/api/children/${f.child.id}/checkins/${checkin.body.id}/answers`, { occurrence, answers: { sleep: 3 }, submit: false })).status).toBe(200);
  // The clinic's own check-in form, copied from a starter one.
  const ownForm = await therapistClient.post(`/api/checkin-forms/${forms.body.forms[0].id as string}/copy`);
  expect(ownForm.status).toBe(201);
  victim = {
    ...f, assignmentId: checkin.body.id, occurrence, formId: ownForm.body.id, videoSessionId, guestId: guest.body.id, eventId: event.body.id, sessionId: session.body.sessions[0].id, conversationId: conversation.body.id, messageId: message.body.id, memberId: member.id, invitationId: inv.body.id, caregiverMember: cm.id, goalId: goal.body.id, milestoneId: win.body.id, reviewId: review.body.id,
    itemId: item.body.id, entryId: entry.body.id, strategyId: strategy.body.id, resourceId: resource.body.id, childResourceId: given.body.id, childStrategyId: attached.body.id, uploadId: photo.body.id,
  };

  // Same clinic, no relationship with the victim child.
  const otherFamily = await buildFamily(t.db, victim.clinic);
  const unassigned = await buildTherapist(t.db, victim.clinic.id, 'Una Unassigned');
  // Another clinic altogether.
  const otherClinic = await buildClinic(t.db, 'Elsewhere Clinic');
  const otherClinicTherapist = await buildTherapist(t.db, otherClinic.id, 'Otto Other');
  await buildChild(t.db, otherClinic.id, otherClinicTherapist, 'Olive');
  // Once on the team, now revoked.
  const revoked = await buildUser(t.db, 'Rex Revoked');
  const rm = await addMember(t.db, victim.child, revoked, 'guardian');
  await t.db.updateTable('care_team_member').set({ revoked_at: new Date() }).where('id', '=', rm.id).execute();
  // A teacher whose guardian consent was withdrawn.
  const teacher = await buildUser(t.db, 'Tess Teacher');
  const tm = await addMember(t.db, victim.child, teacher, 'teacher');
  const consent = await t.db.selectFrom('care_team_member').select('consent_id').where('id', '=', tm.id).executeTakeFirstOrThrow();
  await t.db.updateTable('consent').set({ revoked_at: new Date() }).where('id', '=', consent.consent_id ?? '').execute();

  for (const [who, email] of [
    ['guardian of another family', otherFamily.guardian.email],
    ['therapist of another family', otherFamily.therapist.email],
    ['unassigned therapist', unassigned.email],
    ['admin of another clinic', otherClinic.admin.email],
    ['therapist of another clinic', otherClinicTherapist.email],
    ['revoked guardian', revoked.email],
    ['teacher without consent', teacher.email],
  ] as const) {
    outsiders.push({ who, client: await t.client().login(email) });
  }
});
afterAll(async () => t.close());

function fill(path: string): string {
  return path
    .replace('{childId}', victim.child.id)
    .replace('{memberId}', victim.caregiverMember)
    .replace('{invitationId}', victim.invitationId)
    .replace('{goalId}', victim.goalId)
    .replace('{milestoneId}', victim.milestoneId)
    .replace('{reviewId}', victim.reviewId)
    .replace('{itemId}', victim.itemId)
    .replace('{entryId}', victim.entryId)
    .replace('{strategyId}', victim.strategyId)
    .replace('{childStrategyId}', victim.childStrategyId)
    .replace('{resourceId}', victim.resourceId)
    .replace('{childResourceId}', victim.childResourceId)
    .replace('{uploadId}', victim.uploadId)
    .replace('{conversationId}', victim.conversationId)
    .replace('{messageId}', victim.messageId)
    .replace('{roomId}', victim.sessionId)
    .replace('{eventId}', victim.eventId)
    .replace('{assignmentId}', victim.assignmentId)
    .replace('{occurrence}', victim.occurrence)
    .replace('{formId}', victim.formId)
    .replace(/\{[^}]+\}/g, () => randomUUID());
}

/** One request to the route, with a body valid enough that only authorization can refuse it. */
function probe(client: TestClient, r: Route) {
  const url = fill(r.path) + r.query;
  if (r.raw) return client.upload(url, drawPng(2, 2, () => [1, 2, 3]), 'image/png');
  return client.request(r.method, url, r.method === 'GET' ? undefined : (sample(r.body) ?? {}));
}

// Each test walks many routes, with a snapshot of the data around each request: generous time on a busy machine.
describe('every route from the OpenAPI document', { timeout: 300_000 }, () => {
  it('lists the public routes that really exist', () => {
    const keys = new Set(routes.map((r) => r.key));
    for (const p of PUBLIC_ROUTES) expect(keys, p).toContain(p);
    expect(routes.length).toBeGreaterThan(20);
  });

  it('answers 401 without a session, except the public routes', async () => {
    const anonymous = t.client();
    for (const r of routes.filter((r) => !PUBLIC_ROUTES.has(r.key))) {
      const before = await snapshot(t.db);
      const res = await probe(anonymous, r);
      expect(res.status, r.key).toBe(401);
      expect(res.body.error.code, r.key).toBe('unauthenticated');
      expect(await snapshot(t.db), r.key).toBe(before);
    }
  });

  // Every child route times every outsider, each with a full snapshot: it grows with the API.
  it('answers 404 to anyone outside the child’s team for every child route, and changes nothing', { timeout: 600_000 }, async () => {
    const childRoutes = routes.filter((r) => r.path.includes('{childId}'));
    expect(childRoutes.length).toBeGreaterThan(5);
    const missing = await outsiders[0]!.client.get(`/api/children/${randomUUID()}`);
    expect(missing.status).toBe(404);
    for (const { who, client } of outsiders) {
      for (const r of childRoutes) {
        const before = await snapshot(t.db);
        const denials = await t.db.selectFrom('audit_event').select('id').where('action', '=', 'access_denied').where('child_id', '=', victim.child.id).execute();
        const res = await probe(client, r);
        expect(res.status, `${who}: ${r.key}`).toBe(404);
        expect(res.body, `${who}: ${r.key} looks like a missing child`).toEqual(missing.body);
        expect(await snapshot(t.db), `${who}: ${r.key} changed data`).toBe(before);
        const after = await t.db.selectFrom('audit_event').select('id').where('action', '=', 'access_denied').where('child_id', '=', victim.child.id).execute();
        expect(after.length, `${who}: ${r.key} audited`).toBe(denials.length + 1);
      }
    }
  });

  it('never shows another child’s celebrations on anyone’s home page', async () => {
    for (const { who, client } of outsiders) {
      const res = await client.get('/api/milestones/recent');
      expect(res.status, who).toBe(200);
      expect(JSON.stringify(res.body), who).not.toContain(victim.milestoneId);
    }
  });

  it('keeps admin routes to the admins of the clinic they belong to', async () => {
    const adminRoutes = routes.filter((r) => r.path.startsWith('/api/admin/'));
    expect(adminRoutes.length).toBeGreaterThan(3);
    const nonAdmins = outsiders.filter((o) => o.who !== 'admin of another clinic');
    for (const { who, client } of nonAdmins) {
      for (const r of adminRoutes) {
        const before = await snapshot(t.db);
        const res = await probe(client, r);
        expect(res.status, `${who}: ${r.key}`).toBe(404);
        expect(await snapshot(t.db), `${who}: ${r.key}`).toBe(before);
      }
    }
    // Another clinic's admin reaches only their own clinic: our invitation is not theirs to cancel.
    const otherAdmin = outsiders.find((o) => o.who === 'admin of another clinic')!.client;
    const before = await snapshot(t.db);
    const res = await otherAdmin.delete(`/api/admin/invitations/${victim.invitationId}`);
    expect(res.status).toBe(404);
    expect(await snapshot(t.db)).toBe(before);
    const list = await otherAdmin.get('/api/admin/clinicians');
    expect(JSON.stringify(list.body)).not.toContain(victim.therapist.email);
    const audit = await otherAdmin.get('/api/admin/audit?limit=200');
    expect(audit.body.events.every((e: { childId: string | null }) => e.childId !== victim.child.id)).toBe(true);
  });

  // Family events belong to no child route: anyone outside the event's audience and organisers finds nothing.
  it('answers 404 to anyone outside a family event’s audience for every event route, and changes nothing', async () => {
    const eventRoutes = routes.filter((r) => r.path.includes('{eventId}'));
    expect(eventRoutes.length).toBeGreaterThan(4);
    for (const { who, client } of outsiders) {
      for (const r of eventRoutes) {
        const before = await snapshot(t.db);
        const res = await probe(client, r);
        expect(res.status, `${who}: ${r.key}`).toBe(404);
        expect(await snapshot(t.db), `${who}: ${r.key} changed data`).toBe(before);
      }
      expect(JSON.stringify((await client.get('/api/family-events')).body), who).not.toContain(victim.eventId);
    }
  });

  // Video rooms belong to no child route: anyone who does not attend the session finds nothing.
  it('answers 404 to anyone not invited to a video session for every video route, and changes nothing', async () => {
    const videoRoutes = routes.filter((r) => r.path.startsWith('/api/video/'));
    expect(videoRoutes.length).toBeGreaterThanOrEqual(10);
    for (const { who, client } of [...outsiders, { who: 'signed out', client: t.client() }, { who: 'made-up guest link', client: t.client() }]) {
      for (const r of videoRoutes) {
        const before = await snapshot(t.db);
        const url = r.path.replace('{roomId}', victim.videoSessionId).replace('{guestId}', victim.guestId) + r.query;
        const headers: Record<string, string> = who === 'made-up guest link' ? { authorization: `Bearer ${'x'.repeat(43)}` } : {};
        const res = await client.request(r.method, url, r.method === 'GET' ? undefined : (sample(r.body) ?? {}), headers);
        expect(res.status, `${who}: ${r.key}`).toBe(404);
        expect(await snapshot(t.db), `${who}: ${r.key} changed data`).toBe(before);
      }
    }
  });

  it('keeps the resource library to clinicians, and a clinic’s own resources to that clinic', async () => {
    const libraryRoutes = routes.filter((r) => r.path.startsWith('/api/resource'));
    expect(libraryRoutes.length).toBeGreaterThan(5);
    const nonClinicians = outsiders.filter((o) => ['guardian of another family', 'revoked guardian', 'teacher without consent'].includes(o.who));
    const otherClinic = outsiders.filter((o) => o.who.endsWith('of another clinic'));
    for (const { who, client } of [...nonClinicians, ...otherClinic]) {
      for (const r of libraryRoutes) {
        if (otherClinic.some((o) => o.client === client) && !r.path.includes('{resourceId}')) continue;
        const before = await snapshot(t.db);
        const res = await probe(client, r);
        expect(res.status, `${who}: ${r.key}`).toBe(404);
        expect(await snapshot(t.db), `${who}: ${r.key}`).toBe(before);
      }
      if (otherClinic.some((o) => o.client === client)) {
        const list = await client.get('/api/resources');
        expect(list.body.resources.some((s: { id: string }) => s.id === victim.resourceId), who).toBe(false);
      }
      const family = await client.get('/api/family-resources');
      expect(JSON.stringify(family.body), who).not.toContain(victim.childResourceId);
    }
  });

  it('keeps check-in forms and the partnership summary to clinicians, and a clinic’s answers to that clinic', async () => {
    const clinicRoutes = routes.filter((r) => r.path.startsWith('/api/checkin-forms') || r.path === '/api/checkins/partnership');
    expect(clinicRoutes.length).toBe(6);
    const nonClinicians = outsiders.filter((o) => ['guardian of another family', 'revoked guardian', 'teacher without consent'].includes(o.who));
    for (const { who, client } of nonClinicians) {
      for (const r of clinicRoutes) {
        const before = await snapshot(t.db);
        const res = await probe(client, r);
        expect(res.status, `${who}: ${r.key}`).toBe(404);
        expect(await snapshot(t.db), `${who}: ${r.key}`).toBe(before);
      }
    }
    // Clinicians of another clinic: our clinic's own form is not theirs to read, change or copy.
    for (const { who, client } of outsiders.filter((o) => o.who.endsWith('of another clinic'))) {
      for (const r of clinicRoutes.filter((x) => x.path.includes('{formId}'))) {
        const before = await snapshot(t.db);
        const res = await probe(client, r);
        expect(res.status, `${who}: ${r.key}`).toBe(404);
        expect(await snapshot(t.db), `${who}: ${r.key}`).toBe(before);
      }
    }
    for (const { who, client } of outsiders) {
      const open = await client.get('/api/checkins/open');
      expect(JSON.stringify(open.body), who).not.toContain(victim.assignmentId);
      const summary = await client.get('/api/checkins/partnership');
      expect(JSON.stringify(summary.body), who).not.toContain(victim.therapist.id);
    }
  });

  it('keeps the strategy library to clinicians, and a clinic’s own strategies to that clinic', async () => {
    const libraryRoutes = routes.filter((r) => r.path.startsWith('/api/strategies'));
    expect(libraryRoutes.length).toBeGreaterThan(3);
    // No clinic role (a family member, a teacher): the library does not exist for them.
    const nonClinicians = outsiders.filter((o) => ['guardian of another family', 'revoked guardian', 'teacher without consent'].includes(o.who));
    // Clinicians of another clinic: our clinic's own strategy is not theirs to read, edit or copy.
    const otherClinic = outsiders.filter((o) => o.who.endsWith('of another clinic'));
    for (const { who, client } of [...nonClinicians, ...otherClinic]) {
      for (const r of libraryRoutes) {
        if (otherClinic.some((o) => o.client === client) && !r.path.includes('{strategyId}')) continue;
        const before = await snapshot(t.db);
        const res = await probe(client, r);
        expect(res.status, `${who}: ${r.key}`).toBe(404);
        expect(await snapshot(t.db), `${who}: ${r.key}`).toBe(before);
      }
      if (otherClinic.some((o) => o.client === client)) {
        const list = await client.get('/api/strategies');
        expect(list.body.strategies.some((s: { id: string }) => s.id === victim.strategyId), who).toBe(false);
      }
    }
  });
});
