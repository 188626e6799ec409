// Moving a session from the family's side: the guardian at home says she can't make it and
// suggests two times; the father in the second household (on a phone, in Spanish) suggests one;
// the therapist sees the time that suits both households and accepts it; both guardians then see
// the session at its new time, and the father, who sees only his own household's request, is told.
// Then the guardian cancels the session with a reason, which the therapist reads; on other
// sessions the therapist suggests another time, which the guardian takes, and declines the
// father's request with a reason he reads in Spanish.
import type { BrowserContext } from '@playwright/test';
import { apiCall, clinicFamily, expect, scheduleSession, shiftDate as shift, test, type ClinicFamily } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Nora Movesmith', email: 'nora@moves.example', password: 'copper lantern evening 31' };
const MUM = { name: 'Laura Parent', email: 'laura@moves.example', password: 'silver meadow ribbon 23' };
const DAD = { name: 'Diego Parent', email: 'diego@moves.example', password: 'amber harbour window 57' };

let therapist: BrowserContext;
let mum: BrowserContext;
let dad: BrowserContext;
let childId = '';
let today = '';
let family: ClinicFamily & { dadId: string };

test.beforeAll(async ({ browser, server }) => {
  const f = await clinicFamily(browser, server, {
    therapist: THERAPIST, child: { firstName: 'Maya', lastName: 'López', therapyTypes: ['speech'] },
    mum: { ...MUM, household: 'Home' }, dad: { ...DAD, household: 'Papá', viewport: { width: 390, height: 844 }, locale: 'es' },
  });
  ({ therapist, mum, dad, childId, today } = f);
  family = f;
  await scheduleSession(therapist, childId, { placeNote: 'Room 2', date: shift(today, 7), time: '16:00', invitees: [f.dadId] });
});

test.afterAll(async () => {
  await family.close();
});

test('the guardian can’t make it and suggests two times', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  await expect(card).toContainText('4:00');
  await card.getByRole('button', { name: /^Suggest other times for/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Suggest other times: Therapy session/ });
  await expect(dialog).toContainText('Times are in America/Chicago. The session stays 45 minutes long.');
  // A time already gone is refused before anything is sent.
  const first = dialog.getByRole('group', { name: 'Time 1' });
  await first.getByLabel('Date').fill(shift(today, -1));
  await first.getByLabel('Start time').fill('10:00');
  await dialog.getByRole('button', { name: 'Send these times' }).click();
  await expect(first.getByText('Choose a time that is still to come.')).toBeVisible();
  await first.getByLabel('Date').fill(shift(today, 8));
  await dialog.getByRole('button', { name: 'Add another time' }).click();
  const second = dialog.getByRole('group', { name: 'Time 2' });
  await second.getByLabel('Date').fill(shift(today, 9));
  await second.getByLabel('Start time').fill('17:00');
  await shot(page, 'session-moves-form-guardian');
  await dialog.getByRole('button', { name: 'Send these times' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Your times are sent. The therapist will answer here.')).toBeVisible();
  const asked = card.getByText('You asked to move this session to');
  await expect(asked).toBeVisible();
  await expect(card).toContainText('10:00');
  await expect(card).toContainText('5:00');
  await expect(card.getByRole('button', { name: /^Suggest different times/ })).toBeVisible();
  await shot(page, 'session-moves-asked-guardian');
  await page.close();
});

test('the father, on a phone in Spanish, suggests one time and sees only his own household’s request', async ({ shot }) => {
  const page = await dad.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  await expect(card).toContainText('Sesión de terapia');
  await card.getByRole('button', { name: /^Proponer otras horas para/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Proponer otras horas: Sesión de terapia/ });
  const first = dialog.getByRole('group', { name: 'Hora 1' });
  await first.getByLabel('Fecha').fill(shift(today, 9));
  await first.getByLabel('Hora de inicio').fill('17:00');
  await shot(page, 'session-moves-form-father-es');
  await dialog.getByRole('button', { name: 'Enviar estas horas' }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByText('Usted pidió cambiar esta sesión a')).toBeVisible();
  await expect(card).toContainText('17:00');
  // The other household's 10:00 never reaches him.
  await expect(card).not.toContainText('10:00');
  await expect(card).not.toContainText('Laura');
  await shot(page, 'session-moves-asked-father-es');
  await page.close();
});

test('the therapist sees the time that suits both households and accepts it', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  const requests = card.getByRole('region', { name: '2 requests to move this session' });
  await expect(requests).toBeVisible();
  await expect(requests.getByTestId('session-move-request')).toHaveCount(2);
  await expect(requests).toContainText('Laura Parent (Home) can make:');
  await expect(requests).toContainText('Diego Parent (Papá) can make:');
  const shared = requests.getByTestId('session-move-shared');
  await expect(shared).toContainText('Suits both households');
  await expect(shared).toContainText('5:00');
  await expect(shared).not.toContainText('10:00');
  await shot(page, 'session-moves-requests-therapist');
  await shared.getByRole('button', { name: /^Accept / }).click();
  await expect(page.getByText('The session is moved. Everyone invited has been told.')).toBeVisible();
  await expect(card.getByTestId('session-move-requests')).toHaveCount(0);
  await expect(card).toContainText('5:00');
  await shot(page, 'session-moves-accepted-therapist');
  await page.close();
});

