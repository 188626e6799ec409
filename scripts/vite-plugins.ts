// Build-time helpers for the web app: Mantine's CSS per component, precompressed files, and the
// first-load size every page pays before it can draw.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { parse } from '@formatjs/icu-messageformat-parser';
import type { Plugin, ResolvedConfig } from 'vite';
import { compileMessage, type CompiledMessage } from '../src/contract/compiled-message.ts';

// ---- Mantine CSS, only for the components a module uses --------------------------------------

/** `import { A, B as C, type D } from '@mantine/…'` (or `export { … } from`): group 1 the names, group 2 the package. */
const NAMED_IMPORT = /(?:import|export)\s*\{([^}]*)\}\s*from\s*['"](@mantine\/[a-z]+)['"]/g;
const RELATIVE_IMPORT = /(?:import|export)\s*(?:[^'"]*?\s*from\s*)?["'](\.{1,2}\/[^"']+\.mjs)["']/g;

/** The names a module imports from each Mantine package (not its types). */
function mantineNamesIn(code: string): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const m of code.matchAll(NAMED_IMPORT)) {
    const list = names.get(m[2] ?? '') ?? [];
    for (const raw of (m[1] ?? '').split(',')) {
      const name = raw.trim().split(/\s+as\s+/)[0];
      if (name && !name.startsWith('type ')) list.push(name);
    }
    names.set(m[2] ?? '', list);
  }
  return names;
}

/**
 * A Mantine package, whose modules are all reached through its one index file: the file, and for
 * each name it exports the modules that name's code reaches (real paths, as the bundler names them).
 */
interface PackageExports {
  dir: string;
  index: string;
  modulesOf: Map<string, Set<string>>;
}

function packageExports(pkg: string): PackageExports {
  const require = createRequire(import.meta.url);
  const main = require.resolve(pkg);
  const inModules = `${path.sep}node_modules${path.sep}${pkg}${path.sep}`;
  const dir = realpathSync(main.slice(0, main.lastIndexOf(inModules) + inModules.length));
  const index = path.join(dir, 'esm', 'index.mjs');
  const exportFile = new Map<string, string>();
  for (const m of readFileSync(index, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*"(\.\/[^"]+\.mjs)"/g)) {
    for (const name of (m[1] ?? '').split(',')) {
      const local = name.trim().split(/\s+as\s+/).pop();
      if (local && m[2]) exportFile.set(local, path.join(dir, 'esm', m[2]));
    }
  }

  const importsOf = new Map<string, string[]>();
  const reach = (file: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [file];
    while (stack.length > 0) {
      const current = stack.pop();
      if (!current || seen.has(current)) continue;
      seen.add(current);
      let next = importsOf.get(current);
      if (!next) {
        const code = readFileSync(current, 'utf8');
        next = [...code.matchAll(RELATIVE_IMPORT)].map((m) => path.resolve(path.dirname(current), m[1] ?? ''));
        importsOf.set(current, next);
      }
      stack.push(...next);
    }
    return seen;
  };
  return { dir, index, modulesOf: new Map([...exportFile].map(([name, file]) => [name, reach(file)])) };
}

/** For each export of @mantine/core, the layered CSS files its code reaches, in Mantine's own order. */
function mantineStyleIndex(): Map<string, string[]> {
  const core = packageExports('@mantine/core');
  const bundle = readFileSync(path.join(core.dir, 'styles.css'), 'utf8');
  // Mantine's bundled styles.css gives the order the component files must keep.
  const position = new Map<string, number>();
  const orderOf = (moduleFile: string): number => {
    const cached = position.get(moduleFile);
    if (cached !== undefined) return cached;
    const firstClass = /"(m_[0-9a-f]+)"/.exec(readFileSync(moduleFile, 'utf8'))?.[1];
    const at = firstClass ? bundle.indexOf(`.${firstClass}`) : -1;
    position.set(moduleFile, at);
    return at;
  };

  const result = new Map<string, string[]>();
  for (const [name, files] of core.modulesOf) {
    const modules = [...files].filter((f) => f.endsWith('.module.mjs'));
    const styles = modules
      .sort((a, b) => orderOf(a) - orderOf(b))
      .map((f) => `@mantine/core/styles/${path.basename(f, '.module.mjs')}.layer.css`);
    if (styles.length > 0) result.set(name, styles);
  }
  return result;
}

/**
 * Every module that imports a Mantine component also imports that component's CSS (layered, so the
 * app's own CSS wins whatever order the chunks arrive in). A page then carries only the CSS of the
 * components it draws, and the CSS travels with the route's chunk.
 */
export function mantineCssPerComponent(): Plugin {
  let index: Map<string, string[]> | undefined;
  return {
    name: 'careteam:mantine-css-per-component',
    enforce: 'pre',
    transform(code, id) {
      if (!/\.(tsx?|mjs|jsx?)$/.test(id) || id.includes('/@mantine/core/')) return null;
      if (!code.includes('@mantine/core')) return null;
      index ??= mantineStyleIndex();
      const styles = new Set((mantineNamesIn(code).get('@mantine/core') ?? []).flatMap((name) => index?.get(name) ?? []));
      if (styles.size === 0) return null;
      return { code: [...styles].map((s) => `import '${s}';`).join('\n') + '\n' + code, map: null };
    },
  };
}

// ---- The chunks the first pages share ----------------------------------------------------------

interface ChunkGroup {
  name: (moduleId: string) => string | null;
  debugName: string;
  priority: number;
}

/**
 * The code the first pages a person opens (the sign-in page, the home page) share with other pages,
 * for the bundler's `codeSplitting.groups`: in a few chunks, by which of those pages use it and by
 * whether many pages use it (a form field, a badge) or a few (a card Today shares with one other
 * page). Opening a first page then fetches a handful of files after the shell rather than one per
 * shared component (a phone pays a round trip per file), and another page that loads such a chunk
 * mostly uses what is in it. Code only later pages share is split by the bundler as before; code
 * one page alone uses stays in that page's chunk.
 *
 * A page is any module loaded with `import()` (a route, or a part of a page loaded later). Which
 * pages use a module is found by walking each page's static imports; a Mantine package is reached
 * through its one index file, so there the names a module imports say which of its code it uses.
 */
export function firstPageChunks(opts: {
  /** The first pages by file name without extension ('login-page'), each with the name its chunks carry. */
  pages: Record<string, string>;
  /** From how many pages on a module counts as used by many. */
  many: number;
  /** The groups' priority among the others. */
  priority: number;
}): Plugin & { groups: ChunkGroup[] } {
  const packages = new Map<string, PackageExports>();
  const packageOf = (pkg: string) => {
    let found = packages.get(pkg);
    if (!found) packages.set(pkg, (found = packageExports(pkg)));
    return found;
  };
  const isIndex = (id: string) => /[\\/]node_modules[\\/]@mantine[\\/][a-z]+[\\/]esm[\\/]index\.mjs$/.test(id);
  const pageName = (id: string) => path.basename(id).replace(/\.[^.]+$/, '');
  const first = Object.entries(opts.pages);
  const chunkName = (pages: [string, string][], many: boolean) => `${pages.map(([, short]) => short).join('-and-')}-${many ? 'common' : 'shared'}`;
  // What a module imports, every page using the module uses too: a module's imports belong to its
  // own chunk or to one listed before it (more first pages, then used by many before by a few).
  const names = Array.from({ length: 2 ** first.length - 1 }, (_, i) => first.filter((_f, bit) => ((i + 1) >> bit) & 1))
    .sort((a, b) => b.length - a.length)
    .flatMap((pages) => [chunkName(pages, true), chunkName(pages, false)]);
  const chunkOf = new Map<string, string>();
  return {
    name: 'careteam:first-page-chunks',
    apply: 'build',
    buildEnd() {
      chunkOf.clear();
      const uses = new Map<string, string[]>();
      const pages: string[] = [];
      for (const id of this.getModuleIds()) {
        const info = this.getModuleInfo(id);
        if (!info) continue;
        if (info.dynamicImporters.length > 0) pages.push(id);
        const named = [...mantineNamesIn(info.code ?? '')].flatMap(([pkg, list]) => list.flatMap((name) => [...(packageOf(pkg).modulesOf.get(name) ?? [])]));
        uses.set(id, [...new Set([...info.importedIds.filter((i) => !isIndex(i)), ...named])]);
      }
      const usedBy = new Map<string, Set<string>>();
      for (const page of pages) {
        const seen = new Set<string>();
        const stack = [page];
        while (stack.length > 0) {
          const id = stack.pop();
          if (id === undefined || seen.has(id)) continue;
          seen.add(id);
          usedBy.set(id, (usedBy.get(id) ?? new Set<string>()).add(page));
          stack.push(...(uses.get(id) ?? []));
        }
      }
      for (const [id, using] of usedBy) {
        if (using.size < 2 || using.has(id)) continue;
        const firstUsing = first.filter(([page]) => [...using].some((p) => pageName(p) === page));
        if (firstUsing.length > 0) chunkOf.set(id, chunkName(firstUsing, using.size >= opts.many));
      }
    },
    groups: names.map((name) => ({ name: (moduleId: string) => (chunkOf.get(moduleId) === name ? name : null), debugName: name, priority: opts.priority })),
  };
}

// ---- Server-side libraries kept out of the browser ---------------------------------------------

/**
 * Fails the build when a package that only the server (or the build) needs reaches a chunk of the
 * web app, naming the app's module that brought it in and what to do instead (given per package).
 */
export function keepOutOfTheBrowser(packages: Record<string, string>): Plugin {
  const inPackage = (id: string) => Object.keys(packages).find((p) => id.includes(`/node_modules/${p}/`));
  return {
    name: 'careteam:keep-out-of-the-browser',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const item of Object.values(bundle)) {
        if (item.type !== 'chunk') continue;
        const id = item.moduleIds.find((m) => inPackage(m));
        if (!id) continue;
        // The first module of the app on the way to the package is the one to change.
        const seen = new Set<string>();
        const stack = [id];
        let culprit: string | undefined;
        while (stack.length > 0 && !culprit) {
          const current = stack.shift();
          if (!current || seen.has(current)) continue;
          seen.add(current);
          if (!current.includes('/node_modules/') && !current.includes('/src/contract/')) culprit = current;
          else stack.push(...(this.getModuleInfo(current)?.importers ?? []));
        }
        const name = inPackage(id) ?? '';
        this.error(`${name} is in the web app's ${item.fileName}, brought in by ${culprit ? path.relative(process.cwd(), culprit) : 'an unknown module'}: ${packages[name]}.`);
      }
    },
  };
}

