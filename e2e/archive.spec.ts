// The family's archive, walked in a real browser on the demo clinic: Leo's dad, on his phone, asks
// for the archive from Leo's plan; the mail arrives (naming no child); its link, opened signed in,
// downloads a ZIP once; the second click says the link has been used, and the other home's parent
// finds the link does not work for her. The clinic's admin finds the clinic export in Settings.
import { readFile } from 'node:fs/promises';
import type { BrowserContext } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { DEMO_PASSWORD, loadDemo } from '../scripts/demo.ts';
import { loadAuditKey, useAuditKey } from '../src/server/access/audit.ts';
import { loadConfig } from '../src/server/config.ts';
import { apiCall, expect, Mailbox, test } from './fixtures.ts';

test.use({ freshServer: 'archive' });
test.describe.configure({ mode: 'serial' });

const DIEGO = 'diego.martinez@family.example';
const LAURA = 'laura.bennett@family.example';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let diego: BrowserContext;
let leoId = '';
let link = '';

test.beforeAll(async ({ browser, server }) => {
  const config = loadConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: server.dataDir, PUBLIC_URL: server.url });
  useAuditKey(await loadAuditKey(config));
  const log = console.log;
  console.log = () => undefined;
  try {
    await loadDemo(config, server.url);
  } finally {
    console.log = log;
  }
  diego = await browser.newContext({ baseURL: server.url, acceptDownloads: true, ...PHONE });
  await apiCall(diego.request, 'POST', '/api/auth/login', { email: DIEGO, password: DEMO_PASSWORD });
  const children = await apiCall<{ children: { id: string; firstName: string }[] }>(diego.request, 'GET', '/api/children');
  leoId = children.children.find((c) => c.firstName === 'Leo')?.id ?? '';
  expect(leoId).not.toBe('');
});

test.afterAll(async () => {
  await diego.close();
});

test('a parent on a phone asks for the archive from the plan, and the mail brings a link that names no child', async ({ server, shot }) => {
  const page = await diego.newPage();
  await page.goto(`/children/${leoId}/plan`);
  const card = page.getByRole('region', { name: 'Your copy of Leo’s record' });
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Ask for the archive' }).click();
  // Built by a job; the card says when the mail has gone.
  await expect(card.getByText(/The archive is ready: we emailed you a link/)).toBeVisible({ timeout: 30_000 });
  await shot(page, 'archive-card');
  const mail = await server.mailbox.waitFor(DIEGO, /Your CareTeam archive is ready/);
  expect(`${mail.subject} ${mail.text}`).not.toMatch(/\bLeo\b/);
  expect(mail.text).toContain('works once and expires in 24 hours');
  link = Mailbox.link(mail, '/archive/');
  await page.close();
});

test('the link downloads the ZIP once; the second click says it has been used', async ({ shot }) => {
  const page = await diego.newPage();
  await page.goto(link);
  await expect(page.getByText('Your copy of the child’s record is ready.')).toBeVisible();
  await expect(page.getByText(/This link works once/)).toBeVisible();
  await shot(page, 'archive-link');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the ZIP' }).click();
  const file = await (await download).path();
  const zip = unzipSync(new Uint8Array(await readFile(file)));
  expect(strFromU8(zip['README.txt'] ?? new Uint8Array())).toContain('Made for: Diego Martínez');
  expect((JSON.parse(strFromU8(zip['goals.json'] ?? new Uint8Array())) as unknown[]).length).toBeGreaterThan(0);
  expect(Object.keys(zip).some((n) => n.startsWith('files/'))).toBe(true);
  await expect(page.getByText(/The download has started/)).toBeVisible();

  // The second click: the same link again.
  await page.goto(link);
  await expect(page.getByRole('alert').filter({ hasText: 'This link has been used' })).toBeVisible();
  await shot(page, 'archive-used');
  await page.close();
});

test('the link does not work for anyone else, even on the same child’s team', async ({ browser, server }) => {
  const laura = await browser.newContext({ baseURL: server.url, ...PHONE });
  await apiCall(laura.request, 'POST', '/api/auth/login', { email: LAURA, password: DEMO_PASSWORD });
  const page = await laura.newPage();
  await page.goto(link);
  await expect(page.getByRole('alert').filter({ hasText: 'This link doesn’t work' })).toBeVisible();
  await laura.close();
});

test('the clinic admin finds the clinic export in Settings', async ({ browser, server, shot }) => {
  const admin = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  await apiCall(admin.request, 'POST', '/api/auth/login', { email: 'admin@sunrise.example', password: DEMO_PASSWORD });
  const page = await admin.newPage();
  await page.goto('/admin/settings');
  const card = page.getByRole('region', { name: 'Clinic export' });
  await card.getByRole('button', { name: 'Export the clinic’s data' }).click();
  await expect(card.getByText(/The export is ready: we emailed you a link/)).toBeVisible({ timeout: 60_000 });
  await shot(page, 'archive-admin');
  const mail = await server.mailbox.waitFor('admin@sunrise.example', /clinic export is ready/);
  expect(Mailbox.link(mail, '/archive/')).toContain('/archive/');
  await admin.close();
});
