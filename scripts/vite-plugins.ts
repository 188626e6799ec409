// Build-time helpers for the web app: Mantine's CSS per component, precompressed files, and the
// first-load size every page pays before it can draw.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

// ---- Mantine CSS, only for the components a module uses --------------------------------------

const MANTINE_IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"]@mantine\/core['"]/g;
const RELATIVE_IMPORT = /(?:import|export)\s*(?:[^'"]*?\s*from\s*)?["'](\.{1,2}\/[^"']+\.mjs)["']/g;

/** For each export of @mantine/core, the layered CSS files its code reaches, in Mantine's own order. */
function mantineStyleIndex(): Map<string, string[]> {
  const require = createRequire(import.meta.url);
  const coreDir = path.dirname(require.resolve('@mantine/core/styles.css'));
  const esm = path.join(coreDir, 'esm');
  const bundle = readFileSync(path.join(coreDir, 'styles.css'), 'utf8');

  const exportFile = new Map<string, string>();
  const index = readFileSync(path.join(esm, 'index.mjs'), 'utf8');
  for (const m of index.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(\.\/[^"]+\.mjs)"/g)) {
    for (const name of (m[1] ?? '').split(',')) {
      const local = name.trim().split(/\s+as\s+/).pop();
      if (local && m[2]) exportFile.set(local, path.join(esm, m[2]));
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
  for (const [name, file] of exportFile) {
    const modules = [...reach(file)].filter((f) => f.endsWith('.module.mjs'));
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
      const styles = new Set<string>();
      for (const m of code.matchAll(MANTINE_IMPORT)) {
        for (const raw of (m[1] ?? '').split(',')) {
          const name = raw.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0];
          if (!name || raw.trim().startsWith('type ')) continue;
          for (const css of index.get(name) ?? []) styles.add(css);
        }
      }
      if (styles.size === 0) return null;
      return { code: [...styles].map((s) => `import '${s}';`).join('\n') + '\n' + code, map: null };
    },
  };
}

// ---- Precompressed files and the first-load size ---------------------------------------------

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt|xml)$/;

export const FIRST_LOAD_REPORT = 'dist/web-first-load.json';
export const FIRST_LOAD_BUDGET_BYTES = 170 * 1024;

export interface FirstLoadReport {
  budgetBytes: number;
  /** index.html's entry, its static imports and their CSS, brotli-compressed. */
  shellBytes: number;
  /** The shell plus each page's own chunks (a lazily loaded route and what it imports statically). */
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
  /** Lazily loaded chunks of which a first load always fetches one (the active language's catalogue). */
  oneOf?: RegExp;
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
      const bytes = (files: Set<string>) => [...files].reduce((sum, f) => sum + (brotliSize.get(f) ?? 0), 0);

      const entries = [...chunks].filter(([, c]) => c.isEntry).map(([f]) => f);
      const shell = closure(entries);
      const lazy = new Set([...shell].flatMap((f) => chunks.get(f)?.dynamicImports ?? []));
      const oneOf = [...lazy].filter((f) => opts.oneOf?.test(chunks.get(f)?.name ?? ''));
      const heaviest = oneOf.sort((a, b) => bytes(closure([b])) - bytes(closure([a])))[0];
      if (heaviest) closure([heaviest], shell);
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
        if (!chunk || oneOf.includes(file)) continue;
        const parent = parentOf(chunk.name);
        const page = closure(parent ? [file, parent] : [file], new Set(shell));
        pages[chunk.name] = bytes(page);
        if ((pages[chunk.name] ?? 0) > (pages[maxPage] ?? 0)) maxPage = chunk.name;
      }
      const report: FirstLoadReport = {
        budgetBytes: FIRST_LOAD_BUDGET_BYTES,
        shellBytes: bytes(shell),
        pages,
        maxBytes: pages[maxPage] ?? 0,
        maxPage,
        requests: [...shell].length,
      };
      writeFileSync(path.join(outDir, '..', path.basename(FIRST_LOAD_REPORT)), JSON.stringify(report, null, 2));
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const verdict = report.maxBytes <= FIRST_LOAD_BUDGET_BYTES ? 'within' : 'OVER';
      logger?.info(
        `first load (brotli, JS+CSS): shell ${kb(report.shellBytes)} in ${report.requests} files; heaviest page ${maxPage} ${kb(report.maxBytes)} — ${verdict} the ${kb(FIRST_LOAD_BUDGET_BYTES)} budget`,
      );
    },
  };
}

// ---- The catalogue the browser gets ----------------------------------------------------------

/** Leaves out of each language's catalogue the sections only the server reads (mail texts). */
export function webCatalogue(opts: { serverOnly: string[] }): Plugin {
  return {
    name: 'careteam:web-catalogue',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/]locales[\\/][a-z-]+\.json$/i.test(id)) return null;
      const catalogue = JSON.parse(code) as Record<string, unknown>;
      for (const section of opts.serverOnly) delete catalogue[section];
      return { code: JSON.stringify(catalogue), map: null };
    },
  };
}
