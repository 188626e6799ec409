import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { drawPng } from '../../uploads/png.ts';
import { addMember, buildSignedInTeam, buildUser, createTestContext, openEvents, signIn, startSecondInstance, type TestClient, type TestContext } from '../../../../test/support.ts';

/**
 * Secure messages over HTTP: the team conversation and smaller ones, read by exactly their
 * current readers, never edited, retractable for a short while, delivered live on every
 * instance, and silent at once for someone removed from the team.
 */

let t: TestContext;
let baseUrl: string;
let second: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  t = await createTestContext();
  baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  second = await startSecondInstance(t);
});
afterAll(async () => {
  await second.close();
  const closing = t.close();
  t.app.server.closeAllConnections();
  await closing;
});

async function team() {
  const f = await buildSignedInTeam(t);
  const base = `/api/children/${f.child.id}/conversations`;
  const list = await f.gc.get(base);
  expect(list.status).toBe(200);
  const teamConversation = list.body.conversations.find((c: { kind: string }) => c.kind === 'team');
  return { ...f, base, teamId: teamConversation.id as string, msgs: (id: string) => `${base}/${id}/messages` };
}

const unreadOf = async (c: TestClient, base: string, id: string) => {
  const res = await c.get(base);
  return (res.body.conversations as { id: string; unread: number }[]).find((x) => x.id === id)?.unread;
};

describe('the team conversation', () => {
  it('exists once per child, is read by the team with messages.team, and not by the teacher', async () => {
    const f = await team();
    const [a, b] = await Promise.all([f.tc.get(f.base), f.cc.get(f.base)]);
    expect(a.body.conversations.filter((c: { kind: string }) => c.kind === 'team').map((c: { id: string }) => c.id)).toEqual([f.teamId]);
    expect(b.body.conversations[0].id).toBe(f.teamId);
    expect(a.body.conversations[0].members.map((m: { name: string }) => m.name).sort()).toEqual([f.guardian.name, f.caregiver.name, f.therapist.name].sort());
    const teacher = await f.teach.get(f.base);
    expect(teacher.status).toBe(200);
    expect(teacher.body.conversations).toEqual([]);
    expect((await f.teach.get(f.msgs(f.teamId))).status).toBe(404);
    expect((await f.teach.post(f.msgs(f.teamId), { body: 'Hello' })).status).toBe(404);
    const rows = await t.db.selectFrom('conversation').select('id').where('child_id', '=', f.child.id).execute();
    expect(rows).toHaveLength(1);
  });

  it('sends, lists newest page first, counts unread and shows who has seen the last message', async () => {
    const f = await team();
    const sent = await f.gc.post(f.msgs(f.teamId), { body: 'He said **“more juice”** at breakfast!\n\n- twice\n- without prompting' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ mine: true, language: 'en', author: { name: f.guardian.name, role: 'guardian' }, retractedAt: null });
    expect(await unreadOf(f.tc, f.base, f.teamId)).toBe(1);
    expect(await unreadOf(f.gc, f.base, f.teamId)).toBe(0);
    const summary = await f.tc.get('/api/messages/unread');
    expect(summary.body.children).toContainEqual({ childId: f.child.id, unread: 1 });

    const list = await f.tc.get(f.base);
    expect(list.body.conversations[0].lastMessage).toMatchObject({ preview: 'He said “more juice” at breakfast! twice without prompting', mine: false });

    const page = await f.tc.get(f.msgs(f.teamId));
    expect(page.status).toBe(200);
    expect(page.body.messages.map((m: { body: string }) => m.body)).toEqual([sent.body.body]);
    expect(page.body.seenBy).toEqual([]);
    const read = await f.tc.post(`${f.base}/${f.teamId}/read`, { messageId: sent.body.id });
    expect(read.status).toBe(200);
    expect(await unreadOf(f.tc, f.base, f.teamId)).toBe(0);
    const guardianView = await f.gc.get(f.msgs(f.teamId));
    expect(guardianView.body.seenBy.map((p: { name: string }) => p.name)).toEqual([f.therapist.name]);
    const audit = await t.db.selectFrom('audit_event').select('action').where('child_id', '=', f.child.id).where('action', 'in', ['message.send', 'message.list', 'conversation.read']).execute();
    expect(new Set(audit.map((a) => a.action))).toEqual(new Set(['message.send', 'message.list', 'conversation.read']));
  });

  it('pages back through older messages with a cursor', async () => {
    const f = await team();
    for (let i = 1; i <= 5; i++) expect((await f.tc.post(f.msgs(f.teamId), { body: `Note ${i}` })).status).toBe(201);
    const first = await f.gc.get(`${f.msgs(f.teamId)}?limit=2`);
    expect(first.body.messages.map((m: { body: string }) => m.body)).toEqual(['Note 4', 'Note 5']);
    const secondPage = await f.gc.get(`${f.msgs(f.teamId)}?limit=2&before=${first.body.olderCursor}`);
    expect(secondPage.body.messages.map((m: { body: string }) => m.body)).toEqual(['Note 2', 'Note 3']);
    const last = await f.gc.get(`${f.msgs(f.teamId)}?limit=2&before=${secondPage.body.olderCursor}`);
    expect(last.body.messages.map((m: { body: string }) => m.body)).toEqual(['Note 1']);
    expect(last.body.olderCursor).toBeNull();
    expect((await f.gc.get(`${f.msgs(f.teamId)}?before=abc`)).body.error.details[0].path).toEqual(['before']);
  });

  it('refuses an empty or too long message naming the field, and sends once per Idempotency-Key', async () => {
    const f = await team();
    for (const body of ['   ', 'x'.repeat(4001)]) {
      const res = await f.gc.post(f.msgs(f.teamId), { body });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toEqual(['body']);
    }
    const headers = { 'idempotency-key': 'phone-retry-0001' };
    const one = await f.gc.post(f.msgs(f.teamId), { body: 'Sent from the bus' }, headers);
    const two = await f.gc.post(f.msgs(f.teamId), { body: 'Sent from the bus' }, headers);
    expect(one.status).toBe(201);
    expect(two.body.id).toBe(one.body.id);
    const rows = await t.db.selectFrom('message').select('id').where('conversation_id', '=', f.teamId).execute();
    expect(rows).toHaveLength(1);
  });

  it('records the author’s language at send time', async () => {
    const f = await team();
    await t.db.updateTable('app_user').set({ locale: 'es' }).where('id', '=', f.guardian.id).execute();
    await t.heard();
    const res = await f.gc.post(f.msgs(f.teamId), { body: 'Hoy durmió mejor.' });
    expect(res.body.language).toBe('es');
  });
});

