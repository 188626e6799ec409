// The record of a session: the therapist records yesterday's session (who attended, the summary
// for the family with a practice item linked, and a private clinical note); the Spanish-reading
// guardian, on a phone, reads the summary in Spanish with "Ver original", and the note is nowhere
// on her page, in any answer the API gave her browser, or in her email; the therapist corrects
// the Spanish translation by hand and she reads the correction, marked as the therapist's.
import type { BrowserContext } from '@playwright/test';
import { apiCall, clinicFamily, expect, fillSessionRecord, jsonAnswers, NOTE_LEAK as LEAK, PRIVATE_NOTE as NOTE, scheduleSession, SESSION_SUMMARY as SUMMARY, shiftDate, test, type ClinicFamily } from './fixtures.ts';

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const THERAPIST = { name: 'Iris Therapist', email: 'iris@record.example', password: 'harbour violet pencil 58' };
const MUM = { name: 'Carmen Parent', email: 'carmen@record.example', password: 'orange willow candle 74' };

const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);

let family: ClinicFamily;
let therapist: BrowserContext;
let mum: BrowserContext;
let childId = '';
let sessionId = '';

test.beforeAll(async ({ browser, server }) => {
  family = await clinicFamily(browser, server, {
    therapist: THERAPIST, child: { firstName: 'Leo', lastName: 'García', therapyTypes: ['speech'] }, mum: { ...MUM, viewport: { width: 390, height: 844 }, locale: 'es' },
  });
  ({ therapist, mum, childId } = family);
  // Yesterday's session, the family invited, and a practice item to link from its summary.
  const yesterday = shiftDate(family.today, -1);
  sessionId = await scheduleSession(therapist, childId, { date: yesterday, time: '10:00' });
  await call(therapist, 'POST', `/api/children/${childId}/practice`, {
    title: 'More at snack time', steps: ['Hold up the snack', 'Wait for “more”'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: yesterday,
  });
});

test.afterAll(async () => {
  await family.close();
});

test('the therapist records a past session: who attended, the family summary with practice linked, and a private note', async ({ shot }) => {
  const page = await therapist.newPage();
  const asked: string[] = [];
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card');
  await expect(card).toHaveCount(1);
  await expect(card.getByText('No summary for the family yet.')).toBeVisible();
  // The past cards' records and notes come in one read each, not one per card.
  expect(asked.filter((u) => u.endsWith('/session-records') || u.endsWith('/session-clinical-notes')).sort()).toEqual([`/api/children/${childId}/session-clinical-notes`, `/api/children/${childId}/session-records`]);
  expect(asked.filter((u) => /\/sessions\/[^/]+\/(record|clinical-note)$/.test(u))).toEqual([]);
  await card.getByRole('button', { name: 'Record this session' }).click();
  const dialog = page.getByRole('dialog', { name: /^Record: Therapy session, / });
  await dialog.getByRole('checkbox', { name: MUM.name }).check();
  await dialog.getByRole('checkbox', { name: THERAPIST.name }).check();
  await fillSessionRecord(dialog);
  await dialog.getByRole('combobox', { name: 'Practice to do this week' }).click();
  await page.getByRole('option', { name: 'More at snack time' }).click();
  await expect(dialog.getByText('Only the team’s clinicians can read this.', { exact: false })).toBeVisible();
  await dialog.getByRole('heading', { name: /^Record: / }).click(); // closes the picker's list
  await shot(page, 'session-record-form');
  await dialog.getByRole('button', { name: 'Save the record' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Session recorded. The family can now read the summary.')).toBeVisible();

  const summary = card.getByTestId('session-summary');
  await expect(summary).toContainText(SUMMARY.workedOn);
  await expect(summary.getByRole('link', { name: 'More at snack time' })).toBeVisible();
  await expect(card.getByText(`Attended: ${MUM.name} and ${THERAPIST.name}`)).toBeVisible();
  const privateNote = card.getByTestId('session-private-note');
  await expect(privateNote).toContainText(NOTE);
  await expect(privateNote).toContainText('Private');
  await shot(page, 'session-record-therapist');
  await page.close();
});

test('the Spanish-speaking guardian reads the summary in Spanish with the original at hand, and never the note', async ({ shot, server }) => {
  const phone = await mum.newPage();
  const answers = jsonAnswers(phone);
  await phone.goto(`/children/${childId}/sessions`);
  const summary = phone.getByTestId('session-summary');
  await expect(summary.getByRole('heading', { name: 'Qué pasó en esta sesión' })).toBeVisible();
  await expect(summary).toContainText('En qué trabajamos');
  await expect(summary).toContainText('Pedir ayuda con dos palabras durante el juego.');
  await expect(summary).toContainText('Esperó su turno tres veces.');
  await expect(summary).toContainText('Pedir más a la hora de la merienda, todos los días.');
  await expect(summary).toContainText('Traducido automáticamente');
  await expect(summary.locator('dl')).toHaveAttribute('lang', 'es');
  // The practice it links to is named in Spanish too, as on the practice page.
  await expect(summary.getByRole('link', { name: 'Más a la hora de la merienda' })).toBeVisible();
  await expect(phone.getByTestId('session-private-note')).toHaveCount(0);
  await expect(phone.getByRole('button', { name: 'Registrar esta sesión' })).toHaveCount(0);
  await shot(phone, 'session-record-guardian-es');

  await summary.getByRole('button', { name: 'Ver original' }).click();
  await expect(summary).toContainText(SUMMARY.workedOn);
  await expect(summary).toContainText('Original en inglés');
  await expect(summary.locator('dl')).toHaveAttribute('lang', 'en');
  await summary.getByRole('button', { name: 'Ver traducción' }).click();
  await expect(summary).toContainText('Esperó su turno tres veces.');

  // Nowhere on her page, in any answer the API gave her browser, or in a direct ask for it.
  expect(await phone.locator('body').innerText()).not.toMatch(LEAK);
  const answered = await answers();
  expect(answered.some((b) => b.includes('Esperó su turno tres veces.'))).toBe(true);
  for (const body of answered) expect(body).not.toMatch(LEAK);
  const direct = await mum.request.get(`/api/children/${childId}/sessions/${sessionId}/clinical-note`);
  expect(direct.status()).toBe(404);
  expect(await direct.text()).not.toMatch(LEAK);

  // She was told by email that a summary is there: no words of it, and none of the note.
  const SUMMARY_MAIL = 'Hay un resumen de una sesión listo para usted en CareTeam.';
  await expect.poll(() => server.mailbox.mails.some((m) => m.to === MUM.email && m.text.includes(SUMMARY_MAIL)), { timeout: 20_000 }).toBe(true);
  const told = server.mailbox.mails.filter((m) => m.to === MUM.email);
  expect(told.length).toBeGreaterThan(0);
  for (const m of told) {
    expect(`${m.subject} ${m.text} ${m.html}`).not.toMatch(LEAK);
    expect(`${m.subject} ${m.text} ${m.html}`).not.toMatch(/snack|merienda|turno/i);
  }
  await phone.close();
});

test('the therapist corrects the Spanish translation by hand, and the guardian reads it marked as the therapist’s', async ({ shot }) => {
  const CORRECTED = 'Esperó su turno tres veces seguidas.';
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card');
  await card.getByTestId('session-summary').getByRole('button', { name: 'Translations' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Language').selectOption('es');
  const wentWell = dialog.getByRole('textbox', { name: 'What went well · Translation' });
  await expect(wentWell).toHaveValue('Esperó su turno tres veces.');
  await wentWell.fill(CORRECTED);
  await shot(page, 'session-record-translation-editor');
  await dialog.getByRole('button', { name: 'Save translation' }).click();
  await expect(page.getByText('Translation saved.', { exact: false })).toBeVisible();
  await page.close();

  const phone = await mum.newPage();
  await phone.goto(`/children/${childId}/sessions`);
  const summary = phone.getByTestId('session-summary');
  await expect(summary).toContainText(CORRECTED);
  await expect(summary).toContainText(`Traducido por ${THERAPIST.name}`);
  await expect(summary.getByRole('button', { name: 'Translations' })).toHaveCount(0);
  await shot(phone, 'session-record-guardian-es-corrected');
  await phone.close();
});
