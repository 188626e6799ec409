import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

// An installed Chromium: CHROME_PATH, else Debian's, else Playwright's own cache.
const executablePath = process.env.CHROME_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: 'e2e',
  // Two specs at a time, each worker with its own server and database: a walk spends much of its
  // time waiting on the server and the browser, so two share the cores better than one.
  workers: 2,
  fullyParallel: false,
  // The walks are long (a whole family joining, a plan agreed step by step); a slow shared machine must not fail them.
  timeout: 300_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json']],
  forbidOnly: Boolean(process.env.CI),
  // One retry, so a walk that stumbles once on a busy machine is reported as flaky (in the summary) rather than failing the run.
  retries: 1,
  use: {
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
