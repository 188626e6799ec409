import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { DEMO_PASSWORD, loadDemo } from '../../../../scripts/demo.ts';
import { buildFamily, createTestContext, freshClient, startTestSmtp, type TestClient, type TestContext, type TestSmtp } from '../../../../test/support.ts';
import { UPLOAD_OWNERS } from '../../app.ts';
import { sweepHousekeeping } from '../../jobs/housekeeping.ts';
import { deliverMail } from '../../mail/mail.service.ts';
import { createUploadStore, type UploadStore } from '../../uploads/store.ts';
import { runArchiveJob } from './archive.service.ts';

const HOUR = 3600_000;
const SAM = 'sam.rivera@sunrise.example';
const DIEGO = 'diego.martinez@family.example';
const LAURA = 'laura.bennett@family.example';
const TEACHER = 'hannah.park@school.example';
const ADMIN = 'admin@sunrise.example';
const PRIVATE_MESSAGE = 'Only for Laura: the other home must not read this';
const CLINICAL_NOTE = 'Clinician only: observed regression, discuss with OT';
const WELLBEING_TEXT = 'I am exhausted and nobody else should read this';

let t: TestContext;
let smtp: TestSmtp;
let store: UploadStore;
let leo: string;
const clients = new Map<string, TestClient>();
const as = async (email: string) => {
  const known = clients.get(email);
  if (known) return known;
  const c = await freshClient(t.app).login(email, DEMO_PASSWORD);
  clients.set(email, c);
  return c;
};
const userId = async (email: string) => (await t.db.selectFrom('app_user').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

/** The link's token from the mail, which must not name the child. */
function tokenOf(mail: ParsedMail): string {
  const text = mail.text ?? '';
  const m = /\/archive\/([A-Za-z0-9_-]{20,})/.exec(text);
  if (!m?.[1]) throw new Error(`no archive link in ${text}`);
  return m[1];
}

async function download(c: TestClient, token: string) {
  const res = await t.app.inject({ method: 'POST', url: `/api/archive-links/${token}/download`, headers: { ...(c.cookie ? { cookie: c.cookie } : {}), ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}), 'content-type': 'application/json' }, payload: '{}' });
  return { status: res.statusCode, bytes: res.rawPayload, body: res.body, headers: res.headers };
}

