// The demo clinic's pictures, drawn in code (nothing downloaded): two step pictures on Leo's
// bubbles practice and a photo of a block tower on a win in his journal. Stored through the same
// upload store the server uses, and attached as the app would attach them.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { recordAudit, type AuditContext } from '../src/server/access/audit.ts';
import type { Config } from '../src/server/config.ts';
import type { Tx } from '../src/server/db/database.ts';
import { localDate } from '../src/server/features/children/calendar.ts';
import { putVariants } from '../src/server/uploads/image.ts';
import { drawPng, type Rgb } from '../src/server/uploads/png.ts';
import { createUploadStore, newStorageKey } from '../src/server/uploads/store.ts';

const W = 320;
const H = 220;

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [Math.round(a[0] + (b[0] - a[0]) * t), Math.round(a[1] + (b[1] - a[1]) * t), Math.round(a[2] + (b[2] - a[2]) * t)];
}

/** Soap bubbles rising from a wand, on a pale sky. */
function bubbles(): Buffer {
  const sky: Rgb = [222, 241, 251];
  const circles = [[110, 90, 34], [190, 60, 24], [235, 120, 30], [160, 150, 18], [70, 160, 14], [260, 50, 12]] as const;
  return drawPng(W, H, (x, y) => {
    let c = mix(sky, [250, 252, 255], y / H);
    // The wand: a ring and a handle in the lower left.
    const wd = Math.hypot(x - 40, y - 185);
    if (wd > 14 && wd < 19) c = [214, 90, 60];
    if (x > 18 && x < 24 && y > 198) c = [214, 90, 60];
    for (const [cx, cy, r] of circles) {
      const d = Math.hypot(x - cx, y - cy);
      if (d < r - 3) c = mix(c, [255, 255, 255], 0.25 + 0.3 * (1 - d / r));
      else if (d < r) c = mix([84, 160, 214], [190, 120, 220], (x + y) / (W + H));
      // A shine on each bubble.
      if (Math.hypot(x - (cx - r / 3), y - (cy - r / 3)) < r / 6) c = [255, 255, 255];
    }
    return c;
  });
}

/** Two faces at the same height: sitting face to face. */
function faceToFace(): Buffer {
  const floor: Rgb = [246, 236, 220];
  const heads = [{ cx: 95, cy: 95, r: 46, skin: [240, 200, 160] as Rgb }, { cx: 230, cy: 110, r: 36, skin: [205, 150, 110] as Rgb }];
  return drawPng(W, H, (x, y) => {
    let c: Rgb = y > 165 ? [222, 198, 160] : floor;
    for (const h of heads) {
      const d = Math.hypot(x - h.cx, y - h.cy);
      if (d < h.r) c = h.skin;
      if (d >= h.r && d < h.r + 3) c = [120, 84, 60];
      // Eyes looking at each other, and a smile.
      const toward = h.cx < 160 ? 1 : -1;
      for (const ex of [h.cx + toward * h.r * 0.15, h.cx + toward * h.r * 0.55]) if (Math.hypot(x - ex, y - (h.cy - h.r * 0.15)) < h.r * 0.09) c = [50, 40, 40];
      const sd = Math.hypot(x - (h.cx + toward * h.r * 0.35), y - (h.cy + h.r * 0.1));
      if (y > h.cy + h.r * 0.2 && sd > h.r * 0.3 && sd < h.r * 0.38) c = [170, 60, 60];
      // A body below.
      if (Math.abs(x - h.cx) < h.r * 0.9 && y > h.cy + h.r + 2 && y < 200) c = h.cx < 160 ? [70, 130, 200] : [230, 150, 60];
    }
    return c;
  });
}

/** A tower of eight coloured blocks on a rug. */
function tower(): Buffer {
  const colours: Rgb[] = [[231, 76, 60], [241, 196, 15], [46, 204, 113], [52, 152, 219], [155, 89, 182], [230, 126, 34], [26, 188, 156], [236, 100, 150]];
  return drawPng(W, H, (x, y) => {
    let c: Rgb = y > 190 ? mix([196, 160, 120], [176, 140, 100], ((x >> 3) + (y >> 3)) % 2) : mix([250, 246, 238], [236, 228, 214], y / H);
    for (let i = 0; i < 8; i++) {
      const top = 190 - (i + 1) * 21;
      const left = 135 + ((i * 7) % 11) - 5;
      if (y >= top && y < top + 20 && x >= left && x < left + 50) c = x === left || x === left + 49 || y === top ? mix(colours[i] ?? [0, 0, 0], [0, 0, 0], 0.25) : (colours[i] ?? [0, 0, 0]);
    }
    return c;
  });
}