test('both guardians see the new time, and the father is told by mail without the child’s name', async ({ shot, server }) => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  await expect(card).toContainText(/5:00\sPM/u);
  await expect(card.getByText('You asked to move this session to')).toHaveCount(0);
  await page.close();

  const phone = await dad.newPage();
  await phone.goto(`/children/${childId}/sessions`);
  const his = phone.getByTestId('session-card').first();
  await expect(his).toContainText('17:00');
  await expect(his.getByText('Usted pidió cambiar esta sesión a')).toHaveCount(0);
  await expect(his.getByRole('button', { name: 'Asistiremos' })).toHaveAttribute('aria-pressed', 'false');
  await shot(phone, 'session-moves-moved-father-es');
  await phone.close();

  await expect.poll(() => server.mailbox.mails.find((m) => m.to === DAD.email && m.text.includes('Una sesión cambió de hora'))?.text ?? '').not.toBe('');
  const mail = server.mailbox.mails.find((m) => m.to === DAD.email && m.text.includes('Una sesión cambió de hora'));
  expect(mail?.text).not.toContain('Maya');
});

test('the guardian cancels the session with a reason, and the therapist reads it', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const card = page.getByTestId('session-card').first();
  await card.getByRole('button', { name: /^Cancel session/ }).click();
  const dialog = page.getByRole('dialog', { name: /^Cancel session: Therapy session/ });
  await expect(dialog.getByText('The therapist and the team will see this reason.')).toBeVisible();
  await dialog.getByLabel('Reason').fill('Maya has a fever');
  await dialog.getByRole('button', { name: 'Cancel session' }).click();
  await expect(dialog).toBeHidden();
  await expect(card).toHaveAttribute('data-status', 'cancelled');
  await expect(card).toContainText('Cancelled: Maya has a fever');
  await page.close();

  const desk = await therapist.newPage();
  await desk.goto(`/children/${childId}/sessions`);
  const theirs = desk.getByTestId('session-card').first();
  await expect(theirs).toContainText('Cancelled: Maya has a fever');
  await expect(theirs.getByRole('button', { name: /^Cancel session/ })).toHaveCount(0);
  await desk.goto('/notifications');
  await expect(desk.getByText('Laura Parent cancelled a session of Maya')).toBeVisible();
  await shot(desk, 'session-moves-family-cancelled-therapist');
  await desk.close();
});

test('the therapist suggests another time that the guardian takes, and declines the father’s request with a reason', async ({ shot }) => {
  const made = await scheduleSession(therapist, childId, { kind: 'parent_coaching', place: 'video', date: shift(today, 14), time: '09:00', durationMinutes: 30 });
  const dadsOwn = await scheduleSession(therapist, childId, { kind: 'parent_coaching', place: 'video', date: shift(today, 15), time: '09:00', durationMinutes: 30, familyInvited: false, invitees: [family.dadId] });
  await apiCall(mum.request, 'POST', `/api/children/${childId}/sessions/${made}/moves`, { times: [{ date: shift(today, 14), time: '18:00' }] });
  await apiCall(dad.request, 'POST', `/api/children/${childId}/sessions/${dadsOwn}/moves`, { times: [{ date: shift(today, 15), time: '19:00' }] });

  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/sessions`);
  const coaching = page.getByTestId('session-card').filter({ hasText: 'Laura Parent (Home)' });
  await coaching.getByRole('button', { name: 'Suggest another time' }).click();
  const offer = page.getByRole('dialog', { name: /^Suggest another time: Parent coaching/ });
  await offer.getByLabel('Date').fill(shift(today, 14));
  await offer.getByLabel('Start time').fill('12:30');
  await offer.getByRole('button', { name: 'Suggest this time' }).click();
  await expect(offer).toBeHidden();
  await expect(coaching.getByTestId('session-move-offered')).toContainText('12:30');
  const dads = page.getByTestId('session-card').filter({ hasText: 'Diego Parent (Papá)' });
  await dads.getByRole('button', { name: /^Decline the request of Diego Parent \(Papá\)/ }).click();
  const decline = page.getByRole('dialog', { name: /^Decline the request of Diego Parent \(Papá\)/ });
  await decline.getByLabel('Reason').fill('The clinic closes at 18:00');
  await decline.getByRole('button', { name: 'Decline', exact: true }).click();
  await expect(decline).toBeHidden();
  await expect(dads.getByTestId('session-move-requests')).toHaveCount(0);
  await shot(page, 'session-moves-offered-therapist');
  await page.close();

  const home = await mum.newPage();
  await home.goto(`/children/${childId}/sessions`);
  const mine = home.getByTestId('session-card').filter({ has: home.getByTestId('session-move-offer') });
  await expect(mine.getByTestId('session-move-offer')).toContainText('12:30');
  await shot(home, 'session-moves-offer-guardian');
  await mine.getByRole('button', { name: 'This time suits us' }).click();
  await expect(home.getByText('The session is moved. Everyone invited has been told.')).toBeVisible();
  await expect(home.getByTestId('session-move-offer')).toHaveCount(0);
  await expect(home.getByTestId('session-card').filter({ hasText: 'Parent coaching' }).first()).toContainText('12:30');
  await home.close();

  const phone = await dad.newPage();
  await phone.goto(`/children/${childId}/sessions`);
  const declined = phone.getByTestId('session-move-declined');
  await expect(declined).toContainText('El terapeuta no pudo cambiarla: The clinic closes at 18:00');
  await expect(phone.getByTestId('session-move-offer')).toHaveCount(0);
  await shot(phone, 'session-moves-declined-father-es');
  await phone.close();
});
