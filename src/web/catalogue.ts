// The translation catalogue in parts. The build gives every chunk of the app the part of the
// catalogue its code uses (the messages and groups of messages its keys name), one JSON file per
// language, and makes the chunk's code ask for it when it runs: a page downloads the messages it
// shows, in the language it is shown in, and a route's messages arrive with its route. In
// development there are no parts: the whole language is loaded at once (see i18n.ts).
// This module imports nothing, so any module of the app may call it, whatever the import order.

/** One part of the catalogue: for each language, the address of its JSON file. */
export type CataloguePart = Readonly<Record<string, string>>;
type Sections = Record<string, unknown>;

const parts = new Map<string, CataloguePart>();
const files = new Map<string, Promise<void>>();
const pending = new Set<Promise<unknown>>();
const languages = new Set<string>();
const listeners = new Set<(lng: string, sections: Sections) => void>();

/** Fetches a part in one language; resolves once its sections have been handed to the listeners. */
function fetchFile(part: CataloguePart, lng: string): Promise<void> {
  const url = part[lng];
  if (!url) return Promise.resolve();
  let file = files.get(url);
  if (!file) {
    file = fetch(url)
      .then((res) => {
        if (!res.ok) throw new Error(`Catalogue ${url}: ${res.status}`);
        return res.json() as Promise<Sections>;
      })
      .then((sections) => {
        for (const listener of listeners) listener(lng, sections);
      });
    files.set(url, file);
    // A part that could not load is asked for again next time (offline, then back online).
    const settled = file.catch(() => void files.delete(url));
    pending.add(settled);
    void settled.finally(() => pending.delete(settled));
  }
  return file;
}

/**
 * Called by the built code of each chunk as it runs, with the chunk's own part of the catalogue,
 * and by the code that loads a route as it starts, with the route's part. The part is fetched at
 * once in every language the app is showing (again, if it failed before), and kept for a switch.
 */
export function needCatalogue(part: CataloguePart | string | null): void {
  // In development the build step does not run: the argument is its placeholder.
  if (!part || typeof part === 'string') return;
  const key = Object.values(part).join(' ');
  if (!parts.has(key)) parts.set(key, part);
  for (const lng of languages) void fetchFile(part, lng).catch(() => {});
}

/** Tells the caller of every part that arrives (the i18next instance adds it to its store). */
export function onCataloguePart(listener: (lng: string, sections: Sections) => void): void {
  listeners.add(listener);
}

/**
 * Fetches every part asked for so far in one language, which from now on is fetched for every new
 * part too; parts asked for meanwhile are waited for as well. The sections reach the listeners: the
 * parts hold pieces of the same sections, so they are merged deeply there, not returned here.
 */
export async function loadCatalogue(lng: string): Promise<void> {
  languages.add(lng);
  let done = 0;
  while (done < parts.size) {
    const batch = [...parts.values()].slice(done);
    done = parts.size;
    await Promise.all(batch.map((p) => fetchFile(p, lng)));
  }
}

/** Resolves when every part asked for so far has arrived (or failed) in the languages shown. */
export async function catalogueReady(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}