/** Asks for the archive as this person, runs the job, and returns the link's token from the mail that arrived. */
async function archiveFor(email: string, path = `/api/children/${leo}/archives`, body: object = {}): Promise<{ id: string; token: string; mail: ParsedMail }> {
  const before = smtp.mailsTo(email).length;
  const c = await as(email);
  const asked = await c.post(path, body);
  expect(asked.status, JSON.stringify(asked.body)).toBe(202);
  await runArchiveJob(t.deps, store, UPLOAD_OWNERS, { id: asked.body.id });
  // The mail job's work, as its worker would do it.
  const queued = await t.db.selectFrom('mail_outbox').select('id').where('dedupe_key', '=', `archive:${asked.body.id as string}`).executeTakeFirstOrThrow();
  await deliverMail(t.deps, queued.id);
  for (let waited = 0; smtp.mailsTo(email).length <= before && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
  const mail = smtp.mailsTo(email)[before];
  if (!mail) throw new Error(`no mail to ${email}`);
  return { id: asked.body.id as string, token: tokenOf(mail), mail };
}

const texts = (files: Record<string, Uint8Array>) => Object.entries(files).filter(([n]) => /\.(json|csv|txt)$/.test(n)).map(([, b]) => strFromU8(b)).join('\n');
const json = (files: Record<string, Uint8Array>, name: string): unknown[] => {
  const b = files[name];
  if (!b) throw new Error(`${name} missing from the ZIP`);
  return JSON.parse(strFromU8(b)) as unknown[];
};
const count = async (q: ReturnType<typeof sql<{ n: number }>>) => (await q.execute(t.db)).rows[0]?.n ?? -1;

beforeAll(async () => {
  smtp = await startTestSmtp();
  t = await createTestContext({ smtpUrl: smtp.url });
  store = createUploadStore(t.deps.config);
  const spy = vi.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    await loadDemo(t.deps.config, 'http://localhost', t.url, t.clock());
  } finally {
    spy.mockRestore();
  }
  leo = (await t.db.selectFrom('child').select('id').where('first_name', '=', 'Leo').executeTakeFirstOrThrow()).id;

  // What Diego must never get: his son's other home's private conversation with the therapist,
  // a clinician's private note, and a well-being answer that is not his.
  const sam = await as(SAM);
  const laura = await userId(LAURA);
  const conversation = await sam.post(`/api/children/${leo}/conversations`, { title: 'Mum’s home', memberIds: [laura] });
  expect(conversation.status).toBe(201);
  expect((await sam.post(`/api/children/${leo}/conversations/${conversation.body.id}/messages`, { body: PRIVATE_MESSAGE })).status).toBe(201);
  const past = await t.db.selectFrom('therapy_session as s').select('s.id').where('s.child_id', '=', leo).where('s.status', '=', 'scheduled')
    .where('s.starts_at', '<', new Date(t.clock().getTime() - 2 * HOUR))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('session_clinical_note as n').select('n.session_id').whereRef('n.session_id', '=', 's.id'))))
    .orderBy('s.starts_at', 'desc').executeTakeFirstOrThrow();
  expect((await sam.put(`/api/children/${leo}/sessions/${past.id}/clinical-note`, { text: CLINICAL_NOTE })).status).toBe(200);
  const wellbeing = await t.db.selectFrom('checkin_response').selectAll().where('child_id', '=', leo).where('privacy', '=', 'clinicians').where('status', '=', 'submitted').executeTakeFirstOrThrow();
  await t.ownerDb.insertInto('checkin_response').values({
    clinic_id: wellbeing.clinic_id, child_id: leo, assignment_id: wellbeing.assignment_id, form_id: wellbeing.form_id, privacy: 'clinicians', therapist_id: wellbeing.therapist_id,
    occurrence: wellbeing.occurrence, due_date: wellbeing.due_date, slot: `person:${laura}`, respondent_id: laura, setting: 'home',
    answers: JSON.stringify({ ...wellbeing.answers, note: WELLBEING_TEXT }), score: wellbeing.score, subscores: JSON.stringify(wellbeing.subscores), status: 'submitted', submitted_at: t.clock(), updated_at: t.clock(),
  }).execute();
}, 180_000);

afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('the family’s archive', () => {
  let files: Record<string, Uint8Array>;
  let diego: string;

  it('is built by a job and mailed as a link that names no child and says it works once for a day', async () => {
    diego = await userId(DIEGO);
    const { token, mail } = await archiveFor(DIEGO);
    // Diego's own name greets him; his son's name is nowhere.
    expect(`${mail.subject} ${mail.text} ${mail.html || ''}`).not.toMatch(/\bLeo\b/);
    expect(mail.text).toMatch(/works once and expires in 24 hours/);
    const got = await download(await as(DIEGO), token);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/zip');
    files = unzipSync(new Uint8Array(got.bytes));
    expect(Object.keys(files)).toContain('README.txt');
  });

  it('holds, kind by kind, exactly as many rows as the database holds for Leo as Diego may see them', async () => {
    const expected: Record<string, number> = {
      team: await count(sql`select count(*)::int as n from care_team_member m left join consent k on k.id = m.consent_id where m.child_id = ${leo} and m.revoked_at is null and (m.consent_id is null or k.revoked_at is null)`),
      goals: await count(sql`select count(*)::int as n from goal where child_id = ${leo}`),
      measurements: await count(sql`select count(*)::int as n from measurement where child_id = ${leo}`),
      'practice-items': await count(sql`select count(*)::int as n from practice_item where child_id = ${leo}`),
      'practice-logs': await count(sql`select count(*)::int as n from practice_log where child_id = ${leo}`),
      journal: await count(sql`select count(*)::int as n from journal_entry where child_id = ${leo} and (author_id = ${diego} or visibility in ('team', 'guardians'))`),
      conversations: await count(sql`select count(*)::int as n from conversation c where c.child_id = ${leo} and (c.kind = 'team' or exists (select 1 from conversation_member cm where cm.conversation_id = c.id and cm.user_id = ${diego} and cm.removed_at is null))`),
      messages: await count(sql`select count(*)::int as n from message x join conversation c on c.id = x.conversation_id where c.child_id = ${leo} and x.retracted_at is null
        and (c.kind = 'team' or exists (select 1 from conversation_member cm where cm.conversation_id = c.id and cm.user_id = ${diego} and cm.removed_at is null))`),
      milestones: await count(sql`select count(*)::int as n from milestone where child_id = ${leo}`),
      strategies: await count(sql`select count(*)::int as n from child_strategy where child_id = ${leo}`),
      'strategy-uses': await count(sql`select count(*)::int as n from strategy_use u where u.child_id = ${leo} and exists (select 1 from child_strategy s where s.child_id = u.child_id and s.strategy_id = u.strategy_id)`),
      checkins: await count(sql`select count(*)::int as n from checkin_response where child_id = ${leo} and ((status = 'submitted' and privacy = 'team') or respondent_id = ${diego})`),
      sessions: await count(sql`select count(*)::int as n from therapy_session s where s.child_id = ${leo} and (s.family_invited or exists (select 1 from session_invitee i where i.session_id = s.id and i.user_id = ${diego}))`),
      'session-summaries': await count(sql`select count(*)::int as n from session_record r join therapy_session s on s.id = r.session_id where s.child_id = ${leo} and s.status = 'scheduled'
        and r.shared_at is not null and (trim(r.worked_on) <> '' or trim(r.went_well) <> '' or trim(r.to_practise) <> '') and (s.family_invited or exists (select 1 from session_invitee i where i.session_id = s.id and i.user_id = ${diego}))`),
      resources: await count(sql`select count(*)::int as n from child_resource where child_id = ${leo}`),
      files: await count(sql`select count(*)::int as n from upload u where u.child_id = ${leo} and (
        u.owner_type = 'practice_item'
        or (u.owner_type = 'journal_entry' and exists (select 1 from journal_entry e where e.id = u.owner_id and (e.author_id = ${diego} or e.visibility in ('team', 'guardians'))))
        or (u.owner_type = 'message' and exists (select 1 from message x join conversation c on c.id = x.conversation_id where x.id = u.owner_id and x.retracted_at is null
          and (c.kind = 'team' or exists (select 1 from conversation_member cm where cm.conversation_id = c.id and cm.user_id = ${diego} and cm.removed_at is null)))))`),
    };
    const got = Object.fromEntries(Object.keys(expected).map((k) => [k, json(files, `${k}.json`).length]));
    expect(got).toEqual(expected);
    // The demo's Leo is the fullest child: every kind has rows (an empty kind would prove nothing).
    for (const [k, n] of Object.entries(expected)) expect(n, k).toBeGreaterThan(0);
    expect((JSON.parse(strFromU8(files['child.json'] ?? new Uint8Array())) as { id: string }).id).toBe(leo);
  });

  it('holds every file the manifest names, byte for byte the stored upload', async () => {
    const manifest = json(files, 'files.json') as { id: string; path: string; sha256: string; byteSize: number }[];
    for (const f of manifest) {
      const row = await t.db.selectFrom('upload').select(['storage_key', 'sha256', 'byte_size']).where('id', '=', f.id).executeTakeFirstOrThrow();
      const inZip = files[f.path];
      expect(inZip, f.path).toBeDefined();
      const stream = await store.read(row.storage_key);
      const chunks: Buffer[] = [];
      for await (const c of stream ?? []) chunks.push(c as Buffer);
      expect(Buffer.from(inZip ?? new Uint8Array()).equals(Buffer.concat(chunks)), f.path).toBe(true);
      expect(createHash('sha256').update(inZip ?? new Uint8Array()).digest('hex')).toBe(row.sha256);
    }
    expect(Object.keys(files).filter((n) => n.startsWith('files/'))).toHaveLength(manifest.length);
  });

  it('gives each strategy in the reader’s language: CareTeam’s in their words, the clinic’s own as written when nothing translates it', async () => {
    const mine = json(files, 'strategies.json') as { strategy: { starter: boolean; content: Record<string, { name: string } | undefined> }; inReaderLanguage: { language: string; name: string } }[];
    expect(mine.map((s) => s.inReaderLanguage)).toEqual(mine.map((s) => expect.objectContaining({ language: 'en', name: s.strategy.content.en?.name })));
    // Asked in Vietnamese: the starter strategies in Vietnamese, as the catalogue words them.
    const { token } = await archiveFor(DIEGO, `/api/children/${leo}/archives`, { locale: 'vi' });
    const vi = json(unzipSync(new Uint8Array((await download(await as(DIEGO), token)).bytes)), 'strategies.json') as typeof mine;
    const starters = vi.filter((s) => s.strategy.starter);
    expect(starters.length).toBeGreaterThan(1);
    for (const s of starters) expect(s.inReaderLanguage).toMatchObject({ language: 'vi', name: s.strategy.content.vi?.name });
    // The clinic's own, with no translation service here: as written, in English.
    for (const s of vi.filter((x) => !x.strategy.starter)) expect(s.inReaderLanguage).toMatchObject({ language: 'en', name: s.strategy.content.en?.name });
  });

  it('leaves out the other home’s private conversation, every clinician’s note and well-being answers that are not Diego’s', async () => {
    const all = texts(files);
    expect(all).not.toContain(PRIVATE_MESSAGE);
    expect(all).not.toContain(CLINICAL_NOTE);
    expect(all).not.toContain(WELLBEING_TEXT);
    const notes = await t.db.selectFrom('session_clinical_note').select('text').where('child_id', '=', leo).execute();
    expect(notes.length).toBeGreaterThan(1);
    for (const n of notes) expect(all).not.toContain(n.text);
    expect(Object.keys(files).some((n) => n.includes('clinical-notes'))).toBe(false);
    const answers = json(files, 'checkins.json') as { privacy: string; respondentId: string }[];
    expect(answers.filter((a) => a.privacy !== 'team').every((a) => a.respondentId === diego)).toBe(true);
    expect(answers.some((a) => a.privacy === 'clinicians')).toBe(true);
  });

  it('has a README in the reader’s language and CSV that spreadsheets open (UTF-8 with a BOM, RFC 4180)', async () => {
    const readme = strFromU8(files['README.txt'] ?? new Uint8Array());
    expect(readme).toContain('Made for: Diego Martínez');
    expect(readme).toContain('About: Leo');
    expect(readme).toContain('Left out on purpose');
    for (const name of ['measurements', 'practice-logs', 'journal', 'checkins']) {
      const bytes = files[`${name}.csv`] ?? new Uint8Array();
      expect([...bytes.slice(0, 3)], name).toEqual([0xef, 0xbb, 0xbf]);
      const text = strFromU8(bytes);
      expect(text.endsWith('\r\n'), name).toBe(true);
      // One line per row, quoted fields aside.
      const records = text.slice(1).replace(/"(?:[^"]|"")*"/g, 'Q').split('\r\n').filter(Boolean);
      expect(records.length - 1, name).toBe(json(files, `${name}.json`).length);
    }
  });

  it('is written in Spanish for a reader who uses CareTeam in Spanish', async () => {
    const carmen = 'carmen.hernandez@family.example';
    const sofia = (await t.db.selectFrom('child').select('id').where('first_name', '=', 'Sofía').executeTakeFirstOrThrow()).id;
    const { token, mail } = await archiveFor(carmen, `/api/children/${sofia}/archives`);
    expect(mail.subject).toContain('Su archivo de CareTeam está listo');
    const got = await download(await as(carmen), token);
    const readme = strFromU8(unzipSync(new Uint8Array(got.bytes))['README.txt'] ?? new Uint8Array());
    expect(readme).toContain('Preparado para: Carmen Hernández');
    expect(readme).toContain('Se deja fuera a propósito');
  });

  it('gives a restricted guardian only their own conversations and none of the other home’s well-being answers', async () => {
    const { token } = await archiveFor(LAURA);
    const zip = unzipSync(new Uint8Array((await download(await as(LAURA), token)).bytes));
    const all = texts(zip);
    expect(all).toContain(PRIVATE_MESSAGE);
    expect(all).not.toContain(CLINICAL_NOTE);
    const laura = await userId(LAURA);
    const answers = json(zip, 'checkins.json') as { privacy: string; respondentId: string }[];
    expect(answers.filter((a) => a.privacy === 'clinicians').map((a) => a.respondentId)).toEqual([laura]);
    const kinds = new Set((json(zip, 'conversations.json') as { kind: string }[]).map((c) => c.kind));
    expect(kinds.has('team')).toBe(false);
    // Without team.contacts: Diego's email is not in her team list.
    const team = json(zip, 'team.json') as { name: string; email: string | null }[];
    expect(team.find((m) => m.name === 'Diego Martínez')?.email).toBeNull();
  });
});