describe('retracting', () => {
  it('lets the author retract within ten minutes, shows "retracted" to everyone and audits it; later is a 409', async () => {
    const f = await team();
    const oops = await f.gc.post(f.msgs(f.teamId), { body: 'Wrong child, sorry' });
    expect((await f.tc.post(`${f.msgs(f.teamId)}/${oops.body.id}/retract`)).status).toBe(403);
    t.clock.advance(9 * 60_000);
    const retracted = await f.gc.post(`${f.msgs(f.teamId)}/${oops.body.id}/retract`);
    expect(retracted.status).toBe(200);
    expect(retracted.body).toMatchObject({ body: null, retractableUntil: null });
    const seen = await f.tc.get(f.msgs(f.teamId));
    expect(seen.body.messages[0]).toMatchObject({ id: oops.body.id, body: null });
    expect(seen.body.messages[0].retractedAt).not.toBeNull();
    expect(JSON.stringify(seen.body)).not.toContain('Wrong child');
    expect(await unreadOf(f.tc, f.base, f.teamId)).toBe(0);
    const audit = await t.db.selectFrom('audit_event').select('subject_id').where('action', '=', 'message.retract').where('child_id', '=', f.child.id).execute();
    expect(audit.map((a) => a.subject_id)).toEqual([oops.body.id]);
    expect((await f.gc.post(`${f.msgs(f.teamId)}/${oops.body.id}/retract`)).status).toBe(409);

    const late = await f.gc.post(f.msgs(f.teamId), { body: 'Said long ago' });
    t.clock.advance(10 * 60_000 + 1000);
    const tooLate = await f.gc.post(`${f.msgs(f.teamId)}/${late.body.id}/retract`);
    expect(tooLate.status).toBe(409);
    expect(tooLate.body.error.message).toMatch(/within 10 minutes/);
    expect((await f.tc.get(f.msgs(f.teamId))).body.messages.at(-1).body).toBe('Said long ago');
  });

  it('keeps what was said: the database refuses to edit or delete a message', async () => {
    const f = await team();
    const m = await f.gc.post(f.msgs(f.teamId), { body: 'Original words' });
    await expect(sql`update message set body = 'Other words' where id = ${m.body.id}`.execute(t.db)).rejects.toThrow(/retracted/);
    await expect(sql`delete from message where id = ${m.body.id}`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`update message set retracted_at = now(), retracted_by = ${f.therapist.id} where id = ${m.body.id}`.execute(t.db)).rejects.toThrow(/retracted/);
    const row = await t.db.selectFrom('message').select(['body', 'retracted_at']).where('id', '=', m.body.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ body: 'Original words', retracted_at: null });
  });
});

