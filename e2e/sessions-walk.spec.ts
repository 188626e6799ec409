// The whole story of a child's sessions, in order, on a server whose clock the test moves: the
// therapist schedules a weekly session with the parents invited; the mother (at home, in the
// clinic's zone) can't make it and suggests two times; the father (a second household, in Spanish,
// on a phone, in New York) suggests one on his own clock; the therapist accepts the time that suits
// both; the reminders come the day before and one hour before, each on the guardian's own clock;
// after the session the therapist records who attended, the family summary and a private note; the
// father reads the summary in Spanish and can reach the note nowhere; then a parent group is
// published, the father answers yes with an interpreter request, and the organiser counts it.
import type { BrowserContext, Page } from '@playwright/test';
import { apiCall, clinicFamily, expect, fillSessionRecord, jsonAnswers, moveClock, NOTE_LEAK as LEAK, PRIVATE_NOTE as NOTE, SESSION_SUMMARY as SUMMARY, shiftDate as shift, test, type ClinicFamily, type Person, type Server } from './fixtures.ts';

test.use({ testClock: true });
test.describe.configure({ mode: 'serial', timeout: 120_000 });

const THERAPIST = { name: 'Rosa Walker', email: 'rosa@walk.example', password: 'maple harbour lantern 62' };
const MUM = { name: 'Laura Parent', email: 'laura@walk.example', password: 'silver meadow ribbon 23' };
const DAD = { name: 'Diego Parent', email: 'diego@walk.example', password: 'amber harbour window 57' };
const HOUR = 3_600_000;

const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);
/** After the clock jumps past the idle timeout, a person signs in again. */
const signIn = (ctx: BrowserContext, who: Person) => call(ctx, 'POST', '/api/auth/login', { email: who.email, password: who.password });
/** The session reminders mailed to this person so far. */
const reminders = (server: Server, who: Person, opening: string) => server.mailbox.mails.filter((m) => m.to === who.email && m.text.includes(opening));

let family: ClinicFamily;
let therapist: BrowserContext;
let mum: BrowserContext;
let dad: BrowserContext;
let childId = '';
let today = '';
/** The moved session: its id and its start (UTC). */
let sessionId = '';
let startsAt = 0;

test.beforeAll(async ({ browser, server }) => {
  // The father lives in another home, in another zone: a second household.
  const f = await clinicFamily(browser, server, {
    therapist: THERAPIST, child: { firstName: 'Maya', lastName: 'López', therapyTypes: ['speech'] },
    mum: { ...MUM, household: 'Home' }, dad: { ...DAD, household: 'Papá', viewport: { width: 390, height: 844 }, locale: 'es', timeZone: 'America/New_York' },
  });
  expect(f.zone).toBe('America/Chicago');
  ({ therapist, mum, dad, childId, today } = f);
  family = f;
});

test.afterAll(async () => {
  await family.close();
});

test('1. the therapist schedules a weekly session with the parents invited', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  await page.getByRole('button', { name: 'Schedule a session' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Schedule a session for Maya' });
  await dialog.getByLabel('Date').fill(shift(today, 7));
  await dialog.getByLabel('Start time').fill('16:00');
  await dialog.getByLabel('Length (minutes)').fill('45');
  await dialog.getByLabel('Note about the place').fill('Room 2');
  await dialog.getByLabel('Repeat every week').check();
  await dialog.getByLabel('Last date').fill(shift(today, 28));
  await expect(dialog.getByLabel('Invite Maya’s family')).toBeChecked();
  // The father's household sees only what he is invited to by name.
  await dialog.getByRole('checkbox', { name: new RegExp(DAD.name) }).check();
  await shot(page, 'walk-1-schedule-form');
  await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('4 sessions scheduled')).toBeVisible();
  await expect(page.getByTestId('session-card')).toHaveCount(4);
  await expect(page.getByTestId('session-card').first()).toContainText('Weekly');
  await shot(page, 'walk-1-scheduled-therapist');
  await page.close();
});

test('2. the mother can’t make it and suggests two times', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  await expect(card).toContainText('4:00 PM');
  await card.getByRole('button', { name: /^Suggest other times for/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Suggest other times: Therapy session/ });
  await expect(dialog).toContainText('Times are in America/Chicago.');
  const first = dialog.getByRole('group', { name: 'Time 1' });
  await first.getByLabel('Date').fill(shift(today, 8));
  await first.getByLabel('Start time').fill('10:00');
  await dialog.getByRole('button', { name: 'Add another time' }).click();
  const second = dialog.getByRole('group', { name: 'Time 2' });
  await second.getByLabel('Date').fill(shift(today, 9));
  await second.getByLabel('Start time').fill('17:00');
  await shot(page, 'walk-2-suggest-mother');
  await dialog.getByRole('button', { name: 'Send these times' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText('You asked to move this session to')).toBeVisible();
  await shot(page, 'walk-2-asked-mother');
  await page.close();
});

