// The OpenAPI document as the server serves it, built without a database or a listening socket:
// the lint (`npm run lint:openapi`) and the generated-client test read it from here.
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';
import { createDb, createPool } from '../src/server/db/database.ts';
import type { Deps } from '../src/server/deps.ts';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  // Nothing is queried while routes are registered, so the pool never connects.
  const pool = createPool('postgres://careteam@127.0.0.1:1/careteam', 1);
  const deps: Deps = {
    config: loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'http://localhost:3000' }),
    db: createDb(pool),
    clock: () => new Date(),
    jobs: { send: async () => {}, stop: async () => {} },
    realtime: { subscribe: () => () => {}, endAll: () => {}, size: () => 0, onAccessChange: () => () => {}, hearsAccessChanges: () => false, accessBarrier: async () => {}, caughtUp: async () => false, stop: async () => {} },
  };
  const app = await buildApp(deps);
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await pool.end();
  }
}
