// Meetings to talk about progress: the therapist schedules a plan review with the family and the
// teacher invited; the guardian, on a phone in Spanish, says they will come and adds what the
// family wants to talk about; the teacher adds a point; the therapist opens the meeting page,
// follows the "since last session" link, and after the meeting records the plan review with its
// participants filled in.
import type { BrowserContext } from '@playwright/test';
import { acceptInvitation, apiCall, clinicFamily, expect, moveClock, shiftDate, test, type ClinicFamily, type Server } from './fixtures.ts';

test.use({ testClock: true });

test.describe.configure({ mode: 'serial', timeout: 120_000 });

const THERAPIST = { name: 'Nora Therapist', email: 'nora@meetings.example', password: 'copper lantern evening 31' };
const MUM = { name: 'Laura Parent', email: 'laura@meetings.example', password: 'silver meadow ribbon 23' };
const TEACHER = { name: 'Tess Teacher', email: 'tess@meetings.example', password: 'chalk window morning 57' };
const GOAL = 'Asks for help with two words';
/** A goal the family has not agreed yet: a plan review is where it is talked about. */
const PROPOSED = 'Waits for a turn in a board game';

const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH', p: string, data?: unknown) => apiCall<T>(ctx.request, method, p, data);

let family: ClinicFamily;
let therapist: BrowserContext;
let mum: BrowserContext;
let teacher: BrowserContext;
let childId = '';
let tomorrow = '';
let meetingUrl = '';

/**
 * The meeting takes place: the server's clock and the browsers' move to two hours after its start,
 * as time passing would; the therapist and the guardian sign in again (their sessions idled out).
 */
async function holdMeeting(server: Server, sessionId: string): Promise<void> {
  const from = new Date().toISOString();
  const to = new Date(Date.now() + 3 * 86_400_000).toISOString();
  const { sessions } = await call<{ sessions: { id: string; startsAt: string }[] }>(therapist, 'GET', `/api/children/${childId}/sessions?from=${from}&to=${to}`);
  const later = new Date(Date.parse(sessions.find((s) => s.id === sessionId)?.startsAt ?? '') + 2 * 3_600_000);
  await moveClock(server, later);
  for (const [ctx, who] of [[therapist, THERAPIST], [mum, MUM]] as const) {
    await ctx.clock.setSystemTime(later);
    await call(ctx, 'POST', '/api/auth/login', { email: who.email, password: who.password });
  }
}

test.beforeAll(async ({ browser, server }) => {
  family = await clinicFamily(browser, server, {
    therapist: THERAPIST, child: { firstName: 'Maya', lastName: 'López', therapyTypes: ['speech'] }, mum: { ...MUM, viewport: { width: 390, height: 844 }, locale: 'es' },
  });
  ({ therapist, mum, childId } = family);
  tomorrow = shiftDate(family.today, 1);
  const goal = await call(therapist, 'POST', `/api/children/${childId}/goals`, { area: 'communication', statement: GOAL, measure: 'count', target: 5, settings: ['therapy', 'home', 'school'] });
  await call(mum, 'POST', `/api/children/${childId}/goals/${goal.id}/response`, { decision: 'agree', version: 1 });
  await call(therapist, 'POST', `/api/children/${childId}/goals`, { area: 'social', statement: PROPOSED, measure: 'count', target: 3, settings: ['therapy', 'home'] });
  await call(mum, 'POST', `/api/children/${childId}/invitations`, { email: TEACHER.email, name: TEACHER.name, role: 'teacher', locale: 'en', consentNote: 'Maya’s teacher may join our meetings.' });
  teacher = await acceptInvitation(browser, server, TEACHER, /care team/);
});

test.afterAll(async () => {
  await Promise.all([family.close(), teacher.close()]);
});

test('the therapist schedules a plan review with the family and the teacher invited', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  await page.getByRole('button', { name: 'Schedule the first session' }).or(page.getByRole('button', { name: 'Schedule a session' })).first().click();
  const dialog = page.getByRole('dialog', { name: 'Schedule a session for Maya' });
  await dialog.getByLabel('Date').fill(tomorrow);
  await dialog.getByLabel('Start time').fill('10:00');
  await dialog.getByLabel('Length (minutes)').fill('60');
  await dialog.getByRole('combobox', { name: 'Kind of session' }).click();
  await page.getByRole('option', { name: 'Plan review' }).click();
  await expect(dialog.getByLabel('Invite Maya’s family')).toBeChecked();
  await dialog.getByLabel('Tess Teacher (Teacher or school staff)').check();
  await dialog.getByRole('button', { name: 'Schedule', exact: true }).click();
  await expect(dialog).toBeHidden();
  const card = page.getByTestId('session-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Plan review');
  await card.getByRole('link', { name: /^Meeting page and agenda: Plan review/ }).click();
  await expect(page.getByRole('heading', { name: 'Plan review for Maya' })).toBeVisible();
  meetingUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId('meeting-invited')).toContainText('Tess Teacher, Teacher or school staff: no answer yet');
  await expect(page.getByTestId('meeting-invited')).toContainText('(organiser)');
  await expect(page.getByTestId('meeting-when')).toContainText(/10:00\sAM/u);
  await shot(page, 'meeting-new-therapist');
  await page.close();
});

