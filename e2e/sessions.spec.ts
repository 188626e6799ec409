// Sessions on the child's page: the therapist schedules a weekly session with the family invited,
// a clashing time is refused with its reason in the form, the guardian (on a phone, in Spanish)
// answers, and the therapist sees the answer; a cancelled session shows why.
import type { BrowserContext } from '@playwright/test';
import { acceptInvitation, adminContext, apiCall, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Nora Therapist', email: 'nora@sessions.example', password: 'copper lantern evening 31' };
const MUM = { name: 'Laura Parent', email: 'laura@sessions.example', password: 'silver meadow ribbon 23' };

const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);

let admin: BrowserContext;
let therapist: BrowserContext;
let mum: BrowserContext;
let childId = '';
let firstDate = '';

/** A calendar date moved by whole days. */
const shift = (isoDate: string, days: number) => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test.beforeAll(async ({ browser, server }) => {
  admin = await adminContext(browser, server);
  await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  therapist = await acceptInvitation(browser, server, THERAPIST, /join/);
  const child = await call(therapist, 'POST', '/api/children', { firstName: 'Maya', lastName: 'López', therapyTypes: ['speech'] });
  childId = child.id;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: child.profile.timeZone }).format(new Date());
  firstDate = shift(today, 7);
  await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
  mum = await acceptInvitation(browser, server, MUM, /care team/, { width: 390, height: 844 });
  await call(mum, 'PATCH', '/api/me', { locale: 'es' });
});

test.afterAll(async () => {
  await Promise.all([admin.close(), therapist.close(), mum.close()]);
});

test('before anything is planned, each reader sees an empty state worded for them', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  await expect(page.getByRole('heading', { name: 'Schedule the first session' })).toBeVisible();
  await shot(page, 'sessions-empty-therapist');
  await page.close();

  const phone = await mum.newPage();
  await phone.goto(`/children/${childId}/sessions`);
  await expect(phone.getByRole('heading', { name: 'Aún no hay sesiones previstas' })).toBeVisible();
  await expect(phone.getByRole('button', { name: 'Programar una sesión' })).toHaveCount(0);
  await shot(phone, 'sessions-empty-guardian-es');
  await phone.close();
});

test('the therapist schedules a weekly session with the family invited; a clashing time is refused with its reason', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  await page.getByRole('button', { name: 'Schedule a session' }).click();
  const dialog = page.getByRole('dialog', { name: 'Schedule a session for Maya' });
  await dialog.getByLabel('Date').fill(firstDate);
  await dialog.getByLabel('Start time').fill('16:00');
  await dialog.getByLabel('Length (minutes)').fill('45');
  await dialog.getByLabel('Note about the place').fill('Room 2');
  await dialog.getByLabel('Repeat every week').check();
  await dialog.getByLabel('Last date').fill(shift(firstDate, 21));
  await expect(dialog.getByLabel('Invite Maya’s family')).toBeChecked();
  await shot(page, 'sessions-form');
  await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('4 sessions scheduled')).toBeVisible();
  const cards = page.getByTestId('session-card');
  await expect(cards).toHaveCount(4);
  await expect(cards.first()).toContainText('Therapy session');
  await expect(cards.first()).toContainText('At the clinic (Room 2)');
  await expect(cards.first()).toContainText('45 minutes');
  await expect(cards.first()).toContainText('Weekly');

  await page.getByRole('button', { name: 'Schedule a session' }).click();
  await dialog.getByLabel('Date').fill(firstDate);
  await dialog.getByLabel('Start time').fill('16:30');
  await dialog.getByLabel('Length (minutes)').fill('30');
  await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
  const clash = dialog.getByTestId('session-clash');
  await expect(clash).toContainText('This time is taken');
  await expect(clash).toContainText('It clashes with another session on');
  await expect(clash).toContainText(/4:00\sPM \(45 minutes\)/u);
  await shot(page, 'sessions-clash');
  await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
  await expect(cards).toHaveCount(4);
  await shot(page, 'sessions-list-therapist');
  await page.close();
});

test('the guardian, on a phone in Spanish, answers “No podremos” and the button shows it', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/sessions`);
  await expect(page.getByRole('heading', { name: 'Próximas' })).toBeVisible();
  const first = page.getByTestId('session-card').first();
  await expect(first).toContainText('Sesión de terapia');
  await expect(first).toContainText('En la clínica (Room 2)');
  const no = first.getByRole('button', { name: 'No podremos' });
  await expect(no).toHaveAttribute('aria-pressed', 'false');
  await no.click();
  await expect(no).toHaveAttribute('aria-pressed', 'true');
  await expect(first.getByRole('button', { name: 'Asistiremos' })).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByText('Gracias: el equipo sabe que usted no podrá asistir.')).toBeVisible();
  await expect(first).not.toContainText('Laura Parent');
  await shot(page, 'sessions-answered-guardian-es');
  await page.reload();
  await expect(page.getByTestId('session-card').first().getByRole('button', { name: 'No podremos' })).toHaveAttribute('aria-pressed', 'true');
  await page.close();
});

test('the therapist sees the answer, and cancels one session with a reason the family reads', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const cards = page.getByTestId('session-card');
  await expect(cards.first()).toContainText('Laura Parent: can’t make it');
  await cards.nth(1).getByRole('button', { name: /^Cancel session/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Cancel session: Therapy session/ });
  await dialog.getByRole('button', { name: 'Cancel session' }).click();
  await expect(dialog.getByText('Please fill this in.')).toBeVisible();
  await dialog.getByLabel('Reason').fill('The clinic is closed for training');
  await dialog.getByRole('button', { name: 'Cancel session' }).click();
  await expect(dialog).toBeHidden();
  await expect(cards.nth(1)).toHaveAttribute('data-status', 'cancelled');
  await expect(cards.nth(1)).toContainText('Cancelled: The clinic is closed for training');
  await shot(page, 'sessions-answer-seen-therapist');
  await page.close();

  const phone = await mum.newPage();
  await phone.goto(`/children/${childId}/sessions`);
  const second = phone.getByTestId('session-card').nth(1);
  await expect(second).toContainText('Cancelada: The clinic is closed for training');
  await expect(second.getByRole('button', { name: 'Asistiremos' })).toHaveCount(0);
  await shot(phone, 'sessions-cancelled-guardian-es');
  await phone.close();
});
