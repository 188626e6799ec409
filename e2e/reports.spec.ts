// Progress reports, walked in a real browser on the demo clinic: the therapist of its fullest
// child asks for a report from the plan, downloads it in English and then (with the app in
// Spanish) in Spanish; the PDF's text holds the child, every goal and its trend sentence in that
// language, and its pages are turned into pictures to be looked at. A printed child page is a
// clean sheet: whose record, from which clinic, on which day, and no buttons.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { DEMO_PASSWORD, loadDemo } from '../scripts/demo.ts';
import { trendSentence } from '../src/contract/trend-sentence.ts';
import { loadAuditKey, useAuditKey } from '../src/server/access/audit.ts';
import { loadConfig } from '../src/server/config.ts';
import { mailText } from '../src/server/mail/templates.ts';
import { apiCall, expect, test } from './fixtures.ts';

test.use({ freshServer: 'reports' });
test.describe.configure({ mode: 'serial' });

const SAM = 'sam.rivera@sunrise.example';
type Goal = { statement: string; status: string; trend: { kind: 'improving' | 'no_data'; params: Record<string, number> }; lowerIsBetter: boolean };

let sam: BrowserContext;
let leoId = '';

test.beforeAll(async ({ browser, server }) => {
  // The demo clinic, loaded into this server's own database as `npm run demo` does.
  const config = loadConfig({ ...process.env, DATABASE_URL: '', DATA_DIR: server.dataDir, PUBLIC_URL: server.url });
  useAuditKey(await loadAuditKey(config));
  const log = console.log;
  console.log = () => undefined;
  try {
    await loadDemo(config, server.url);
  } finally {
    console.log = log;
  }
  sam = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  await apiCall(sam.request, 'POST', '/api/auth/login', { email: SAM, password: DEMO_PASSWORD });
  const children = await apiCall<{ children: { id: string; firstName: string }[] }>(sam.request, 'GET', '/api/children');
  leoId = children.children.find((c) => c.firstName === 'Leo')?.id ?? '';
  expect(leoId).not.toBe('');
});

test.afterAll(async () => {
  await sam.close();
});

/** The PDF's text (line breaks as spaces), and its pages as PNGs in screenshots/ to be looked at. */
function readPdf(file: string, name: string): string {
  mkdirSync('screenshots', { recursive: true });
  for (const f of readdirSync('screenshots')) if (f.startsWith(`${name}-`)) rmSync(`screenshots/${f}`);
  execFileSync('pdftoppm', ['-png', '-r', '60', file, `screenshots/${name}`]);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, ' ');
}

async function makeReport(page: Page, labels: { action: string; dialog: RegExp; language: string; closing: string; create: string; ready: string; download: string }, o: { locale: string; closing: string; shot: (page: Page, name: string) => Promise<void>; name: string }) {
  await page.goto(`/children/${leoId}/plan`);
  await page.getByRole('button', { name: labels.action }).click();
  const dialog = page.getByRole('dialog', { name: labels.dialog });
  await expect(dialog).toBeVisible();
  // Every goal of the plan is offered and ticked; the period is the last three months.
  const boxes = dialog.getByRole('checkbox');
  expect(await boxes.count()).toBeGreaterThan(1);
  for (const box of await boxes.all()) await expect(box).toBeChecked();
  await o.shot(page, `${o.name}-form`);
  await dialog.getByLabel(labels.language).selectOption(o.locale);
  await dialog.getByLabel(labels.closing).fill(o.closing);
  await dialog.getByRole('button', { name: labels.create }).click();
  await expect(dialog.getByText(labels.ready)).toBeVisible();
  await o.shot(page, `${o.name}-ready`);
  const download = page.waitForEvent('download');
  await dialog.getByRole('link', { name: labels.download }).click();
  const file = await (await download).path();
  return readPdf(file, `${o.name}-pdf`);
}

const LETTERHEAD = '12 Harbour Road, Springfield · 555 0100';

