// The calendar: a therapist's week with the sessions of two children, moving a week on and back,
// a day's view, a session opening its child's Sessions tab; and a guardian's Today (on a phone, in
// Spanish) showing the next session with the child's name, kind, place and time.
import type { BrowserContext } from '@playwright/test';
import { acceptInvitation, adminContext, apiCall, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Clara Therapist', email: 'clara@calendar.example', password: 'amber orchard window 58' };
const DAD = { name: 'Pablo Parent', email: 'pablo@calendar.example', password: 'harbour velvet candle 17' };

const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);
const shift = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const mondayOf = (isoDate: string) => shift(isoDate, -((new Date(`${isoDate}T00:00:00Z`).getUTCDay() + 6) % 7));

let admin: BrowserContext;
let therapist: BrowserContext;
let dad: BrowserContext;
let leo = '';
let ana = '';
let today = '';
let nextMonday = '';

test.beforeAll(async ({ browser, server }) => {
  admin = await adminContext(browser, server);
  await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  therapist = await acceptInvitation(browser, server, THERAPIST, /join/);
  const a = await call(therapist, 'POST', '/api/children', { firstName: 'Leo', lastName: 'Ramos', therapyTypes: ['speech'] });
  const b = await call(therapist, 'POST', '/api/children', { firstName: 'Ana', lastName: 'Ruiz', therapyTypes: ['occupational'] });
  leo = a.id;
  ana = b.id;
  today = new Intl.DateTimeFormat('en-CA', { timeZone: a.profile.timeZone }).format(new Date());
  nextMonday = shift(mondayOf(today), 7);
  const schedule = (childId: string, body: object) => call(therapist, 'POST', `/api/children/${childId}/sessions`, { kind: 'therapy', place: 'clinic', durationMinutes: 45, ...body });
  await schedule(leo, { date: nextMonday, time: '10:00', placeNote: 'Room 3', familyInvited: true });
  await schedule(ana, { date: shift(nextMonday, 2), time: '15:00', kind: 'parent_coaching', place: 'video' });
  // Tomorrow at noon, the family invited: the guardian's next session.
  await schedule(leo, { date: shift(today, 1), time: '12:00', place: 'home', familyInvited: true });
  await call(therapist, 'POST', `/api/children/${leo}/invitations`, { email: DAD.email, name: DAD.name, role: 'guardian' });
  dad = await acceptInvitation(browser, server, DAD, /care team/, { width: 390, height: 844 });
  await call(dad, 'PATCH', '/api/me', { locale: 'es' });
});

test.afterAll(async () => {
  await Promise.all([admin.close(), therapist.close(), dad.close()]);
});

test('the therapist moves to next week and sees both children’s sessions by day, in order of time', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto('/');
  // The caseload starts with the coming week's sessions.
  await expect(page.getByRole('region', { name: 'Your next sessions' }).getByTestId('calendar-session').first()).toContainText('Therapy session with Leo');
  await shot(page, 'calendar-home-therapist');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your calendar' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Today' })).toBeDisabled();
  await page.getByRole('button', { name: 'Next week' }).click();
  await expect(page).toHaveURL(new RegExp(`date=${shift(today, 7)}`));
  const monday = page.getByRole('region', { name: /Monday/ });
  await expect(monday.getByTestId('calendar-session')).toHaveText([/10:00\sAM–10:45\sAM\s*Therapy session with Leo\s*At the clinic \(Room 3\)/u]);
  const wednesday = page.getByRole('region', { name: /Wednesday/ });
  await expect(wednesday.getByTestId('calendar-session')).toHaveText([/3:00\sPM–3:45\sPM\s*Parent coaching with Ana\s*Video call/u]);
  await expect(page.getByRole('region', { name: /Tuesday/ })).toContainText('No sessions');
  await shot(page, 'calendar-week-therapist');

  await page.getByRole('button', { name: 'Previous week' }).click();
  await expect(page.getByRole('button', { name: 'Today' })).toBeDisabled();
  await page.getByRole('button', { name: 'Next week' }).click();
  await expect(page.getByRole('button', { name: 'Today' })).toBeEnabled();
  await page.getByRole('button', { name: 'Today' }).click();
  await expect(page.getByRole('button', { name: 'Today' })).toBeDisabled();
  await page.close();
});

test('the day view shows one day; the next day is empty; a session opens its child’s Sessions tab', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/calendar?view=week&date=${nextMonday}`);
  await page.getByRole('link', { name: /Wednesday/ }).click();
  await expect(page.getByRole('radio', { name: 'Day' })).toBeChecked();
  const sessions = page.getByTestId('calendar-session');
  await expect(sessions).toHaveCount(1);
  await expect(sessions).toContainText('Parent coaching with Ana');
  await shot(page, 'calendar-day-therapist');
  await page.getByRole('button', { name: 'Next day' }).click();
  await expect(page.getByText('No sessions on this day.')).toBeVisible();
  await page.getByRole('button', { name: 'Previous day' }).click();
  await page.getByRole('button', { name: 'Previous day' }).click();
  await expect(page.getByTestId('calendar-range')).toContainText('Tuesday');
  // The view switch works from the keyboard.
  await page.getByRole('radio', { name: 'Day' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByRole('radio', { name: 'Week' })).toBeChecked();
  await expect(page.getByRole('region', { name: /Monday/ }).getByTestId('calendar-session')).toHaveCount(1);
  await page.getByRole('link', { name: /Therapy session with Leo/ }).click();
  await expect(page).toHaveURL(new RegExp(`/children/${leo}/sessions`));
  await expect(page.getByTestId('session-card').first()).toBeVisible();
  await page.close();
});

test('the guardian’s Today, on a phone in Spanish, shows the next session with the child, kind, place and time', async ({ shot }) => {
  const page = await dad.newPage();
  await page.goto('/today');
  const upcoming = page.getByRole('region', { name: 'Sus próximas sesiones' });
  await expect(upcoming).toBeVisible();
  const first = upcoming.getByTestId('calendar-session').first();
  await expect(first).toContainText('Sesión de terapia con Leo');
  await expect(first).toContainText('En casa');
  await expect(first).toContainText('12:00');
  await shot(page, 'calendar-today-guardian-es');
  // The same on the family home page, and the week in the calendar.
  await page.goto('/');
  await expect(page.getByRole('region', { name: 'Sus próximas sesiones' })).toBeVisible();
  await page.getByRole('navigation', { name: /principal/i }).getByRole('link', { name: 'Calendario' }).click();
  await page.getByRole('button', { name: 'Semana siguiente' }).click();
  await expect(page.getByTestId('calendar-session')).toContainText(['Sesión de terapia con Leo']);
  await shot(page, 'calendar-week-guardian-es');
  await page.close();
});