// ---- Precompressed files and the first-load size ---------------------------------------------

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml)$/;

export const FIRST_LOAD_REPORT = 'dist/web-first-load.json';
export const FIRST_LOAD_BUDGET_BYTES = 170 * 1024;

export interface FirstLoadReport {
  /** What the shell may weigh: the build fails above it. */
  budgetBytes: number;
  /**
   * What every page loads before its own chunks, brotli-compressed: index.html's entry, its static
   * imports, their CSS and the part of the catalogue they ask for (in the heaviest language).
   */
  shellBytes: number;
  withinBudget: boolean;
  /** The shell plus each page's own chunks (a lazily loaded route, what it imports statically, their
   * CSS and catalogue part). */
  pages: Record<string, number>;
  /** The heaviest first load of any page. */
  maxBytes: number;
  maxPage: string;
  requests: number;
}

interface ChunkInfo {
  imports: string[];
  dynamicImports: string[];
  css: string[];
  name: string;
  isEntry: boolean;
  /** The catalogue's parts the chunk asks for when it runs, per language. */
  catalogue: Map<string, string[]>;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/**
 * After the build: writes `.br` and `.gz` beside every text file (the server sends them as they are),
 * then prints what the first load of each page costs over the wire and writes it for the bench.
 */
export function precompressAndMeasure(opts: {
  /** The catalogue's parts a chunk (named by its modules) asks for as it runs, per language. */
  catalogueParts?: (moduleIds: string[]) => Map<string, string[]>;
  /** Route chunks (by name prefix) that always load under a parent route's chunk. */
  parents?: Record<string, string>;
} = {}): Plugin {
  const chunks = new Map<string, ChunkInfo>();
  let outDir = 'dist/web';
  let logger: ResolvedConfig['logger'] | undefined;
  return {
    name: 'careteam:precompress-and-measure',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      logger = config.logger;
    },
    generateBundle(_options, bundle) {
      chunks.clear();
      for (const [file, item] of Object.entries(bundle)) {
        if (item.type !== 'chunk') continue;
        chunks.set(file, {
          catalogue: opts.catalogueParts?.(item.moduleIds) ?? new Map(),
          imports: item.imports,
          dynamicImports: item.dynamicImports,
          css: [...(item.viteMetadata?.importedCss ?? [])],
          name: item.facadeModuleId ? path.basename(item.facadeModuleId).replace(/\.[^.]+$/, '') : item.name,
          isEntry: item.isEntry,
        });
      }
    },
    writeBundle() {
      const brotliSize = new Map<string, number>();
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.test(file)) continue;
        const raw = readFileSync(file);
        brotliSize.set(path.relative(outDir, file), raw.length);
        if (raw.length < 512) continue;
        const br = brotliCompressSync(raw, {
          params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length },
        });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length) writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
        brotliSize.set(path.relative(outDir, file), Math.min(br.length, raw.length));
      }

      const closure = (start: string[], into = new Set<string>()): Set<string> => {
        const stack = [...start];
        while (stack.length > 0) {
          const file = stack.pop();
          if (!file || into.has(file)) continue;
          into.add(file);
          const chunk = chunks.get(file);
          if (!chunk) continue;
          for (const css of chunk.css) into.add(css);
          stack.push(...chunk.imports);
        }
        return into;
      };
      const brotli = (files: Iterable<string>) => [...files].reduce((sum, f) => sum + (brotliSize.get(f) ?? 0), 0);
      // The scripts and styles, and the catalogue's parts they ask for in the heaviest language.
      const catalogueOf = (files: Set<string>) => {
        const byLanguage = new Map<string, Set<string>>();
        for (const f of files) {
          for (const [lng, parts] of chunks.get(f)?.catalogue ?? []) {
            const set = byLanguage.get(lng) ?? new Set<string>();
            for (const part of parts) set.add(part);
            byLanguage.set(lng, set);
          }
        }
        return [...byLanguage.values()].sort((a, b) => brotli(b) - brotli(a))[0] ?? new Set<string>();
      };
      const bytes = (files: Set<string>) => brotli(files) + brotli(catalogueOf(files));

      const entries = [...chunks].filter(([, c]) => c.isEntry).map(([f]) => f);
      const shell = closure(entries);
      const lazy = new Set([...shell].flatMap((f) => chunks.get(f)?.dynamicImports ?? []));
      const pages: Record<string, number> = { shell: bytes(shell) };
      // A page is the shell plus the route chunks it loads; a nested route loads its parent's too.
      const fileNamed = (name: string) => [...chunks].find(([, c]) => c.name === name)?.[0];
      const parentOf = (name: string) => {
        const prefix = Object.keys(opts.parents ?? {}).find((p) => name.startsWith(p));
        const parent = prefix ? opts.parents?.[prefix] : undefined;
        return parent && parent !== name ? fileNamed(parent) : undefined;
      };
      let maxPage = 'shell';
      for (const file of lazy) {
        const chunk = chunks.get(file);
        if (!chunk) continue;
        const parent = parentOf(chunk.name);
        const page = closure(parent ? [file, parent] : [file], new Set(shell));
        pages[chunk.name] = bytes(page);
        if ((pages[chunk.name] ?? 0) > (pages[maxPage] ?? 0)) maxPage = chunk.name;
      }
      const report: FirstLoadReport = {
        budgetBytes: FIRST_LOAD_BUDGET_BYTES,
        shellBytes: bytes(shell),
        withinBudget: bytes(shell) <= FIRST_LOAD_BUDGET_BYTES,
        pages,
        maxBytes: pages[maxPage] ?? 0,
        maxPage,
        requests: shell.size + catalogueOf(shell).size,
      };
      writeFileSync(path.join(outDir, '..', path.basename(FIRST_LOAD_REPORT)), JSON.stringify(report, null, 2));
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const summary = `first load (brotli, JS+CSS+catalogue): shell ${kb(report.shellBytes)} in ${report.requests} files, ${report.withinBudget ? 'within' : 'OVER'} the ${kb(FIRST_LOAD_BUDGET_BYTES)} budget; heaviest page with its own chunks ${maxPage} ${kb(report.maxBytes)}`;
      // Over the budget, the build fails: what every page loads first must stay small.
      if (!report.withinBudget) this.error(`${summary}. Make what only some pages use load with their route.`);
      logger?.info(summary);
    },
  };
}