test('3. the father, in New York and in Spanish on a phone, suggests one time on his own clock', async ({ shot }) => {
  const page = await dad.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  // 16:00 in Chicago is 17:00 on his clock.
  await expect(card).toContainText('17:00');
  await card.getByRole('button', { name: /^Proponer otras horas para/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Proponer otras horas: Sesión de terapia/ });
  await expect(dialog).toContainText('America/New_York');
  const first = dialog.getByRole('group', { name: 'Hora 1' });
  await first.getByLabel('Fecha').fill(shift(today, 9));
  // 18:00 in New York: the mother's 17:00 in Chicago.
  await first.getByLabel('Hora de inicio').fill('18:00');
  await shot(page, 'walk-3-suggest-father-es');
  await dialog.getByRole('button', { name: 'Enviar estas horas' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText('Usted pidió cambiar esta sesión a')).toBeVisible();
  await expect(card).not.toContainText('Laura');
  await shot(page, 'walk-3-asked-father-es');
  await page.close();
});

test('4. the therapist accepts the time that suits both households', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  const requests = card.getByRole('region', { name: '2 requests to move this session' });
  await expect(requests.getByTestId('session-move-request')).toHaveCount(2);
  const shared = requests.getByTestId('session-move-shared');
  await expect(shared).toContainText('Suits both households');
  await expect(shared).toContainText('5:00');
  await expect(shared).not.toContainText('10:00');
  await shot(page, 'walk-4-requests-therapist');
  await shared.getByRole('button', { name: /^Accept / }).click();
  await expect(page.getByText('The session is moved. Everyone invited has been told.')).toBeVisible();
  await expect(card).toContainText('5:00 PM');
  await shot(page, 'walk-4-accepted-therapist');
  await page.close();

  const { sessions } = await call<{ sessions: { id: string; startsAt: string; localStart: string }[] }>(therapist, 'GET', `/api/children/${childId}/sessions?from=${new Date().toISOString()}&to=${new Date(Date.now() + 30 * 24 * HOUR).toISOString()}`);
  const moved = sessions.find((s) => s.localStart === `${shift(today, 9)}T17:00`);
  expect(moved).toBeDefined();
  sessionId = moved?.id ?? '';
  startsAt = Date.parse(moved?.startsAt ?? '');
});

test('5. the reminders come the day before and one hour before, each on the guardian’s own clock', async ({ server }) => {
  const EN = 'A reminder: Therapy session starts';
  const ES = 'Un recordatorio: Sesión de terapia empieza';
  // A minute before the day-before moment: nothing is due yet (the sweep has run, notifications are written in it).
  await moveClock(server, new Date(startsAt - 24 * HOUR - 60_000));
  await signIn(mum, MUM);
  expect(JSON.stringify(await call(mum, 'GET', '/api/notifications'))).not.toContain('session_reminder');

  await moveClock(server, new Date(startsAt - 24 * HOUR + 60_000));
  expect(JSON.stringify(await call(mum, 'GET', '/api/notifications'))).toContain('session_reminder');
  await expect.poll(() => reminders(server, MUM, EN).length, { timeout: 20_000 }).toBe(1);
  await expect.poll(() => reminders(server, DAD, ES).length, { timeout: 20_000 }).toBe(1);
  expect(reminders(server, MUM, EN)[0]?.text).toContain('at 5:00 PM (America/Chicago)');
  expect(reminders(server, DAD, ES)[0]?.text).toContain('a las 18:00 (America/New_York)');

  // The hour-before one: not a minute early, then on time.
  await moveClock(server, new Date(startsAt - HOUR - 60_000));
  await signIn(mum, MUM);
  const before = (await call<{ notifications?: unknown[] }>(mum, 'GET', '/api/notifications'));
  const countReminders = (body: unknown) => JSON.stringify(body).split('session_reminder').length - 1;
  const dayBefore = countReminders(before);
  await moveClock(server, new Date(startsAt - HOUR + 60_000));
  expect(countReminders(await call(mum, 'GET', '/api/notifications'))).toBeGreaterThan(dayBefore);
  await expect.poll(() => reminders(server, MUM, EN).length, { timeout: 20_000 }).toBe(2);
  await expect.poll(() => reminders(server, DAD, ES).length, { timeout: 20_000 }).toBe(2);
  for (const m of [...reminders(server, MUM, EN), ...reminders(server, DAD, ES)]) expect(m.text).not.toContain('Maya López');
});

test('6. after the session the therapist records attendance, the family summary and a private note', async ({ shot, server }) => {
  // Ten minutes after it ended, on the server's clock and on the browsers' (the page sorts past from upcoming by its own).
  const after = new Date(startsAt + 55 * 60_000);
  await moveClock(server, after);
  for (const ctx of [therapist, dad]) await ctx.clock.setSystemTime(after);
  await signIn(therapist, THERAPIST);
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  // The moved session (5 PM; the others stay at 4 PM) is the one past, and the only one to record.
  await expect(page.getByRole('button', { name: 'Record this session' })).toHaveCount(1);
  const card = page.getByTestId('session-card').filter({ hasText: '5:00 PM' });
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: 'Record this session' }).click();
  const dialog = page.getByRole('dialog', { name: /^Record: Therapy session, / });
  await dialog.getByRole('checkbox', { name: MUM.name }).check();
  await dialog.getByRole('checkbox', { name: DAD.name }).check();
  await dialog.getByRole('checkbox', { name: THERAPIST.name }).check();
  await fillSessionRecord(dialog);
  await shot(page, 'walk-6-record-form');
  await dialog.getByRole('button', { name: 'Save the record' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Session recorded. The family can now read the summary.')).toBeVisible();
  await expect(card.getByTestId('session-summary')).toContainText(SUMMARY.workedOn);
  await expect(card.getByTestId('session-private-note')).toContainText(NOTE);
  await expect(card).toContainText('Attended:');
  await shot(page, 'walk-6-recorded-therapist');
  await page.close();
});