describe('smaller conversations', () => {
  it('are read only by their members: another team member gets 404 for the entry, its messages, sending and its events stream', async () => {
    const f = await team();
    const created = await f.tc.post(f.base, { title: 'Dad’s house', memberIds: [f.guardian.id, f.teacher.id] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.members.map((m: { name: string }) => m.name).sort()).toEqual([f.guardian.name, f.teacher.name, f.therapist.name].sort());
    const id = created.body.id as string;
    expect((await f.teach.post(f.msgs(id), { body: 'Happy to help at school.' })).status).toBe(201);
    expect((await f.gc.get(f.msgs(id))).body.messages).toHaveLength(1);
    expect((await f.teach.get(f.base)).body.conversations.map((c: { id: string }) => c.id)).toEqual([id]);

    // Grandma is on the team, but not in this conversation.
    const list = await f.cc.get(f.base);
    expect(list.body.conversations.map((c: { id: string }) => c.id)).toEqual([f.teamId]);
    const before = await t.db.selectFrom('message').selectAll().where('conversation_id', '=', id).execute();
    expect((await f.cc.get(f.msgs(id))).status).toBe(404);
    expect((await f.cc.post(f.msgs(id), { body: 'Let me in' })).status).toBe(404);
    expect((await f.cc.post(`${f.base}/${id}/read`, { messageId: before[0]?.id })).status).toBe(404);
    expect((await f.cc.post(`${f.msgs(id)}/${before[0]?.id}/retract`)).status).toBe(404);
    await expect(openEvents(baseUrl, f.cc, `${f.base}/${id}/events`)).rejects.toMatchObject({ status: 404 });
    expect(await t.db.selectFrom('message').selectAll().where('conversation_id', '=', id).execute()).toEqual(before);
    expect(await t.db.selectFrom('conversation_read').selectAll().where('conversation_id', '=', id).where('user_id', '=', f.caregiver.id).execute()).toEqual([]);
    const summary = await f.cc.get('/api/messages/unread');
    expect(summary.body.total).toBe(0);
  });

  it('take only team members allowed to send, naming the field otherwise', async () => {
    const f = await team();
    const stranger = await buildUser(t.db, 'Sam Stranger');
    for (const memberIds of [[stranger.id], [f.guardian.id, stranger.id], [f.therapist.id]]) {
      const res = await f.tc.post(f.base, { memberIds });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toEqual(['memberIds']);
    }
    expect((await f.tc.post(f.base, { memberIds: 'everyone' })).body.error.details[0].path).toEqual(['memberIds']);
    expect(await t.db.selectFrom('conversation').select('id').where('child_id', '=', f.child.id).where('kind', '=', 'group').execute()).toEqual([]);
  });

  it('can be left, which ends the leaver’s access and their stream at once', async () => {
    const f = await team();
    const created = await f.tc.post(f.base, { memberIds: [f.guardian.id] });
    const id = created.body.id as string;
    const stream = await openEvents(baseUrl, f.gc, `${f.base}/${id}/events`);
    expect((await f.gc.post(`${f.base}/${id}/leave`)).status).toBe(200);
    await stream.ended;
    stream.close();
    expect((await f.gc.get(f.msgs(id))).status).toBe(404);
    expect((await f.tc.post(`${f.base}/${f.teamId}/leave`)).status).toBe(409);
  });
});

describe('live delivery', () => {
  it('reaches every reader’s conversation stream, including on a second server instance, and not outsiders', async () => {
    const f = await team();
    const onA = await openEvents(baseUrl, f.tc, `${f.base}/${f.teamId}/events`);
    const onB = await openEvents(second.url, f.cc, `${f.base}/${f.teamId}/events`);
    const teacherAll = await openEvents(second.url, f.teach);
    const sent = await f.gc.post(f.msgs(f.teamId), { body: 'We are running late today.' });
    const expected = { type: 'message.created', childId: f.child.id, conversationId: f.teamId, messageId: sent.body.id };
    expect(await onA.next('message.created')).toEqual(expected);
    expect(await onB.next('message.created')).toEqual(expected);

    await f.cc.post(`${f.base}/${f.teamId}/read`, { messageId: sent.body.id });
    expect(await onA.next('conversation.read')).toMatchObject({ conversationId: f.teamId, userId: f.caregiver.id });
    await f.gc.post(`${f.msgs(f.teamId)}/${sent.body.id}/retract`);
    expect(await onB.next('message.retracted')).toMatchObject({ messageId: sent.body.id });
    // The teacher does not read the team conversation: nothing of it reaches her.
    const marker = await f.teach.post(f.base, { memberIds: [f.therapist.id] });
    await teacherAll.next('conversation.created');
    expect(teacherAll.received.map((e) => e.type)).toEqual(['ready', 'conversation.created']);
    expect(marker.status).toBe(201);
    for (const s of [onA, onB, teacherAll]) s.close();
  });

  it('closes a removed member’s open stream at once, and sends them nothing further', async () => {
    const f = await team();
    const gone = await openEvents(second.url, f.cc, `${f.base}/${f.teamId}/events`);
    const goneAll = await openEvents(second.url, f.cc);
    const stays = await openEvents(baseUrl, f.gc, `${f.base}/${f.teamId}/events`);
    const member = await t.db.selectFrom('care_team_member').select('id').where('child_id', '=', f.child.id).where('user_id', '=', f.caregiver.id).executeTakeFirstOrThrow();
    expect((await f.tc.delete(`/api/children/${f.child.id}/team/${member.id}`)).status).toBe(200);
    await gone.ended;
    gone.close();
    await goneAll.next('team.removed');

    const after = await f.tc.post(f.msgs(f.teamId), { body: 'Next week’s plan' });
    await stays.next('message.created');
    // Her tab's stream is still open (she may be on other children's teams) but hears nothing of this child.
    await f.gc.post(`${f.base}/${f.teamId}/read`, { messageId: after.body.id });
    await stays.next('conversation.read');
    expect(goneAll.received.map((e) => e.type)).toEqual(['ready', 'team.removed']);
    expect(gone.received.map((e) => e.type)).toEqual(['ready']);
    expect((await f.cc.get(f.msgs(f.teamId))).status).toBe(404);
    goneAll.close();
    stays.close();
  });

  it('closes the stream when the person’s messaging access is narrowed', async () => {
    const f = await team();
    const stream = await openEvents(baseUrl, f.cc, `${f.base}/${f.teamId}/events`);
    const member = await t.db.selectFrom('care_team_member').select('id').where('child_id', '=', f.child.id).where('user_id', '=', f.caregiver.id).executeTakeFirstOrThrow();
    const res = await f.tc.patch(`/api/children/${f.child.id}/team/${member.id}`, { permissions: ['child.view', 'plan.view'] });
    expect(res.status).toBe(200);
    await stream.ended;
    stream.close();
    expect((await f.cc.get(f.msgs(f.teamId))).status).toBe(404);
  });
});

describe('unread across children', () => {
  it('sums each child’s conversations for the person', async () => {
    const f = await team();
    const other = await buildSignedInTeam(t);
    // The same guardian on a second child's team.
    await addMember(t.db, other.child, f.guardian, 'guardian');
    const gc = await signIn(t.app, f.guardian.email);
    const otherBase = `/api/children/${other.child.id}/conversations`;
    const otherTeam = (await other.tc.get(otherBase)).body.conversations[0].id as string;
    await f.tc.post(f.msgs(f.teamId), { body: 'One' });
    await f.tc.post(f.msgs(f.teamId), { body: 'Two' });
    await other.tc.post(`${otherBase}/${otherTeam}/messages`, { body: 'Three' });
    const summary = await gc.get('/api/messages/unread');
    expect(summary.status).toBe(200);
    expect(summary.body.total).toBe(3);
    expect(summary.body.children).toEqual(expect.arrayContaining([{ childId: f.child.id, unread: 2 }, { childId: other.child.id, unread: 1 }]));
    expect((await t.client().get('/api/messages/unread')).status).toBe(401);
  });
});

describe('attachments', () => {
  const png = () => drawPng(6, 6, (x, y) => [x * 40, y * 40, 90]);
  const upload = async (c: TestClient, childId: string) => {
    const res = await c.upload(`/api/children/${childId}/uploads?purpose=message_attachment`, png(), 'application/octet-stream');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { id: string; url: string };
  };

  it('go to the conversation’s readers only: another team member, an outsider and, once retracted, everyone get 404', async () => {
    const f = await team();
    const outsider = await buildSignedInTeam(t);
    const created = await f.tc.post(f.base, { title: 'Mum’s home', memberIds: [f.guardian.id] });
    const id = created.body.id as string;
    const file = await upload(f.gc, f.child.id);
    const sent = await f.gc.post(f.msgs(id), { attachmentIds: [file.id] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ body: '', attachments: [{ id: file.id, kind: 'image', contentType: 'image/png', pictureSize: { width: 6, height: 6 }, url: file.url }] });
    const page = await f.tc.get(f.msgs(id));
    expect(page.body.messages[0].attachments.map((a: { id: string }) => a.id)).toEqual([file.id]);
    expect((await f.tc.get(f.base)).body.conversations.find((c: { id: string }) => c.id === id).lastMessage).toMatchObject({ preview: '', attachmentCount: 1 });

    expect((await f.tc.get(file.url)).status).toBe(200);
    expect((await f.gc.get(file.url)).status).toBe(200);
    expect((await f.cc.get(file.url)).status).toBe(404);
    expect((await f.teach.get(file.url)).status).toBe(404);
    expect((await outsider.gc.get(file.url)).status).toBe(404);

    expect((await f.gc.post(`${f.msgs(id)}/${sent.body.id}/retract`)).status).toBe(200);
    expect((await f.tc.get(file.url)).status).toBe(404);
    expect((await f.tc.get(f.msgs(id))).body.messages[0].attachments).toEqual([]);
  });

  it('take only the sender’s own fresh upload of this child, and a message needs words or a file', async () => {
    const f = await team();
    const theirs = await upload(f.tc, f.child.id);
    const res = await f.gc.post(f.msgs(f.teamId), { body: 'Look', attachmentIds: [theirs.id] });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toEqual(['attachmentIds', '0']);
    const empty = await f.gc.post(f.msgs(f.teamId), { body: '  ', attachmentIds: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toEqual(['body']);
    expect(await t.db.selectFrom('message').select('id').where('conversation_id', '=', f.teamId).execute()).toEqual([]);
    const row = await t.db.selectFrom('upload').select('owner_id').where('id', '=', theirs.id).executeTakeFirstOrThrow();
    expect(row.owner_id).toBeNull();
  });
});