// ---- The catalogue the browser gets, in parts ------------------------------------------------

const PART_PLACEHOLDER = '__careteam_catalogue_part__';
/**
 * A string in the code that starts like a key: `'plan.goal.title'`, `` `sessions.kind.${kind}` ``,
 * `'plan.' + x`. Group 1 is its dotted start, group 2 what follows it.
 */
const KEY_LIKE = /[`'"]([A-Za-z_][\w]*(?:\.[\w-]+)*)(\.?\$\{|\.?)/g;

export type Tree = { [key: string]: string | Tree };
/** A catalogue as the browser gets it: every message compiled (see src/contract/compiled-message.ts). */
type CompiledTree = { [key: string]: string | CompiledMessage | CompiledTree };

/**
 * The messages compiled, as i18next-icu would read them (`ignoreTag`: `<b>` is text). A message
 * that does not parse fails the build, naming it.
 */
export function compileCatalogue(tree: Tree, at = ''): CompiledTree {
  return Object.fromEntries(
    Object.entries(tree).map(([key, value]) => {
      if (typeof value !== 'string') return [key, compileCatalogue(value, `${at}${key}.`)];
      try {
        return [key, compileMessage(parse(value, { ignoreTag: true }))];
      } catch (error) {
        throw new Error(`The message ${at}${key} does not parse: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }),
  );
}

