// Sessions in the calendars people already use: the guardian (on a phone, in Spanish) downloads one
// session's .ics and it parses back as that session; the therapist makes their private calendar
// address, copies it, and resets it (asked first), after which the old address answers 404; the
// guardian chooses their session reminder times on the account page.
import { readFile } from 'node:fs/promises';
import type { BrowserContext } from '@playwright/test';
import ICAL from 'ical.js';
import { apiCall, clinicFamily, expect, scheduleSession, shiftDate, test, type ClinicFamily } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Iris Therapist', email: 'iris@calendar.example', password: 'amber kettle morning 58' };
const MUM = { name: 'Elena Parent', email: 'elena@calendar.example', password: 'quiet river pebble 17' };

const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);

let family: ClinicFamily;
let therapist: BrowserContext;
let mum: BrowserContext;
let childId = '';
let sessionId = '';

/** The events of an iCalendar text, read by ical.js. */
function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return { uid: e.uid, sequence: e.sequence, summary: e.summary, location: e.location, start: e.startDate.toJSDate().toISOString(), status: v.getFirstPropertyValue('status') };
  });
}

test.beforeAll(async ({ browser, server }) => {
  family = await clinicFamily(browser, server, {
    therapist: THERAPIST, child: { firstName: 'Nico', lastName: 'Ruiz', therapyTypes: ['occupational'] }, mum: { ...MUM, viewport: { width: 390, height: 844 }, locale: 'es' },
  });
  ({ therapist, mum, childId } = family);
  sessionId = await scheduleSession(therapist, childId, { placeNote: 'Sala 3', date: shiftDate(family.today, 5), time: '10:00' });
});

test.afterAll(async () => {
  await family.close();
});

test('the guardian downloads one session as an .ics file that a calendar reads as that session', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  const link = card.getByRole('link', { name: /^Descargar archivo de calendario: Sesión de terapia/ });
  await expect(link).toHaveText('Descargar .ics');
  await shot(page, 'session-calendar-download-guardian-es');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toBe('session.ics');
  const text = await readFile(await download.path(), 'utf8');
  expect(events(text)).toEqual([expect.objectContaining({ uid: `session-${sessionId}@careteam`, sequence: 1, summary: 'Nico: Sesión de terapia', location: 'En la clínica', status: 'CONFIRMED' })]);
  expect(text).not.toContain('Sala 3');
  expect(text).not.toContain('Ruiz');
  await page.close();
});

test('the therapist makes a private calendar address, copies it, and resets it; the old one stops working', async ({ shot, playwright, server }) => {
  await therapist.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const feed = page.getByTestId('calendar-feed');
  await expect(feed.getByRole('heading', { name: 'Add to your calendar' })).toBeVisible();
  await feed.getByRole('button', { name: 'Get my calendar address' }).click();
  const address = feed.getByLabel('Your private calendar address');
  await expect(address).toHaveValue(/\/api\/calendar\/[\w-]{43}\.ics$/);
  const url = await address.inputValue();
  await feed.getByRole('button', { name: 'Copy address' }).click();
  await expect(feed.getByRole('button', { name: 'Address copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  await shot(page, 'session-calendar-feed-therapist');

  // A calendar app reads it with no session at all.
  const app = await playwright.request.newContext();
  const read = await app.get(url);
  expect(read.status()).toBe(200);
  expect(events(await read.text())).toEqual([expect.objectContaining({ uid: `session-${sessionId}@careteam`, summary: 'Nico: Therapy session' })]);

  await feed.getByRole('button', { name: 'Reset address' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reset your calendar address?' });
  await expect(dialog).toContainText('The old address stops working at once.');
  await shot(page, 'session-calendar-feed-reset');
  await dialog.getByRole('button', { name: 'Reset address' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Your calendar address was reset. The old one no longer works.')).toBeVisible();
  await expect(address).not.toHaveValue(url);
  const fresh = await address.inputValue();
  expect((await app.get(url)).status()).toBe(404);
  expect((await app.get(fresh)).status()).toBe(200);
  await app.dispose();
  await page.close();
});

test('the guardian chooses when to be reminded of sessions, in Spanish', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto('/account');
  const section = page.locator('#session-reminders');
  await expect(section.getByRole('heading', { name: 'Recordatorios de sesiones' })).toBeVisible();
  await expect(section.getByRole('checkbox', { name: '1 día antes' })).toBeChecked();
  await expect(section.getByRole('checkbox', { name: '1 hora antes' })).toBeChecked();
  await section.getByRole('checkbox', { name: '1 hora antes' }).uncheck();
  await section.getByRole('checkbox', { name: '30 minutos antes' }).check();
  await section.getByRole('checkbox', { name: '2 días antes' }).check();
  await section.getByRole('checkbox', { name: '15 minutos antes' }).check();
  await expect(section.getByText('Elija hasta tres momentos.')).toBeVisible();
  await section.getByRole('checkbox', { name: '15 minutos antes' }).uncheck();
  await section.getByRole('button', { name: 'Guardar recordatorios' }).click();
  await expect(page.getByText('Sus recordatorios de sesiones están guardados.')).toBeVisible();
  await shot(page, 'session-calendar-reminders-guardian-es');
  expect((await call(mum, 'GET', '/api/me/session-reminders')).leads).toEqual([2880, 1440, 30]);
  await page.close();
});
