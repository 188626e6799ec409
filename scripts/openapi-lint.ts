// `npm run lint:openapi`: writes the OpenAPI document the server serves to .tmp/openapi.json and
// lints it with Redocly CLI (redocly.yaml: the recommended rules). Any error or warning fails.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from './openapi-document.ts';

const root = path.resolve(import.meta.dirname, '..');
// Fixed, relative to the root: .redocly.lint-ignore.yaml names the document by this path.
const file = '.tmp/openapi.json';
mkdirSync(path.join(root, '.tmp'), { recursive: true });
writeFileSync(path.join(root, file), `${JSON.stringify(await openApiDocument(), null, 2)}\n`);

// Run by this same Node (24), whatever `node` is first on PATH.
const r = spawnSync(process.execPath, [path.join(root, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', 'redocly.yaml', '--format', 'json', '--max-problems', '10000'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  // No telemetry or update check: the lint must not need the network.
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
type Report = {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer?: string; start?: { line: number } }[] }[];
};
let report: Report;
try {
  report = JSON.parse(r.stdout) as Report;
} catch {
  console.error(`Redocly gave no report (exit ${String(r.status)}):\n${r.stdout}`);
  process.exit(1);
}
for (const p of report.problems) {
  const where = p.location[0];
  console.log(`${file}:${where?.start?.line ?? 0} ${p.severity} ${p.ruleId}: ${p.message} ${where?.pointer ?? ''}`);
}
const { errors, warnings, ignored } = report.totals;
console.log(`OpenAPI lint (Redocly, recommended rules): ${errors} errors, ${warnings} warnings${ignored ? `, ${ignored} ignored on purpose (.redocly.lint-ignore.yaml)` : ''}`);
// Redocly exits 0 on warnings; the contract is zero of either.
process.exit(r.status === 0 && errors === 0 && warnings === 0 ? 0 : 1);