/**
 * The part of the catalogue a key-like string needs: the message or group it names, or, when the
 * code goes on building the key (`${…}` or `+`), the group it starts. A complete string that names
 * nothing in the catalogue (a permission such as `'plan.view'`) needs nothing.
 */
function neededPath(catalogue: Tree, dotted: string, after: string): string | undefined {
  const segments = dotted.split('.');
  // `plan.trend${x}`: the last segment is only the start of a key.
  if (after === '${') segments.pop();
  let node: string | Tree | undefined = catalogue;
  for (const segment of segments) {
    if (typeof node !== 'object' || !(segment in node)) return undefined;
    node = node[segment];
  }
  return segments.length > 0 ? segments.join('.') : undefined;
}

/**
 * The messages and groups of messages of the catalogue a piece of code names: `'plan.goal.title'`,
 * `` `sessions.kind.${kind}` `` (the group `sessions.kind`), `'plan.' + x` (the section `plan`).
 */
export function messagesNamedIn(code: string, catalogue: Tree): string[] {
  const paths = new Set<string>();
  for (const m of code.matchAll(KEY_LIKE)) {
    const [, dotted = '', after = ''] = m;
    // A bare word (`'plan'`) is no key; `'plan.' + x` and `` `plan.${x}` `` start one.
    if (!dotted.includes('.') && !after) continue;
    const found = neededPath(catalogue, dotted, after === '${' ? '${' : '');
    if (found) paths.add(found);
  }
  return outermost(paths);
}