test('7. the father reads the summary in Spanish on his phone and can reach the note nowhere', async ({ shot }) => {
  await signIn(dad, DAD);
  const phone = await dad.newPage();
  const answers = jsonAnswers(phone);
  await phone.goto(`/children/${childId}/sessions`);
  const summary = phone.getByTestId('session-summary');
  await expect(summary.getByRole('heading', { name: 'Qué pasó en esta sesión' })).toBeVisible();
  await expect(summary).toContainText('Pedir ayuda con dos palabras durante el juego.');
  await expect(summary).toContainText('Esperó su turno tres veces.');
  await expect(summary).toContainText('Pedir más a la hora de la merienda, todos los días.');
  await expect(summary).toContainText('Traducido automáticamente');
  await expect(phone.getByTestId('session-private-note')).toHaveCount(0);
  await shot(phone, 'walk-7-summary-father-es');
  await summary.getByRole('button', { name: 'Ver original' }).click();
  await expect(summary).toContainText(SUMMARY.workedOn);
  await shot(phone, 'walk-7-original-father-es');

  expect(await phone.locator('body').innerText()).not.toMatch(LEAK);
  const answered = await answers();
  expect(answered.some((b) => b.includes('Esperó su turno tres veces.'))).toBe(true);
  for (const body of answered) expect(body).not.toMatch(LEAK);
  const direct = await dad.request.get(`/api/children/${childId}/sessions/${sessionId}/clinical-note`);
  expect(direct.status()).toBe(404);
  expect(await direct.text()).not.toMatch(LEAK);
  await phone.close();
});

test('8. a parent group is published, the father answers yes with an interpreter request, and the organiser counts it', async ({ shot }) => {
  const eventDate = shift(today, 20);
  const desk = await therapist.newPage();
  await desk.goto('/events');
  await desk.getByRole('button', { name: 'Publish an event' }).click();
  await desk.getByLabel('Kind of event').selectOption({ label: 'Parent group' });
  await desk.getByLabel('Title', { exact: true }).fill('Calm mornings: a parent group');
  await desk.getByLabel('Description', { exact: true }).fill('How to make **school mornings** calmer.');
  await desk.getByLabel('Date', { exact: true }).fill(eventDate);
  await desk.getByLabel('Start time').fill('17:30');
  await desk.getByLabel('Length in minutes').fill('90');
  await desk.getByLabel('Address').fill('Harbour Kids Therapy, 12 Quay Street, Room 3');
  await desk.getByLabel('Maya López').check();
  await desk.getByLabel('Capacity (optional)').fill('20');
  await expect(desk.getByLabel('Ask families if they need an interpreter')).toBeChecked();
  await shot(desk, 'walk-8-event-form');
  await desk.getByRole('button', { name: 'Publish and tell the families' }).click();
  await expect(desk.getByRole('heading', { level: 1, name: 'Calm mornings: a parent group' })).toBeVisible();
  const eventPath = new URL(desk.url()).pathname;

  const phone: Page = await dad.newPage();
  await phone.goto('/events');
  await expect(phone.getByRole('heading', { level: 1, name: 'Eventos para familias' })).toBeVisible();
  await shot(phone, 'walk-8-events-father-es');
  await phone.getByTestId('event-row').getByRole('link', { name: 'Calm mornings: a parent group' }).click();
  const form = phone.getByTestId('rsvp-form');
  await form.getByRole('button', { name: 'Sí' }).click();
  await form.getByLabel('Adultos').fill('1');
  await form.getByLabel('Niños').fill('1');
  await form.getByLabel('Necesitamos intérprete').check();
  await form.getByLabel('Idioma del intérprete').selectOption({ label: 'español' });
  await form.getByRole('button', { name: 'Enviar mi respuesta' }).click();
  await expect(phone.getByText('Su respuesta está guardada.')).toBeVisible();
  await expect(phone.getByText('Quedan 18 plazas')).toBeVisible();
  await shot(phone, 'walk-8-rsvp-father-es');
  await phone.close();

  await desk.goto(eventPath);
  const counts = desk.getByTestId('event-counts');
  await expect(counts).toContainText('Yes1');
  await expect(counts).toContainText('Adults1');
  await expect(counts).toContainText('Children1');
  await expect(counts).toContainText('Seats left18');
  await expect(desk.getByTestId('interpreter-requests')).toContainText('Spanish: 1 family (2 people)');
  await shot(desk, 'walk-8-organiser');
  await desk.close();
});
