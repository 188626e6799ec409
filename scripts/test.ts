// `npm test`: lint, type-check, the OpenAPI document's lint (Redocly), unit and integration tests
// (Vitest, real PostgreSQL), then the browser tests (Playwright, installed Chromium). Each runner
// prints its own summary; the last line adds them up.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name: string) => path.join(root, 'node_modules/.bin', name);
const out = path.join(root, '.tmp');
mkdirSync(out, { recursive: true });

function run(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const only = process.argv[2];
const results: Record<string, boolean> = {};
if (!only || only === 'static') {
  results.lint = run('lint', bin('eslint'), ['.']);
  results.typecheck = run('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
  results.openapi = run('OpenAPI lint', process.execPath, [path.join(root, 'scripts/openapi-lint.ts')]);
}
if (!only || only === 'unit') {
  results.vitest = run('unit and integration tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/vitest.json`]);
}
if (!only || only === 'e2e') {
  results.playwright = run('browser tests', bin('playwright'), ['test'], { PLAYWRIGHT_JSON_OUTPUT_NAME: `${out}/playwright.json` });
}

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  if (results.vitest !== undefined) {
    const v = JSON.parse(readFileSync(`${out}/vitest.json`, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    passed += v.numPassedTests;
    failed += v.numFailedTests;
    skipped += v.numPendingTests + v.numTodoTests;
  }
  if (results.playwright !== undefined) {
    const p = JSON.parse(readFileSync(`${out}/playwright.json`, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    passed += p.stats.expected + p.stats.flaky;
    failed += p.stats.unexpected;
    skipped += p.stats.skipped;
  }
} catch (e) {
  console.error(`Could not read a test report: ${String(e)}`);
  failed += 1;
}
for (const [step, ok] of Object.entries(results)) if (!ok && (step === 'lint' || step === 'typecheck' || step === 'openapi')) failed += 1;
const allOk = Object.values(results).every(Boolean) && failed === 0;
console.log(`\n${Object.entries(results).map(([k, ok]) => `${k}: ${ok ? 'ok' : 'FAILED'}`).join(', ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(allOk ? 0 : 1);