describe('the archive link', () => {
  it('works once, for the person who asked only; another person’s use is 404 and changes nothing', async () => {
    const { id, token } = await archiveFor(DIEGO);
    const laura = await as(LAURA);
    expect((await laura.get(`/api/archive-links/${token}`)).status).toBe(404);
    expect((await download(laura, token)).status).toBe(404);
    const row = await t.db.selectFrom('record_archive').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('ready');
    const denied = await t.db.selectFrom('audit_event').select(['actor_id', 'outcome']).where('subject_id', '=', id).where('action', '=', 'access_denied').execute();
    expect(denied).toEqual([{ actor_id: await userId(LAURA), outcome: 'denied' }, { actor_id: await userId(LAURA), outcome: 'denied' }]);
    const diego = await as(DIEGO);
    expect((await diego.get(`/api/archive-links/${token}`)).body).toMatchObject({ status: 'ready', scope: 'child' });
    const first = await download(diego, token);
    expect(first.status).toBe(200);
    const second = await download(diego, token);
    expect(second.status).toBe(410);
    expect(JSON.parse(second.body).error.message).toMatch(/has been used/);
    expect((await diego.get(`/api/archive-links/${token}`)).body.status).toBe('downloaded');
    // The file is removed once sent.
    for (let waited = 0; waited < 5_000; waited += 50) {
      if ((await t.db.selectFrom('record_archive').select('storage_key').where('id', '=', id).executeTakeFirstOrThrow()).storage_key === null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await store.read(row.storage_key ?? '')).toBeNull();
    const audited = await t.db.selectFrom('audit_event').select('action').where('subject_id', '=', id).execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(['archive.request', 'archive.build', 'archive.download']));
  });

  it('expires after a day: the link says so and housekeeping removes the file', async () => {
    const { id, token } = await archiveFor(DIEGO);
    const key = (await t.db.selectFrom('record_archive').select('storage_key').where('id', '=', id).executeTakeFirstOrThrow()).storage_key ?? '';
    expect(await store.read(key)).not.toBeNull();
    // A day passes for this archive (the sessions' clock stays: a day would end them too).
    const row = await t.db.selectFrom('record_archive').select(['ready_at', 'expires_at']).where('id', '=', id).executeTakeFirstOrThrow();
    expect((row.expires_at?.getTime() ?? 0) - (row.ready_at?.getTime() ?? 0)).toBe(24 * HOUR);
    await t.db.updateTable('record_archive').set({ expires_at: new Date(t.clock().getTime() - 1000) }).where('id', '=', id).execute();
    const diego = await as(DIEGO);
    expect((await diego.get(`/api/archive-links/${token}`)).body.status).toBe('expired');
    const late = await download(diego, token);
    expect(late.status).toBe(410);
    expect(JSON.parse(late.body).error.message).toMatch(/expired/);
    const swept = await sweepHousekeeping(t.deps, store);
    expect(swept.archives).toBeGreaterThanOrEqual(1);
    expect(await store.read(key)).toBeNull();
    expect((await t.db.selectFrom('record_archive').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('expired');
  });

  it('answers 401 without a session and 400 naming the token for a malformed one', async () => {
    const anon = freshClient(t.app);
    expect((await anon.get('/api/archive-links/abcdefghijklmnopqrstuvwxyz')).status).toBe(401);
    const bad = await (await as(DIEGO)).get('/api/archive-links/not*a*token');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('token');
    expect((await (await as(DIEGO)).get('/api/archive-links/abcdefghijklmnopqrstuvwxyz0123')).status).toBe(404);
  });
});

describe('asking for an archive', () => {
  it('answers 401 without a session, 400 naming the field for bad input, 404 for someone else’s child with nothing written', async () => {
    expect((await freshClient(t.app).post(`/api/children/${leo}/archives`, {})).status).toBe(401);
    const other = await buildFamily(t.db);
    const outsider = await freshClient(t.app).login(other.guardian.email);
    const before = await t.db.selectFrom('record_archive').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    const denied = await outsider.post(`/api/children/${leo}/archives`, {});
    expect(denied.status).toBe(404);
    expect((await outsider.get(`/api/children/${leo}/archives`)).status).toBe(404);
    const after = await t.db.selectFrom('record_archive').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const bad = await (await as(DIEGO)).post(`/api/children/${leo}/archives`, { locale: 'de' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('locale');
  });

  it('is not there for a teacher (no record.export), nor is the clinic export for a therapist', async () => {
    const teacher = await as(TEACHER);
    expect((await teacher.post(`/api/children/${leo}/archives`, {})).status).toBe(404);
    expect((await teacher.get(`/api/children/${leo}/archives`)).status).toBe(404);
    const sam = await as(SAM);
    expect((await sam.post('/api/admin/archives', {})).status).toBe(404);
    expect((await sam.get('/api/admin/archives')).status).toBe(404);
  });

  it('answers a second request with the archive already on its way', async () => {
    const diego = await as(DIEGO);
    const first = await diego.post(`/api/children/${leo}/archives`, {});
    const again = await diego.post(`/api/children/${leo}/archives`, {});
    expect(again.body.id).toBe(first.body.id);
    expect((await diego.get(`/api/children/${leo}/archives`)).body.archives[0]).toMatchObject({ id: first.body.id, status: 'pending' });
    await runArchiveJob(t.deps, store, UPLOAD_OWNERS, { id: first.body.id });
    // Asked again once it is ready: a new archive, and the earlier link stops working.
    const next = await diego.post(`/api/children/${leo}/archives`, {});
    expect(next.body.id).not.toBe(first.body.id);
    const earlier = await t.db.selectFrom('record_archive').select('expires_at').where('id', '=', first.body.id).executeTakeFirstOrThrow();
    expect(earlier.expires_at?.getTime()).toBeLessThanOrEqual(t.clock().getTime());
    await runArchiveJob(t.deps, store, UPLOAD_OWNERS, { id: next.body.id });
  });
});

describe('the clinic export', () => {
  it('holds every child of the clinic in a folder of its own, with the clinicians’ notes, and the clinic’s own files', async () => {
    const { token, mail } = await archiveFor(ADMIN, '/api/admin/archives');
    expect(mail.subject).toContain('clinic export');
    const zip = unzipSync(new Uint8Array((await download(await as(ADMIN), token)).bytes));
    for (const f of ['README.txt', 'clinic.json', 'clinicians.json', 'children.json']) expect(Object.keys(zip)).toContain(f);
    const children = json(zip, 'children.json') as { id: string; folder: string }[];
    const clinicId = (await t.db.selectFrom('child').select('clinic_id').where('id', '=', leo).executeTakeFirstOrThrow()).clinic_id;
    const inClinic = await t.db.selectFrom('child').select('id').where('clinic_id', '=', clinicId).execute();
    expect(children.map((c) => c.id).sort()).toEqual(inClinic.map((c) => c.id).sort());
    const leoFolder = children.find((c) => c.id === leo)?.folder ?? '';
    expect(JSON.stringify(json(zip, `${leoFolder}clinical-notes.json`))).toContain(CLINICAL_NOTE);
    expect(json(zip, `${leoFolder}goals.json`).length).toBe(await count(sql`select count(*)::int as n from goal where child_id = ${leo}`));
    // The clinic keeps what it was told; a family's answer kept from clinicians stays with the clinicians.
    expect(texts(zip)).toContain(WELLBEING_TEXT);
  });

  it('is another clinic’s admin’s own clinic only, and their new admins hold clinic.export from the start', async () => {
    const other = await buildFamily(t.db);
    const perms = await t.db.selectFrom('clinic_member').select('permissions').where('user_id', '=', other.clinic.admin.id).executeTakeFirstOrThrow();
    expect(perms.permissions).toEqual(['clinic.export']);
    const admin = await freshClient(t.app).login(other.clinic.admin.email);
    const asked = await admin.post('/api/admin/archives', {});
    expect(asked.status).toBe(202);
    await runArchiveJob(t.deps, store, UPLOAD_OWNERS, { id: asked.body.id });
    const row = await t.db.selectFrom('record_archive').select(['clinic_id', 'storage_key']).where('id', '=', asked.body.id).executeTakeFirstOrThrow();
    expect(row.clinic_id).toBe(other.clinic.id);
    const stream = await store.read(row.storage_key ?? '');
    const chunks: Buffer[] = [];
    for await (const c of stream ?? []) chunks.push(c as Buffer);
    const zip = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    expect((json(zip, 'children.json') as { id: string }[]).map((c) => c.id)).toEqual([other.child.id]);
    expect(texts(zip)).not.toContain('Martínez');
    expect(texts(zip)).not.toContain(leo);
  });
});