/** Stores these bytes as an upload of the child, attached to its owner. */
async function store(tx: Tx, config: Config, o: {
  clinicId: string; childId: string; by: string; purpose: 'practice_image' | 'journal_photo'; bytes: Buffer; owner: { type: 'practice_item' | 'journal_entry'; id: string }; at: Date;
}): Promise<string> {
  const uploads = createUploadStore(config);
  await mkdir(uploads.incomingDir, { recursive: true });
  const key = newStorageKey();
  const file = path.join(uploads.incomingDir, `${key}.part`);
  await writeFile(file, o.bytes);
  // Its screen-sized copy too, as an upload gets.
  const variants = await putVariants(uploads, file, { width: W, height: H });
  await uploads.put(key, file, 'image/png');
  const row = await tx.insertInto('upload').values({
    clinic_id: o.clinicId, child_id: o.childId, uploaded_by: o.by, purpose: o.purpose, content_type: 'image/png', byte_size: o.bytes.length,
    sha256: createHash('sha256').update(o.bytes).digest('hex'), storage_key: key, width: W, height: H, variants: JSON.stringify(variants),
    owner_type: o.owner.type, owner_id: o.owner.id, attached_at: o.at, created_at: o.at,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function createDemoMedia(tx: Tx, config: Config, clinicId: string, id: (key: string) => string, ctx: (actor: string, role: string) => AuditContext, timeZone: string, now: Date): Promise<void> {
  const leo = id('leo');
  const item = await tx.selectFrom('practice_item').selectAll().where('child_id', '=', leo).where('title', '=', 'Bubbles: asking with two words').executeTakeFirst();
  if (item) {
    const owner = { type: 'practice_item' as const, id: item.id };
    const first = await store(tx, config, { clinicId, childId: leo, by: id('slp'), purpose: 'practice_image', bytes: faceToFace(), owner, at: item.created_at });
    const second = await store(tx, config, { clinicId, childId: leo, by: id('slp'), purpose: 'practice_image', bytes: bubbles(), owner, at: item.created_at });
    // The pictures were there from the start: version 1 shows them too.
    await tx.updateTable('practice_item').set({ step_images: JSON.stringify([first, second]) }).where('id', '=', item.id).execute();
    await recordAudit(tx, ctx('slp', 'therapist'), { action: 'upload.create', childId: leo, subjectType: 'upload', subjectId: first, details: { demo: true } });
    await recordAudit(tx, ctx('slp', 'therapist'), { action: 'upload.create', childId: leo, subjectType: 'upload', subjectId: second, details: { demo: true } });
  }

  const yesterday = new Date(now.getTime() - 86_400_000);
  const date = localDate(yesterday, timeZone);
  const content = { kind: 'win', text: 'Built a tower of eight blocks all by himself, then clapped and said “I did it!”' };
  const entry = await tx.insertInto('journal_entry').values({
    clinic_id: clinicId, child_id: leo, kind: 'win', content: JSON.stringify(content), entry_date: date, entry_time: '17:30',
    visibility: 'team', author_id: id('diego'), author_role: 'guardian', created_at: yesterday,
  }).returning('id').executeTakeFirstOrThrow();
  const photo = await store(tx, config, { clinicId, childId: leo, by: id('diego'), purpose: 'journal_photo', bytes: tower(), owner: { type: 'journal_entry', id: entry.id }, at: yesterday });
  await tx.updateTable('journal_entry').set({ photo_id: photo }).where('id', '=', entry.id).execute();
  await tx.insertInto('journal_entry_version').values({
    entry_id: entry.id, child_id: leo, version: 1, content: JSON.stringify(content), entry_date: date, entry_time: '17:30', visibility: 'team', photo_id: photo, created_at: yesterday,
  }).execute();
  await recordAudit(tx, ctx('diego', 'guardian'), { action: 'upload.create', childId: leo, subjectType: 'upload', subjectId: photo, details: { demo: true } });
  await recordAudit(tx, ctx('diego', 'guardian'), { action: 'journal.write', childId: leo, subjectType: 'journal_entry', subjectId: entry.id, details: { demo: true } });
}

/** The drawings, by name (for looking at them without loading the demo). */
export const demoPictures = { bubbles, faceToFace, tower };
