// The archive as a ZIP (fflate, streamed: a clinic's files never sit in memory together): a
// README in the reader's language, JSON per kind of record, CSV beside the kinds people open in a
// spreadsheet, and the files under files/. Written to the uploads store's incoming folder, synced,
// then put in the store like any generated file.
import { mkdir, open, unlink } from 'node:fs/promises';
import path from 'node:path';
import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Locale } from '../../../contract/common.ts';
import { mailText } from '../../mail/templates.ts';
import { newStorageKey, type UploadStore } from '../../uploads/store.ts';
import type { Cell, ChildRecord, Part } from './archive-content.ts';

/** RFC 4180: CRLF line ends, a field with a comma, quote or line break in quotes, quotes doubled. */
export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const field = (v: Cell) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  // The byte-order mark tells spreadsheet programs the file is UTF-8.
  return `\uFEFF${[header, ...rows].map((r) => r.map(field).join(',')).join('\r\n')}\r\n`;
}

/** The parts as files: name.json for every kind, name.csv beside those that have one. */
export function partFiles(parts: readonly Part[], prefix = ''): { path: string; text: string }[] {
  return parts.flatMap((p) => [
    { path: `${prefix}${p.name}.json`, text: `${JSON.stringify(p.name === 'child' ? p.rows[0] ?? null : p.rows, null, 2)}\n` },
    ...(p.csv ? [{ path: `${prefix}${p.name}.csv`, text: toCsv(p.csv.header, p.csv.rows) }] : []),
  ]);
}

export type ReadmeFacts = { locale: Locale; madeAt: Date; requester: string; scope: 'child' | 'clinic'; about: string; kinds: readonly string[] };

/** README.txt in the reader's language: what each file is, when it was made, for whom, and what is left out on purpose. */
export function readme(f: ReadmeFacts): string {
  const t = mailText(f.locale);
  const when = new Intl.DateTimeFormat(f.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(f.madeAt);
  const lines = [
    t('archive.readme.title'),
    '',
    t(f.scope === 'clinic' ? 'archive.readme.aboutClinic' : 'archive.readme.aboutChild', { name: f.about }),
    t('archive.readme.madeFor', { name: f.requester }),
    t('archive.readme.madeAt', { when: `${when} UTC` }),
    '',
    t(f.scope === 'clinic' ? 'archive.readme.scopeClinic' : 'archive.readme.scopeChild'),
    '',
    t('archive.readme.filesTitle'),
    ...(f.scope === 'clinic' ? [`  clinic.json: ${t('archive.readme.kinds.clinic')}`, `  clinicians.json: ${t('archive.readme.kinds.clinicians')}`, `  children.json: ${t('archive.readme.kinds.children')}`, `  children/…/: ${t('archive.readme.kinds.childFolder')}`] : []),
    ...f.kinds.map((k) => `  ${k}.json: ${t(`archive.readme.kinds.${k}`)}`),
    `  *.csv: ${t('archive.readme.csv')}`,
    `  files/: ${t('archive.readme.kinds.filesFolder')}`,
    '',
    t('archive.readme.leftOutTitle'),
    ...(f.scope === 'clinic'
      ? ['leftOutClinicFamily', 'leftOutParentsOnly', 'leftOutAggregate', 'leftOutRetracted']
      : ['leftOutNotes', 'leftOutOtherHouseholds', 'leftOutWellbeing', 'leftOutNotYours', 'leftOutRetracted']).map((k) => `  - ${t(`archive.readme.${k}`)}`),
    '',
    t('archive.readme.keep'),
    '',
  ];
  return lines.join('\r\n');
}

/** A ZIP written to the store under a new key: its key and size. */
export async function writeZip(
  store: UploadStore,
  fill: (add: { text: (path: string, text: string) => Promise<void>; file: (path: string, key: string) => Promise<boolean> }) => Promise<void>,
  mtime: Date,
): Promise<{ storageKey: string; byteSize: number }> {
  const key = newStorageKey();
  await mkdir(store.incomingDir, { recursive: true });
  const part = path.join(store.incomingDir, `${key}.part`);
  const handle = await open(part, 'wx', 0o600);
  let pending: Uint8Array[] = [];
  let failure: Error | null = null;
  let size = 0;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else pending.push(chunk);
  });
  const flush = async () => {
    const chunks = pending;
    pending = [];
    for (const c of chunks) {
      await handle.write(c);
      size += c.length;
    }
    if (failure) throw failure;
  };
  try {
    await fill({
      text: async (name, text) => {
        const entry = new ZipDeflate(name, { level: 6 });
        entry.mtime = mtime;
        zip.add(entry);
        entry.push(strToU8(text), true);
        await flush();
      },
      file: async (name, storageKey) => {
        const stream = await store.read(storageKey);
        if (!stream) return false;
        // Photos and clips are compressed already: stored as they are.
        const entry = new ZipPassThrough(name);
        entry.mtime = mtime;
        zip.add(entry);
        for await (const chunk of stream) {
          entry.push(chunk as Uint8Array);
          await flush();
        }
        entry.push(new Uint8Array(0), true);
        await flush();
        return true;
      },
    });
    zip.end();
    await flush();
    await handle.sync();
    await handle.close();
    await store.put(key, part, 'application/zip');
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(part).catch(() => undefined);
    throw error;
  }
  return { storageKey: key, byteSize: size };
}

/** One child's record into the ZIP, under prefix ('' for the family's archive, the child's folder for the clinic's). */
export async function addRecord(add: Parameters<Parameters<typeof writeZip>[1]>[0], record: ChildRecord, prefix = ''): Promise<void> {
  for (const f of partFiles(record.parts, prefix)) await add.text(f.path, f.text);
  for (const f of record.files) await add.file(`${prefix}${f.path}`, f.storageKey);
}
