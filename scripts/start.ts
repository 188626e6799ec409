// `npm start`: builds the web app if it has not been built yet, then starts CareTeam.
// `npm run demo` (or `npm start -- --demo`) also loads the demo clinic and prints its logins: in a
// folder of its own (data-demo/), made afresh at each start, unless DATA_DIR or DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/server/config.ts';
import { startServer } from '../src/server/main.ts';

const root = path.resolve(import.meta.dirname, '..');
if (!existsSync(path.join(root, 'dist/web/index.html'))) {
  console.log('Building the web app (first start only)…');
  const vite = path.join(root, 'node_modules/vite/bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const demo = process.argv.includes('--demo') ? await import('./demo-folder.ts') : null;
const setting = demo ? demo.demoEnvironment(process.env) : { env: process.env, ownFolder: false };
try {
  const config = loadConfig(setting.env);
  if (demo) await demo.prepareDemoFolder(config, setting.ownFolder);
  const server = await startServer(config);
  if (demo) {
    const { loadDemo } = await import('./demo.ts');
    await loadDemo(config, server.url, server.databaseUrl);
  }
  console.log(`CareTeam is running at ${server.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log('CareTeam is stopping…');
      void server.stop().then(() => process.exit(0));
    });
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