/** The catalogue's messages under the given paths, as a tree of the same shape. */
function pick(catalogue: Tree, paths: string[]): Tree {
  const out: Tree = {};
  for (const p of paths) {
    const segments = p.split('.');
    let from: string | Tree | undefined = catalogue;
    let into = out;
    segments.forEach((segment, i) => {
      from = typeof from === 'object' ? from[segment] : undefined;
      if (from === undefined) return;
      if (i === segments.length - 1) into[segment] = from;
      else into = (into[segment] ??= {}) as Tree;
    });
  }
  return out;
}

/** Keeps the paths no other path of the list contains. */
function outermost(paths: Iterable<string>): string[] {
  const sorted = [...new Set(paths)].sort();
  return sorted.filter((p) => !sorted.some((q) => q !== p && p.startsWith(`${q}.`)));
}

/**
 * Splits each language's catalogue (src/locales/*.json, which stay the one source) by the chunks
 * that use it. Every module of the app with a string that names a key, or the start of one (which
 * also finds `` t(`sessions.kind.${kind}`) ``), gets a call to `needCatalogue` (src/web/catalogue.ts).
 * After chunking, the calls get one JSON file per language: in the entry's chunks, the messages
 * they name; in a route's chunk, the messages it and the chunks it imports name, less what the
 * entry brings; and the code that imports a route asks for the route's file as it starts loading
 * it. The sections only the server reads (mail texts) stay out. In development the whole
 * catalogue of a language loads as before.
 *
 * Either way every message arrives compiled (`compileCatalogue`), so the built app leaves the ICU
 * parser out: intl-messageformat gets the parser's `no-parser` entry, which throws if a message
 * ever reaches it as source.
 */
