import { randomUUID } from 'node:crypto';
import { utimes, writeFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignedInTeam, createTestContext, signIn, type TestContext } from '../../../test/support.ts';
import { drawPng } from '../uploads/png.ts';
import { createUploadStore } from '../uploads/store.ts';
import { IDEMPOTENCY_RECORD_MS, sweepHousekeeping, UNATTACHED_UPLOAD_MS } from './housekeeping.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const picture = (seed: number) => drawPng(6, 6, (x, y) => [(x * 40 + seed) % 256, (y * 40) % 256, 90]);
const files = async () => (await readdir(path.join(t.deps.config.dataDir, 'uploads'), { recursive: true }).catch(() => [] as string[]))
  .filter((f) => /[0-9a-f]{32}$/.test(f) && !f.startsWith('.incoming'));

describe('housekeeping', () => {
  it('discards uploads never attached once two days have passed, with an audit row, and keeps the rest', async () => {
    const f = await buildSignedInTeam(t);
    const upload = async (seed: number) => (await f.gc.upload(`/api/children/${f.child.id}/uploads?purpose=journal_photo`, picture(seed), 'image/png')).body as { id: string; url: string };
    const kept = await upload(1);
    const entry = await f.gc.post(`/api/children/${f.child.id}/journal`, {
      content: { kind: 'note', text: 'Muddy and happy after the park.' }, date: new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date()), photoId: kept.id,
    });
    expect(entry.status).toBe(201);
    const abandoned = await upload(2);
    const abandonedRow = await t.db.selectFrom('upload').select(['storage_key', 'variants']).where('id', '=', abandoned.id).executeTakeFirstOrThrow();
    const abandonedKey = abandonedRow.storage_key;
    // The picture and its screen copy.
    const abandonedFiles = [abandonedKey, ...abandonedRow.variants.map((v) => v.key)].map((k) => path.join(k.slice(0, 2), k));
    expect(abandonedFiles).toHaveLength(2);
    expect(await files()).toEqual(expect.arrayContaining(abandonedFiles));

    // A day later both are still there: the parent may yet save the entry.
    t.clock.advance(86_400_000);
    await sweepHousekeeping(t.deps, createUploadStore(t.deps.config));
    const nextDay = await signIn(t.app, f.guardian.email);
    expect((await nextDay.get(abandoned.url)).status).toBe(200);

    t.clock.advance(UNATTACHED_UPLOAD_MS);
    const gc = await signIn(t.app, f.guardian.email);
    const fresh = (await gc.upload(`/api/children/${f.child.id}/uploads?purpose=journal_photo`, picture(3), 'image/png')).body as { id: string; url: string };
    const swept = await sweepHousekeeping(t.deps, createUploadStore(t.deps.config));
    expect(swept.uploads).toBeGreaterThanOrEqual(1);
    expect((await gc.get(abandoned.url)).status).toBe(404);
    expect(await t.db.selectFrom('upload').select('id').where('id', '=', abandoned.id).execute()).toEqual([]);
    for (const file of abandonedFiles) expect(await files()).not.toContain(file);
    const audit = await t.db.selectFrom('audit_event').select(['action', 'child_id', 'actor_id']).where('subject_id', '=', abandoned.id).where('action', '=', 'upload.discard').execute();
    expect(audit).toEqual([{ action: 'upload.discard', child_id: f.child.id, actor_id: null }]);
    // The attached photo and the one uploaded just now stay.
    expect((await gc.get(kept.url)).status).toBe(200);
    expect((await gc.get(fresh.url)).status).toBe(200);
  });

  it('clears half-received files left behind and Idempotency-Key records past a month', async () => {
    const store = createUploadStore(t.deps.config);
    const stale = path.join(store.incomingDir, `${randomUUID()}.part`);
    await writeFile(stale, 'half a picture');
    const old = new Date(t.clock().getTime() - 2 * 86_400_000);
    await utimes(stale, old, old);
    const f = await buildSignedInTeam(t);
    const keys = [randomUUID(), randomUUID()];
    await t.db.insertInto('idempotency_record').values([
      { user_id: f.guardian.id, key: keys[0] ?? '', method: 'POST', path: '/x', status: 201, body: 'null', created_at: new Date(t.clock().getTime() - IDEMPOTENCY_RECORD_MS - 60_000) },
      { user_id: f.guardian.id, key: keys[1] ?? '', method: 'POST', path: '/x', status: 201, body: 'null', created_at: new Date(t.clock().getTime() - 86_400_000) },
    ]).execute();

    const swept = await sweepHousekeeping(t.deps, store);
    expect(swept.incoming).toBeGreaterThanOrEqual(1);
    expect(await readdir(store.incomingDir)).not.toContain(path.basename(stale));
    const left = await t.db.selectFrom('idempotency_record').select('key').where('user_id', '=', f.guardian.id).execute();
    expect(left).toEqual([{ key: keys[1] }]);
  });
});
