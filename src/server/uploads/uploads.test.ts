import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFamily, buildSignedInTeam, createTestContext, signIn, type TestClient, type TestContext } from '../../../test/support.ts';
import { drawPng } from './png.ts';

/**
 * Uploads over HTTP: checked by their bytes and size before anything is kept, attached to a
 * practice item or a journal entry, and read back only by those who may see what they belong to.
 */

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
const MB = 1024 * 1024;

/** A real PNG with a text chunk holding a location, as some apps write. */
function photo(seed = 0): Buffer {
  const png = drawPng(8, 8, (x, y) => [(x * 30 + seed) % 256, (y * 30) % 256, 120]);
  const text = Buffer.from('GPSLatitude\u000051.5074', 'latin1');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(text.length, 0);
  head.write('tEXt', 4, 'latin1');
  // The chunk sits after IHDR (8 + 25 bytes in). Its CRC is left zero, as a careless app might: a
  // damaged text chunk is only a warning when the picture is read, and it is not kept.
  return Buffer.concat([png.subarray(0, 33), head, text, Buffer.alloc(4), png.subarray(33)]);
}

/** A short WAV clip: a header and a moment of silence. */
function wav(): Buffer {
  const samples = Buffer.alloc(8000);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(36 + samples.length, 4);
  h.write('WAVEfmt ', 8, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(8000, 28);
  h.writeUInt16LE(1, 32);
  h.writeUInt16LE(8, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(samples.length, 40);
  return Buffer.concat([h, samples]);
}

const uploadsUrl = (childId: string, purpose: string) => `/api/children/${childId}/uploads?purpose=${purpose}`;
const counts = async () => ({
  rows: (await t.db.selectFrom('upload').select('id').execute()).length,
  files: (await readdir(path.join(t.deps.config.dataDir, 'uploads'), { recursive: true }).catch(() => [] as string[]))
    .filter((f) => !f.startsWith('.incoming') && /[0-9a-f]{32}$/.test(f)).length,
  incoming: (await readdir(path.join(t.deps.config.dataDir, 'uploads', '.incoming')).catch(() => [] as string[])).length,
});
const denials = async (childId: string) =>
  (await t.db.selectFrom('audit_event').select('id').where('action', '=', 'access_denied').where('child_id', '=', childId).execute()).length;

async function team() {
  const f = await buildSignedInTeam(t);
  const other = await buildFamily(t.db);
  const outsider = await signIn(t.app, other.guardian.email);
  return { ...f, other, outsider };
}

async function upload(c: TestClient, childId: string, purpose: string, bytes: Buffer, type = 'application/octet-stream') {
  const res = await c.upload(uploadsUrl(childId, purpose), bytes, type);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; url: string; kind: string; contentType: string; byteSize: number };
}

const practiceBody = (extra: Record<string, unknown> = {}) => ({
  title: 'First–then at bath time', steps: ['Show the picture card', 'Say “first bath, then story”', 'Praise the first step'],
  schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: today(), ...extra,
});

describe('uploading a file', () => {
  it('needs a session', async () => {
    const f = await team();
    const anonymous = t.client();
    const res = await anonymous.upload(uploadsUrl(f.child.id, 'journal_photo'), photo(), 'image/png');
    expect(res.status).toBe(401);
    const read = await anonymous.fetchBytes(`/api/children/${f.child.id}/uploads/${crypto.randomUUID()}`);
    expect(read.status).toBe(401);
  });

  it('keeps a picture without its metadata, and serves it privately to its uploader only until it is attached', async () => {
    const f = await team();
    const before = await counts();
    const sent = photo();
    const up = await upload(f.gc, f.child.id, 'journal_photo', sent, 'image/png');
    expect(up).toMatchObject({ kind: 'image', contentType: 'image/png', pictureSize: { width: 8, height: 8 }, url: `/api/children/${f.child.id}/uploads/${up.id}` });
    // The picture and its one screen copy (it is narrower than the smallest width).
    expect(await counts()).toEqual({ rows: before.rows + 1, files: before.files + 2, incoming: 0 });

    const read = await f.gc.fetchBytes(up.url);
    expect(read.status).toBe(200);
    expect(read.bytes.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(read.bytes.subarray(0, 8)).toEqual(sent.subarray(0, 8));
    expect(read.bytes.length).toBe(up.byteSize);
    expect(read.headers).toMatchObject({
      'content-type': 'image/png', 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-cache',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    expect(String(read.headers['content-disposition'])).toMatch(/^attachment; filename="careteam-journal-photo\.png"$/);
    const again = await f.gc.fetchBytes(up.url, { 'if-none-match': String(read.headers.etag) });
    expect(again.status).toBe(304);

    // Not yet attached to anything: only the person who uploaded it sees it.
    const denied = await denials(f.child.id);
    for (const c of [f.tc, f.cc, f.teach]) expect((await c.fetchBytes(up.url)).status).toBe(404);
    expect(await denials(f.child.id)).toBe(denied + 3);
  });

  it('refuses a renamed file that is not a picture (415 naming the field) and keeps nothing', async () => {
    const f = await team();
    const before = await counts();
    const fake = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'.padEnd(5000, ' '));
    const res = await f.gc.upload(uploadsUrl(f.child.id, 'journal_photo'), fake, 'image/png');
    expect(res.status).toBe(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported_media_type', details: [{ path: ['file'] }] });
    // A clip is not a photo either, whatever it is called.
    const clip = await f.gc.upload(uploadsUrl(f.child.id, 'journal_photo'), wav(), 'image/jpeg');
    expect(clip.status).toBe(415);
    const empty = await f.gc.upload(uploadsUrl(f.child.id, 'journal_photo'), Buffer.alloc(0), 'image/png');
    expect(empty.status).toBe(415);
    expect(await counts()).toEqual(before);
  });

  it('refuses a file over the limit (413 naming the field), by its declared size or while it streams, and keeps nothing', async () => {
    const f = await team();
    const before = await counts();
    const big = Buffer.concat([photo(), Buffer.alloc(10 * MB)]);
    const declared = await f.gc.upload(uploadsUrl(f.child.id, 'journal_photo'), big, 'image/png');
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatchObject({ code: 'payload_too_large', details: [{ path: ['file'] }] });
    // Sent without a length: counted as it arrives.
    const streamed = await t.app.inject({
      method: 'POST', url: uploadsUrl(f.child.id, 'journal_photo'), payload: Readable.from([big.subarray(0, 6 * MB), big.subarray(6 * MB)]),
      headers: { cookie: f.gc.cookie ?? '', 'x-csrf-token': f.gc.csrf ?? '', 'content-type': 'image/png' },
    });
    expect(streamed.statusCode).toBe(413);
    expect(JSON.parse(streamed.body).error.details[0].path).toEqual(['file']);
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for another family’s child, reads nothing and keeps nothing', async () => {
    const f = await team();
    const before = await counts();
    const denied = await denials(f.child.id);
    const res = await f.outsider.upload(uploadsUrl(f.child.id, 'journal_photo'), photo(), 'image/png');
    expect(res.status).toBe(404);
    expect(await counts()).toEqual(before);
    expect(await denials(f.child.id)).toBe(denied + 1);
  });

  it('lets only those who write practice add its pictures (403 for a caregiver)', async () => {
    const f = await team();
    const before = await counts();
    const res = await f.cc.upload(uploadsUrl(f.child.id, 'practice_image'), photo(), 'image/png');
    expect(res.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('answers a retried upload with the same Idempotency-Key once', async () => {
    const f = await team();
    const before = await counts();
    const key = crypto.randomUUID();
    const first = await f.gc.upload(uploadsUrl(f.child.id, 'journal_photo'), photo(), 'image/png', { 'idempotency-key': key });
    const retry = await f.gc.upload(uploadsUrl(f.child.id, 'journal_photo'), photo(), 'image/png', { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect((await counts()).rows).toBe(before.rows + 1);
  });
});

describe('pictures and a clip on home practice', () => {
  it('shows the steps’ pictures and the clip to the family, not to the school or another family', async () => {
    const f = await team();
    const step = await upload(f.tc, f.child.id, 'practice_image', photo(1), 'image/png');
    const clip = await upload(f.tc, f.child.id, 'practice_clip', wav(), 'audio/wav');
    expect(clip).toMatchObject({ kind: 'audio', pictureSize: null });
    const created = await f.tc.post(`/api/children/${f.child.id}/practice`, practiceBody({ stepImageIds: [step.id, null], clipId: clip.id }));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // "No picture on the last step" is stored in one form.
    expect(created.body).toMatchObject({ stepImageIds: [step.id], clipId: clip.id, clipKind: 'audio' });

    const seen = await f.gc.fetchBytes(step.url);
    expect(seen.status).toBe(200);
    expect((await f.cc.fetchBytes(clip.url)).status).toBe(200);
    // A teacher does not see home practice, so not its pictures either.
    expect((await f.teach.fetchBytes(step.url)).status).toBe(404);

    // Phones ask for a clip a piece at a time.
    const part = await f.gc.fetchBytes(clip.url, { range: 'bytes=0-43' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-43/${clip.byteSize}`);
    expect(part.bytes.length).toBe(44);
    expect(part.bytes.subarray(0, 4).toString('latin1')).toBe('RIFF');
    expect((await f.gc.fetchBytes(clip.url, { range: `bytes=${clip.byteSize + 5}-` })).status).toBe(416);

    // Another family: not under our child, and not under their own child either.
    const denied = await denials(f.child.id);
    expect((await f.outsider.fetchBytes(step.url)).status).toBe(404);
    expect(await denials(f.child.id)).toBe(denied + 1);
    const underTheirs = await f.outsider.fetchBytes(`/api/children/${f.other.child.id}/uploads/${step.id}`);
    expect(underTheirs.status).toBe(404);
    expect(underTheirs.body).toBe((await f.outsider.fetchBytes(`/api/children/${f.other.child.id}/uploads/${crypto.randomUUID()}`)).body);
  });

  it('keeps a changed step picture as a new version, the old one still shown in the history', async () => {
    const f = await team();
    const first = await upload(f.tc, f.child.id, 'practice_image', photo(2), 'image/png');
    const item = await f.tc.post(`/api/children/${f.child.id}/practice`, practiceBody({ stepImageIds: [first.id] }));
    const second = await upload(f.tc, f.child.id, 'practice_image', photo(3), 'image/png');
    const revised = await f.tc.patch(`/api/children/${f.child.id}/practice/${item.body.id}`, { stepImageIds: [null, second.id] });
    expect(revised.status, JSON.stringify(revised.body)).toBe(200);
    expect(revised.body).toMatchObject({ version: 2, stepImageIds: [null, second.id] });
    const history = await f.gc.get(`/api/children/${f.child.id}/practice/${item.body.id}/history`);
    expect(history.body.events.at(-1)).toMatchObject({ kind: 'revised', changes: { stepImageIds: { before: [first.id], after: [null, second.id] } } });
    expect((await f.gc.fetchBytes(first.url)).status).toBe(200);
    // Fewer steps take their pictures with them.
    const shorter = await f.tc.patch(`/api/children/${f.child.id}/practice/${item.body.id}`, { steps: ['Show the picture card'] });
    expect(shorter.body.stepImageIds).toEqual([]);
  });

  it('refuses someone else’s upload, one of another use, or a picture for a step that does not exist, naming the field', async () => {
    const f = await team();
    const parents = await upload(f.gc, f.child.id, 'journal_photo', photo(4), 'image/png');
    const mine = await upload(f.tc, f.child.id, 'practice_image', photo(5), 'image/png');
    const url = `/api/children/${f.child.id}/practice`;
    const before = (await t.db.selectFrom('practice_item').select('id').execute()).length;
    const notMine = await f.tc.post(url, practiceBody({ stepImageIds: [parents.id] }));
    expect(notMine.status).toBe(400);
    expect(notMine.body.error.details[0].path).toEqual(['stepImageIds', '0']);
    const wrongUse = await f.tc.post(url, practiceBody({ clipId: mine.id }));
    expect(wrongUse.body.error.details[0].path).toEqual(['clipId']);
    const tooMany = await f.tc.post(url, practiceBody({ stepImageIds: [null, null, null, mine.id] }));
    expect(tooMany.body.error.details[0].path).toEqual(['stepImageIds']);
    expect((await t.db.selectFrom('practice_item').select('id').execute()).length).toBe(before);
    // Refused attachments stay unattached: still only their uploader's.
    expect((await f.gc.fetchBytes(mine.url)).status).toBe(404);
  });
});

describe('a photo on a journal entry', () => {
  it('follows the entry’s visibility: a "therapists only" photo is 404 to a caregiver and a teacher', async () => {
    const f = await team();
    const pic = await upload(f.gc, f.child.id, 'journal_photo', photo(6), 'image/png');
    const entry = await f.gc.post(`/api/children/${f.child.id}/journal`, { content: { kind: 'note', text: 'The rash on his arm today.' }, date: today(), visibility: 'therapists', photoId: pic.id });
    expect(entry.status, JSON.stringify(entry.body)).toBe(201);
    expect(entry.body).toMatchObject({ photoId: pic.id, photoSize: { width: 8, height: 8 } });
    expect((await f.tc.fetchBytes(pic.url)).status).toBe(200);
    expect((await f.gc.fetchBytes(pic.url)).status).toBe(200);
    expect((await f.cc.fetchBytes(pic.url)).status).toBe(404);
    expect((await f.teach.fetchBytes(pic.url)).status).toBe(404);
    expect((await f.outsider.fetchBytes(pic.url)).status).toBe(404);

    // A team entry's photo is the team's; a correction keeps the photo unless it says otherwise.
    const teamPic = await upload(f.teach, f.child.id, 'journal_photo', photo(7), 'image/png');
    const fromSchool = await f.teach.post(`/api/children/${f.child.id}/journal`, { content: { kind: 'win', text: 'Built a tower with a friend' }, date: today(), visibility: 'team', photoId: teamPic.id });
    expect(fromSchool.status).toBe(201);
    expect((await f.gc.fetchBytes(teamPic.url)).status).toBe(200);
    const corrected = await f.teach.put(`/api/children/${f.child.id}/journal/${fromSchool.body.id}`, { content: { kind: 'win', text: 'Built a tall tower with a friend' }, date: today(), time: null, visibility: 'team' });
    expect(corrected.body).toMatchObject({ photoId: teamPic.id, version: 2 });
    const removed = await f.teach.put(`/api/children/${f.child.id}/journal/${fromSchool.body.id}`, { content: { kind: 'win', text: 'Built a tall tower with a friend' }, date: today(), time: null, visibility: 'team', photoId: null });
    expect(removed.body.photoId).toBeNull();
    const history = await f.teach.get(`/api/children/${f.child.id}/journal/${fromSchool.body.id}/history`);
    expect(history.body.versions.map((v: { photoId: string | null }) => v.photoId)).toEqual([teamPic.id, teamPic.id, null]);
    expect(history.body.versions[0].photoSize).toEqual({ width: 8, height: 8 });
    // The list says how large each photo is, so the page can fetch the copy that fits.
    const list = await f.gc.get(`/api/children/${f.child.id}/journal`);
    expect(list.body.entries.find((e: { id: string }) => e.id === entry.body.id)).toMatchObject({ photoSize: { width: 8, height: 8 } });

    // A photo already on one entry cannot be put on another.
    const reuse = await f.gc.post(`/api/children/${f.child.id}/journal`, { content: { kind: 'note', text: 'Again' }, date: today(), photoId: pic.id });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error.details[0].path).toEqual(['photoId']);
  });
});

/**
 * A photo as a phone takes it: stored sideways with an orientation tag, with the phone's EXIF (a
 * GPS position too), XMP and a wide-gamut colour profile. Stored 600×400, left half red and right
 * half blue; orientation 6 shows it turned a quarter clockwise: 400×600, red on top.
 */
async function phonePhoto(): Promise<Buffer> {
  const raw = Buffer.alloc(600 * 400 * 3);
  for (let y = 0; y < 400; y++) for (let x = 0; x < 600; x++) raw.set(x < 300 ? [220, 30, 30] : [30, 30, 220], (y * 600 + x) * 3);
  return sharp(raw, { raw: { width: 600, height: 400, channels: 3 } })
    .withIccProfile('p3')
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 15' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 26/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 39/1' } })
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Home camera</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>')
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 90 }).toBuffer();
}

/** A 12-megapixel camera photo (4000×3000 JPEG) with fine detail: noise, slightly blurred. */
const cameraPhoto = () => sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
  .blur(1.5).jpeg({ quality: 90 }).toBuffer();

/** The colour at (x, y) of a decoded picture. */
async function pixel(bytes: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [...data.subarray(at, at + 3)];
}

describe('pictures, upright, without metadata and at screen sizes', () => {
  it('turns a phone photo upright and keeps none of its EXIF (GPS included), XMP or colour profile, in the picture or its copies', async () => {
    const f = await team();
    const sent = await phonePhoto();
    const before = await sharp(sent).metadata();
    // What the phone wrote is really there to lose.
    expect(before).toMatchObject({ width: 600, height: 400, orientation: 6, hasProfile: true });
    expect(before.exif?.toString('latin1')).toContain('PhoneMaker');
    expect(before.xmp?.toString()).toContain('Home camera');

    const up = await upload(f.gc, f.child.id, 'journal_photo', sent, 'image/jpeg');
    expect(up).toMatchObject({ contentType: 'image/jpeg', kind: 'image' });
    const read = await f.gc.fetchBytes(up.url);
    expect(read.status).toBe(200);
    expect(read.headers['content-type']).toBe('image/jpeg');
    const after = await sharp(read.bytes).metadata();
    expect(after).toMatchObject({ format: 'jpeg', width: 400, height: 600, hasProfile: false });
    expect([after.exif, after.xmp, after.icc, after.orientation]).toEqual([undefined, undefined, undefined, undefined]);
    expect(read.bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);
    // Upright: the stored left half (red) is now the top.
    const [r1 = 0, , b1 = 0] = await pixel(read.bytes, 200, 50);
    const [r2 = 0, , b2 = 0] = await pixel(read.bytes, 200, 550);
    expect(r1).toBeGreaterThan(b1 + 100);
    expect(b2).toBeGreaterThan(r2 + 100);

    for (const w of ['320', '640']) {
      const copy = await f.gc.fetchBytes(`${up.url}?w=${w}`);
      const meta = await sharp(copy.bytes).metadata();
      expect(meta).toMatchObject({ format: 'webp', hasProfile: false });
      expect([meta.exif, meta.xmp, meta.orientation]).toEqual([undefined, undefined, undefined]);
      // Never made larger than the picture: 400 wide at most, upright.
      expect([meta.width, meta.height]).toEqual(w === '320' ? [320, 480] : [400, 600]);
    }
  });

  it('keeps a camera photo at 320, 640 and 1280 wide as WebP, serves the copy asked for with its own ETag, and the picture itself without w', async () => {
    const f = await team();
    const before = await counts();
    const up = await upload(f.gc, f.child.id, 'journal_photo', await cameraPhoto(), 'image/jpeg');
    expect(await counts()).toEqual({ rows: before.rows + 1, files: before.files + 4, incoming: 0 });
    const row = await t.db.selectFrom('upload').select(['width', 'height', 'variants']).where('id', '=', up.id).executeTakeFirstOrThrow();
    expect(row.width).toBe(4000);
    expect(row.height).toBe(3000);
    expect(row.variants.map((v) => [v.width, v.height])).toEqual([[320, 240], [640, 480], [1280, 960]]);

    const etags = new Set<string>();
    for (const v of row.variants) {
      const copy = await f.gc.fetchBytes(`${up.url}?w=${v.width}`);
      expect(copy.status).toBe(200);
      expect(copy.headers).toMatchObject({ 'content-type': 'image/webp', 'cache-control': 'private, no-cache', 'x-content-type-options': 'nosniff', etag: `"${v.sha256}"` });
      expect(String(copy.headers['content-disposition'])).toBe('attachment; filename="careteam-journal-photo.webp"');
      expect(copy.bytes.length).toBe(v.byteSize);
      expect((await sharp(copy.bytes).metadata()).width).toBe(v.width);
      etags.add(String(copy.headers.etag));
      expect((await f.gc.fetchBytes(`${up.url}?w=${v.width}`, { 'if-none-match': String(copy.headers.etag) })).status).toBe(304);
    }
    const original = await f.gc.fetchBytes(up.url);
    etags.add(String(original.headers.etag));
    expect(etags.size).toBe(4);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(original.bytes).metadata()).width).toBe(4000);

    // What a phone of 390 px at twice the density loads: a fraction of the photo.
    const phone = await f.gc.fetchBytes(`${up.url}?w=640`);
    expect(phone.bytes.length).toBeLessThanOrEqual(100 * 1024);
    expect(phone.bytes.length * 20).toBeLessThan(original.bytes.length);
    const part = await f.gc.fetchBytes(`${up.url}?w=640`, { range: 'bytes=0-11' });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-11/${phone.bytes.length}`);
    expect(part.bytes.subarray(8, 12).toString('latin1')).toBe('WEBP');

    // The same access checks: not attached yet, only its uploader sees it, whatever the width.
    expect((await f.tc.fetchBytes(`${up.url}?w=640`)).status).toBe(404);
    expect((await f.outsider.fetchBytes(`${up.url}?w=320`)).status).toBe(404);
    const bad = await f.gc.fetchBytes(`${up.url}?w=500`);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.details[0].path).toEqual(['w']);
  });

  it('never makes a small picture larger: its widest copy is its own width', async () => {
    const f = await team();
    const up = await upload(f.tc, f.child.id, 'practice_image', drawPng(500, 300, (x, y) => [x % 256, y % 256, 128]), 'image/png');
    const row = await t.db.selectFrom('upload').select('variants').where('id', '=', up.id).executeTakeFirstOrThrow();
    expect(row.variants.map((v) => [v.width, v.height])).toEqual([[320, 192], [500, 300]]);
    for (const w of ['640', '1280']) {
      const copy = await f.tc.fetchBytes(`${up.url}?w=${w}`);
      expect(await sharp(copy.bytes).metadata()).toMatchObject({ format: 'webp', width: 500, height: 300 });
    }
    // A file that is not a picture has no copies: w is not for it, and it comes as it is.
    const clip = await upload(f.tc, f.child.id, 'practice_clip', wav(), 'audio/wav');
    const asked = await f.tc.fetchBytes(`${clip.url}?w=320`);
    expect(asked.headers['content-type']).toBe('audio/wav');
    expect(asked.bytes).toEqual(wav());
  });

  it('takes the first frame of an animated picture', async () => {
    const f = await team();
    const frame = (background: string) => sharp({ create: { width: 60, height: 40, channels: 3, background } }).png().toBuffer();
    const animated = await sharp([await frame('#d02020'), await frame('#2020d0')], { join: { animated: true } }).webp({ lossless: true }).toBuffer();
    expect((await sharp(animated).metadata()).pages).toBe(2);
    const up = await upload(f.gc, f.child.id, 'journal_photo', animated, 'image/webp');
    const read = await f.gc.fetchBytes(up.url);
    const meta = await sharp(read.bytes, { animated: true }).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 60, height: 40 });
    expect(meta.pages ?? 1).toBe(1);
    const [r = 0, , b = 0] = await pixel(read.bytes, 30, 20);
    expect(r).toBeGreaterThan(b + 100);
  });

  it('refuses a picture of more than 40 megapixels, and one that cannot be read, with a 400 naming the field, and keeps nothing', async () => {
    const f = await team();
    const before = await counts();
    // Small as a file (one colour), huge in pixels: 8000×5001.
    const huge = await sharp({ create: { width: 8000, height: 5001, channels: 3, background: '#ffffff' } }).png().toBuffer();
    const res = await f.gc.upload(uploadsUrl(f.child.id, 'journal_photo'), huge, 'image/png');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: ['file'], maxPixels: 40_000_000 }] });

    // Starts like a JPEG, is not one.
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(6000, 7)]);
    const broken = await f.gc.upload(uploadsUrl(f.child.id, 'journal_photo'), fake, 'image/jpeg');
    expect(broken.status).toBe(400);
    expect(broken.body.error).toMatchObject({ code: 'validation_failed', details: [{ path: ['file'] }] });
    // A real photo cut off halfway.
    const photo = await phonePhoto();
    const cut = await f.gc.upload(uploadsUrl(f.child.id, 'journal_photo'), photo.subarray(0, photo.length / 2), 'image/jpeg');
    expect(cut.status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});
