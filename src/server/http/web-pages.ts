// The web app's page, as the server sends it for any page address: the built index.html, naming in
// its head the files the page the address opens will need (its route's scripts and styles, the
// catalogue's parts in the reader's language, the first answers every page asks for), so that a
// phone fetches them beside the app's shell rather than one wave after another as each script runs
// and asks for the next. Only hints (no inline script): the app loads whatever it needs as before.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { preferredLocale, type Locale } from '../../contract/locales.ts';

/** One chunk of the build's manifest (Vite's `build.manifest`). */
interface ManifestChunk {
  file: string;
  src?: string;
  imports?: string[];
  css?: string[];
  /** Files the chunk's code fetches when it runs: here, its part of the catalogue in every language. */
  assets?: string[];
}

/** The route module (as the web app's router imports it) the web app draws first for an address. */
export const SIGN_IN_PAGE = 'src/web/routes/login-page.tsx';
export const HOME_PAGE = 'src/web/routes/home-page.tsx';
/** Addresses anyone may open without signing in, and the page each draws (none: the route loads as before). */
const PUBLIC_PAGES: [RegExp, string | null][] = [
  [/^\/login$/, SIGN_IN_PAGE],
  [/^\/(setup|reset|signin\/link|invite\/|unsubscribe\/|video\/[^/]+\/guest)/, null],
];
/** What every page asks for first (see src/web/main.tsx), fetched as the web app's api() does. */
const FIRST_ANSWERS = ['/api/setup', '/api/session'];

/** The page a reader opening this address sees first: signed out, the sign-in page unless the address is public. */
export function firstPageOf(pathname: string, signedIn: boolean): string | null {
  const address = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (!signedIn) {
    const open = PUBLIC_PAGES.find(([pattern]) => pattern.test(address));
    return open ? open[1] : SIGN_IN_PAGE;
  }
  // Signed in, the sign-in page sends the reader home.
  return address === '/' || address === '/login' ? HOME_PAGE : null;
}

/** A header's list of names with their weights (Accept-Language, Accept-Encoding): those the browser takes (q > 0), most wanted first. */
function accepted(header: string | undefined): string[] {
  return (header ?? '')
    .split(',')
    .map((part, i) => {
      const [name = '', ...params] = part.split(';').map((p) => p.trim());
      const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
      return { name, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((e) => e.name !== '' && e.name !== '*' && e.q > 0)
    .sort((x, y) => y.q - x.q || x.i - y.i)
    .map((e) => e.name);
}

/** The language the web app shows first (src/web/lib/locale.ts): the person's own, else the browser's. */
export function pageLocale(own: Locale | undefined, acceptLanguage: string | undefined): Locale {
  return own ?? preferredLocale(accepted(acceptLanguage));
}

type Encoding = 'br' | 'gzip';
export interface RenderedPage {
  body: Buffer;
  encoding: Encoding | null;
}

/** The encoding a browser takes, from its Accept-Encoding: brotli, else gzip, else none. */
function encodingFor(acceptEncoding: string | undefined): Encoding | null {
  const taken = new Set(accepted(acceptEncoding).map((e) => e.toLowerCase()));
  return taken.has('br') ? 'br' : taken.has('gzip') ? 'gzip' : null;
}

/**
 * The built index.html and manifest in `webRoot`, read once; null when the web app is not built.
 * Each variant of the page (route × language) is built and compressed once, on first use.
 */
export function loadWebPages(webRoot: string): { render: (page: string | null, locale: Locale, acceptEncoding: string | undefined) => RenderedPage } | null {
  const indexFile = path.join(webRoot, 'index.html');
  if (!existsSync(indexFile)) return null;
  const html = readFileSync(indexFile, 'utf8');
  const manifestFile = path.join(webRoot, '.vite', 'manifest.json');
  const manifest: Record<string, ManifestChunk> = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk> : {};

  // A chunk's imports before the chunk: its styles then come in the order the app's own loading keeps.
  const closure = (keys: string[], into = new Set<string>(), seen = new Set<string>()): Set<string> => {
    for (const key of keys) {
      if (seen.has(key) || !manifest[key]) continue;
      seen.add(key);
      closure(manifest[key].imports ?? [], into, seen);
      into.add(key);
    }
    return into;
  };
  // The shell: what index.html loads itself, and what that imports.
  const shell = closure(Object.keys(manifest).filter((key) => html.includes(`/${manifest[key]?.file}"`)));
  const keyOf = new Map(Object.entries(manifest).flatMap(([key, chunk]) => (chunk.src ? [[chunk.src, key] as const] : [])));

  const hintsFor = (page: string | null, locale: Locale): string[] => {
    const pageKey = page ? keyOf.get(page) : undefined;
    const chunks = pageKey ? [...closure([pageKey])].filter((key) => !shell.has(key)) : [];
    const catalogue = [...shell, ...chunks]
      .flatMap((key) => manifest[key]?.assets ?? [])
      .filter((file) => path.posix.basename(file).startsWith(`catalogue-${locale}-`));
    const link = (attributes: string) => `    <link ${attributes} crossorigin>`;
    return [
      ...chunks.map((key) => link(`rel="modulepreload" href="/${manifest[key]?.file}"`)),
      ...[...new Set(chunks.flatMap((key) => manifest[key]?.css ?? []))].map((file) => link(`rel="stylesheet" href="/${file}"`)),
      ...[...new Set(catalogue)].map((file) => link(`rel="preload" as="fetch" href="/${file}"`)),
      ...FIRST_ANSWERS.map((url) => link(`rel="preload" as="fetch" href="${url}"`)),
    ];
  };

  const variants = new Map<string, Record<Encoding | 'identity', Buffer>>();
  return {
    render(page, locale, acceptEncoding) {
      const key = `${page ?? ''} ${locale}`;
      let variant = variants.get(key);
      if (!variant) {
        const body = Buffer.from(html.replace('</head>', `${hintsFor(page, locale).join('\n')}\n  </head>`));
        variant = {
          identity: body,
          br: brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
          gzip: gzipSync(body, { level: 9 }),
        };
        variants.set(key, variant);
      }
      const encoding = encodingFor(acceptEncoding);
      return { body: variant[encoding ?? 'identity'], encoding };
    },
  };
}