test('the guardian, on a phone in Spanish, says they will come and adds what the family wants to talk about', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  await expect(card).toContainText('Revisión del plan');
  await card.getByRole('button', { name: 'Asistiremos' }).click();
  await expect(card.getByRole('button', { name: 'Asistiremos' })).toHaveAttribute('aria-pressed', 'true');
  await card.getByRole('link', { name: /^Página de la reunión y orden del día/ }).click();
  await expect(page.getByRole('heading', { name: 'Revisión del plan de Maya' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'De qué queremos hablar' })).toBeVisible();
  await page.getByRole('button', { name: 'Añadir al orden del día' }).click();
  await expect(page.getByText('Por favor, rellene este campo.')).toBeVisible();
  await page.getByLabel('¿De qué desea hablar?').fill('Cómo pide ayuda en el desayuno');
  await page.getByLabel('Más detalles (opcional)').fill('Ya dice «más zumo» casi todas las mañanas.');
  await page.getByRole('button', { name: 'Añadir al orden del día' }).click();
  await expect(page.getByText('Añadido al orden del día')).toBeVisible();
  const family = page.getByRole('region', { name: 'De qué queremos hablar' });
  await expect(family.getByTestId('agenda-point')).toHaveCount(1);
  await expect(family).toContainText('Cómo pide ayuda en el desayuno');
  await expect(family).toContainText('Laura Parent, Madre, padre o tutor');
  await expect(page.getByLabel('¿De qué desea hablar?')).toHaveValue('');
  await shot(page, 'meeting-agenda-guardian-es');
  await page.close();
});

test('the teacher adds a point, listed after the family’s', async ({ shot }) => {
  const page = await teacher.newPage();
  await page.goto(meetingUrl);
  await expect(page.getByRole('heading', { name: 'Plan review for Maya' })).toBeVisible();
  await page.getByLabel('What do you want to talk about?').fill('Reading time in class');
  await page.getByRole('button', { name: 'Add to the agenda' }).click();
  const team = page.getByRole('region', { name: 'What the team wants to talk about' });
  await expect(team).toContainText('Reading time in class');
  await expect(team).toContainText('Tess Teacher, Teacher or school staff');
  await expect(page.getByRole('region', { name: 'What the family wants to talk about' })).toContainText('Cómo pide ayuda en el desayuno');
  // Their own point, theirs to change.
  await page.getByRole('button', { name: 'Edit: Reading time in class' }).click();
  await page.getByLabel('What do you want to talk about?').first().fill('Reading time in class, and lining up');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(team).toContainText('Reading time in class, and lining up');
  await expect(page.getByRole('button', { name: /^Edit: Cómo pide/ })).toHaveCount(0);
  await shot(page, 'meeting-agenda-teacher');
  await page.close();
});

test('the therapist prepares from the meeting page and, after the meeting, records the plan review', async ({ server, shot }) => {
  const page = await therapist.newPage();
  await page.goto(meetingUrl);
  const points = page.getByTestId('agenda-point');
  await expect(points).toHaveCount(2);
  await expect(points.first()).toContainText('Cómo pide ayuda en el desayuno');
  await expect(points.nth(1)).toContainText('Reading time in class, and lining up');
  await expect(page.getByTestId('meeting-invited')).toContainText('Laura Parent, Parent or guardian: will join');
  const goals = page.getByTestId('meeting-goals');
  await expect(goals.getByRole('link', { name: `Progress: ${GOAL}` })).toHaveAttribute('href', /\/plan#goal-/);
  // The goal's own words keep their language and direction inside the link's message.
  await expect(goals.getByRole('link', { name: `Progress: ${GOAL}` }).locator('span[dir="auto"]')).toHaveText(GOAL);
  // The goal awaiting the family's agreement is listed too, its status in words; the agreed one needs none.
  await expect(goals.getByRole('listitem').filter({ hasText: PROPOSED })).toContainText('Waiting for agreement');
  await expect(goals.getByRole('listitem').filter({ hasText: GOAL }).getByTestId('meeting-goal-status')).toHaveCount(0);
  await expect(page.getByText('After the meeting, the clinician records the plan review here.')).toBeVisible();
  await shot(page, 'meeting-before-therapist');

  await page.getByRole('link', { name: 'What happened since the last session' }).click();
  await expect(page.getByRole('heading', { name: 'Since last session' })).toBeVisible();
  await page.goBack();

  await holdMeeting(server, meetingUrl.split('/').at(-1) ?? '');
  await page.reload();
  await expect(page.getByText('The meeting has started: the family and the school can no longer change the agenda, but you still can.')).toBeVisible();
  await page.getByLabel('What did you agree? (optional)').fill('Maya practises two-word requests at breakfast; school adds reading time.');
  await page.getByRole('button', { name: 'Record the plan review' }).click();
  await expect(page.getByText('Plan review recorded')).toBeVisible();
  const link = page.getByRole('link', { name: /^Read the plan review of/ });
  await expect(link).toBeVisible();
  await shot(page, 'meeting-after-therapist');
  await link.click();
  const review = page.getByTestId('review').first();
  await expect(review).toContainText('Laura Parent (Parent or guardian)');
  await expect(review).toContainText('Nora Therapist (Therapist)');
  await expect(review).toContainText('Maya practises two-word requests at breakfast');
  await expect(review).toContainText('What the family wanted to talk about:');
  await expect(review).toContainText('Cómo pide ayuda en el desayuno: Ya dice «más zumo» casi todas las mañanas. (Laura Parent, Parent or guardian)');
  await page.close();

  // The family reads the link to the review on the meeting page.
  const phone = await mum.newPage();
  await phone.goto(meetingUrl);
  await expect(phone.getByRole('link', { name: /^Leer la revisión del plan del/ })).toBeVisible();
  await expect(phone.getByText('La reunión ya empezó, así que el orden del día ya no se puede cambiar.')).toBeVisible();
  await shot(phone, 'meeting-after-guardian-es');
  await phone.close();
});