export function webCatalogue(opts: { serverOnly: string[]; runtime?: string }): Plugin & {
  /** The files of the part a chunk (named by its modules) asks for as it runs, per language. */
  partsOf: (moduleIds: string[]) => Map<string, string[]>;
} {
  let root = process.cwd();
  let base = '/';
  let building = false;
  let catalogues: Record<string, Tree> = {};
  const pathsOf = new Map<string, string[]>();
  const emitted = new Set<string>();
  const chunkParts = new Map<string, Map<string, string[]>>();
  const stripServerOnly = (catalogue: Tree) => {
    for (const section of opts.serverOnly) delete catalogue[section];
    return catalogue;
  };
  const localesDir = () => path.join(root, 'src', 'locales');
  const runtime = () => path.join(root, opts.runtime ?? 'src/web/catalogue.ts');
  return {
    partsOf: (moduleIds) => chunkParts.get(moduleIds.join('\n')) ?? new Map(),
    name: 'careteam:web-catalogue',
    enforce: 'pre',
    config(_config, env) {
      if (env.command !== 'build') return;
      const noParser = createRequire(import.meta.url).resolve('@formatjs/icu-messageformat-parser/no-parser.js');
      return { resolve: { alias: [{ find: /^@formatjs\/icu-messageformat-parser$/, replacement: noParser }] } };
    },
    configResolved(config) {
      root = config.root;
      base = config.base;
      building = config.command === 'build';
    },
    buildStart() {
      catalogues = {};
      pathsOf.clear();
      emitted.clear();
      chunkParts.clear();
      for (const name of readdirSync(localesDir())) {
        const lng = /^([a-z]{2,3}(?:-[A-Za-z]+)?)\.json$/.exec(name)?.[1];
        if (!lng) continue;
        const file = path.join(localesDir(), name);
        this.addWatchFile(file);
        catalogues[lng] = stripServerOnly(JSON.parse(readFileSync(file, 'utf8')) as Tree);
      }
    },
    transform(code, id) {
      if (/[\\/]src[\\/]locales[\\/][a-z-]+\.json$/i.test(id)) {
        return { code: JSON.stringify(compileCatalogue(stripServerOnly(JSON.parse(code) as Tree))), map: null };
      }
      if (!building || !/\.(tsx?|jsx?)$/.test(id) || id.includes('node_modules')) return null;
      if (!id.startsWith(path.join(root, 'src') + path.sep) || id === runtime()) return null;
      // Every language has the same keys (a test compares them): English decides what is a key.
      const paths = messagesNamedIn(code, catalogues.en ?? Object.values(catalogues)[0] ?? {});
      if (paths.length === 0) return null;
      pathsOf.set(id, paths);
      const call = `import { needCatalogue as __needCatalogue } from ${JSON.stringify(runtime())};\n__needCatalogue(${JSON.stringify(PART_PLACEHOLDER)});\n`;
      return { code: call + code, map: null };
    },
    renderChunk(code, chunk, _options, meta) {
      if (!code.includes(PART_PLACEHOLDER)) return null;
      const used = (moduleIds: string[]) => moduleIds.flatMap((m) => pathsOf.get(m) ?? []);
      const hasKeys = (file: string) => (meta.chunks[file]?.moduleIds ?? []).some((m) => pathsOf.has(m));
      const closure = (start: string[]) => {
        const seen = new Set<string>();
        const stack = [...start];
        while (stack.length > 0) {
          const file = stack.pop();
          if (!file || seen.has(file)) continue;
          seen.add(file);
          stack.push(...(meta.chunks[file]?.imports ?? []));
        }
        return seen;
      };
      // What the entry and its static imports bring is loaded before the first page draws.
      const first = closure(Object.values(meta.chunks).filter((c) => c.isEntry).map((c) => c.fileName));
      const brought = outermost([...first].flatMap((f) => used(meta.chunks[f]?.moduleIds ?? [])));
      /** The part a chunk's calls ask for, as code: its files' addresses per language, or null. */
      const partOf = (file: string): string => {
        const c = meta.chunks[file];
        if (!c) return 'null';
        // A chunk loaded later (a route) brings one part for itself and the chunks it imports, so a
        // page fetches one file for its route rather than one per shared chunk. A shared chunk needs
        // its own part only when some chunk that loads it has no key to carry that part.
        let mine: string[] = [];
        if (first.has(file)) mine = used(c.moduleIds);
        else if (c.isDynamicEntry) mine = [...closure([file])].filter((f) => !first.has(f)).flatMap((f) => used(meta.chunks[f]?.moduleIds ?? []));
        else {
          const carriers = Object.values(meta.chunks).filter((d) => d.isDynamicEntry && !first.has(d.fileName) && closure([d.fileName]).has(file));
          if (carriers.length === 0 || carriers.some((d) => !hasKeys(d.fileName))) mine = used(c.moduleIds);
        }
        const own = first.has(file) ? outermost(mine) : outermost(mine).filter((p) => !brought.some((f) => p === f || p.startsWith(`${f}.`)));
        if (own.length === 0) return 'null';
        const files: Record<string, string> = {};
        for (const [lng, catalogue] of Object.entries(catalogues)) {
          const source = JSON.stringify(compileCatalogue(pick(catalogue, own)));
          const hash = createHash('sha256').update(source).digest('base64url').slice(0, 10);
          const fileName = `assets/catalogue-${lng}-${hash}.json`;
          if (!emitted.has(fileName)) {
            emitted.add(fileName);
            this.emitFile({ type: 'asset', fileName, source });
          }
          files[lng] = `${base}${fileName}`;
        }
        return JSON.stringify(files);
      };
      // A chunk that loads a route asks for the route's part as it starts loading the route, so the
      // messages travel beside the route's code rather than after it.
      const caller = new RegExp(`([\\w$.]+)\\((?:"|')${PART_PLACEHOLDER}`).exec(code)?.[1];
      const withRoutes = caller
        ? code.replace(/\bimport\((["'`])(\.\.?\/[^"'`]+)\1\)/g, (call: string, _q: string, spec: string) => {
            const target = path.posix.join(path.posix.dirname(chunk.fileName), spec);
            const part = hasKeys(target) ? partOf(target) : 'null';
            return part === 'null' ? call : `(${caller}(${part}), ${call})`;
          })
        : code;
      const part = partOf(chunk.fileName);
      if (part !== 'null') {
        const files = Object.entries(JSON.parse(part) as Record<string, string>);
        chunkParts.set(chunk.moduleIds.join('\n'), new Map(files.map(([lng, url]) => [lng, [url.slice(base.length)]])));
        // The build's manifest lists them with the chunk: the server names the reader's language's in the page.
        for (const [, url] of files) chunk.viteMetadata?.importedAssets.add(url.slice(base.length));
      }
      return { code: withRoutes.replaceAll(JSON.stringify(PART_PLACEHOLDER), part).replaceAll(`'${PART_PLACEHOLDER}'`, part), map: null };
    },
  };
}