test('the clinic admin writes the letterhead that heads every report', async ({ browser, server, shot }) => {
  const admin = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
  await apiCall(admin.request, 'POST', '/api/auth/login', { email: 'admin@sunrise.example', password: DEMO_PASSWORD });
  const page = await admin.newPage();
  await page.goto('/admin/settings');
  await page.getByLabel('Letterhead for reports').fill(LETTERHEAD);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Clinic settings saved.')).toBeVisible();
  await shot(page, 'reports-letterhead-en');
  await apiCall(admin.request, 'PATCH', '/api/me', { locale: 'es' });
  await page.reload();
  await expect(page.getByLabel('Membrete de los informes')).toHaveValue(LETTERHEAD);
  await shot(page, 'reports-letterhead-es');
  await admin.close();
});

test('the therapist downloads the fullest demo child’s progress report in English and in Spanish', async ({ shot }) => {
  const page = await sam.newPage();
  const goals = (await apiCall<{ goals: Goal[] }>(sam.request, 'GET', `/api/children/${leoId}/goals`)).goals.filter((g) => g.status !== 'suggested');
  expect(goals.length).toBeGreaterThan(1);

  const walks = [
    {
      step: 'in English', locale: 'en' as const, noData: 'No measurements in this period.', page: /Page 1 of \d+/, title: 'Progress report', closing: 'Leo has made a great start this term.',
      labels: { action: 'Progress report', dialog: /Progress report for Leo/, language: 'Language of the report', closing: 'Closing words (optional)', create: 'Create the PDF', ready: 'Your report is ready.', download: 'Download the PDF' },
    },
    {
      step: 'in Spanish, with the app in Spanish', locale: 'es' as const, noData: 'No hay mediciones en este periodo.', page: /Página 1 de \d+/, title: 'Informe de progreso', closing: 'Leo ha empezado muy bien este trimestre.',
      labels: { action: 'Informe de progreso', dialog: /Informe de progreso de Leo/, language: 'Idioma del informe', closing: 'Palabras de cierre (opcional)', create: 'Crear el PDF', ready: 'Su informe está listo.', download: 'Descargar el PDF' },
    },
  ];
  for (const w of walks) {
    await test.step(w.step, async () => {
      await apiCall(sam.request, 'PATCH', '/api/me', { locale: w.locale });
      const text = await makeReport(page, w.labels, { locale: w.locale, closing: w.closing, shot, name: `reports-${w.locale}` });
      expect(text).toContain('Leo Martínez');
      expect(text).toContain('Sunrise Children');
      expect(text).toContain(LETTERHEAD);
      expect(text).toContain(w.title);
      for (const g of goals) expect(text).toContain(g.statement);
      // Each goal's trend sentence; a goal without measurements says there were none in the period.
      for (const g of goals) expect(text).toContain(g.trend.kind === 'no_data' ? w.noData : trendSentence(g, mailText(w.locale)));
      expect(text).toMatch(w.page);
      expect(text).toContain(w.closing);
    });
  }
  await apiCall(sam.request, 'PATCH', '/api/me', { locale: 'en' });
});

test('a printed child page is a clean sheet: the child, the clinic and the date, no navigation or buttons', async () => {
  const page = await sam.newPage();
  await page.goto(`/children/${leoId}/plan`);
  await expect(page.getByRole('button', { name: 'Progress report' })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  const header = page.getByTestId('child-print-header');
  await expect(header).toBeVisible();
  await expect(header).toContainText('Leo Martínez');
  await expect(header).toContainText('Sunrise Children');
  await expect(page.getByRole('button', { name: 'Progress report' })).toBeHidden();
  await expect(page.getByRole('navigation').first()).toBeHidden();
  const buttons = page.locator('button:visible, a.mantine-Button-root:visible, [role="tab"]:visible');
  expect(await buttons.count()).toBe(0);
  await page.screenshot({ path: 'screenshots/reports-print-plan.png', fullPage: true });
  await page.goto(`/children/${leoId}`);
  await expect(header).toBeVisible();
  await expect(page.getByText('About Leo')).toBeVisible();
  expect(await buttons.count()).toBe(0);
  await page.screenshot({ path: 'screenshots/reports-print-overview.png', fullPage: true });
});
