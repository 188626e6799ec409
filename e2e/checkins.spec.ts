// The parent's voice, one walk in a real browser: the therapist assigns the weekly home check-in
// from the plan page; the mother answers it on her phone, half of it with signal and the rest
// without (the answer waits on the phone and reaches the server once); her score shows on the chart
// beside the goals and her words on "since last session"; before the plan review she rates two
// goals and the review page shows her rating beside the measured trend; the teacher logs "used it,
// it helped" for a strategy at school and the mother at home, and the Support page shows both
// settings. Each new page passes axe and is photographed in English and Spanish at phone and
// desktop width.
import type { BrowserContext, Page } from '@playwright/test';
import { acceptInvitation, apiCall, clinicFamily, expect, scheduleSession, shiftDate, test, type ClinicFamily } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const PHONE = { width: 390, height: 844 };
const WORKED = 'The visual timer before bed helped a lot';
const TALK = 'Asks for help with two words';
const CALM = 'Calms down with belly breathing';
const TEACHER = { name: 'Tess Teacher', email: 'tess@checkins.example', password: 'harbour violet lantern 42' };
let f: ClinicFamily;
let assignmentId = '';
let occurrence = '';

const weekdayName = (date: string) => new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

async function spanish(ctx: BrowserContext, page: Page, url: string): Promise<void> {
  await apiCall(ctx.request, 'PATCH', '/api/me', { locale: 'es' });
  await page.goto(url);
}

test.beforeAll(async ({ browser, server }) => {
  f = await clinicFamily(browser, server, {
    therapist: { name: 'Tina Therapist', email: 'tina@checkins.example', password: 'pebble lantern orchard 31' },
    child: { firstName: 'Nico', lastName: 'Ruiz', therapyTypes: ['speech'] },
    mum: { name: 'Marta Ruiz', email: 'marta@checkins.example', password: 'violet harbour meadow 64', viewport: PHONE },
  });
});
// The clinic's admin is shared by every spec on this server: back to English for the next ones
// (their invitations are written in the admin's language).
test.afterAll(async () => {
  if (f) await apiCall(f.admin.request, 'PATCH', '/api/me', { locale: 'en' });
  await f?.close();
});

test('the therapist assigns the weekly home check-in for today’s weekday', async ({ shot }) => {
  const page = await f.therapist.newPage();
  await page.goto(`/children/${f.childId}/plan`);
  const section = page.getByRole('region', { name: 'Check-ins' });
  await expect(section.getByText(/No check-ins yet/)).toBeVisible();
  await section.getByRole('button', { name: 'Assign a check-in' }).click();
  const dialog = page.getByRole('dialog', { name: /Assign a check-in/ });
  await dialog.getByRole('combobox', { name: 'Check-in' }).click();
  await page.getByRole('option', { name: 'Weekly home check-in' }).click();
  await dialog.getByRole('combobox', { name: 'Day of the week' }).click();
  await page.getByRole('option', { name: weekdayName(f.today) }).click();
  await dialog.getByRole('checkbox', { name: /Each household/ }).check();
  await shot(page, 'checkins-assign');
  await dialog.getByRole('button', { name: 'Assign' }).click();
  await expect(dialog).toBeHidden();
  await expect(section.getByText(`Every week on ${weekdayName(f.today)} · Marta Ruiz`)).toBeVisible();
  await page.close();
});

test('the mother answers on her phone, half with signal and the rest without, and it is sent once', async ({ shot }) => {
  const page = await f.mum.newPage();
  await page.goto('/today');
  const today = page.getByRole('region', { name: 'A check-in is waiting for you' });
  await expect(today).toBeVisible();
  await shot(page, 'checkins-today');
  await today.getByRole('link', { name: 'Answer Weekly home check-in about Nico' }).click();
  await expect(page.getByRole('heading', { name: 'Weekly home check-in' })).toBeVisible();
  const url = new URL(page.url()).pathname.split('/');
  [assignmentId, occurrence] = [url[4] ?? '', url[5] ?? ''];
  await page.getByRole('group', { name: 'How has your child slept this week?' }).locator('label', { hasText: /^4/ }).click();
  await page.getByRole('group', { name: 'How has your child’s mood been?' }).locator('label', { hasText: /^3/ }).click();
  await shot(page, 'checkins-answer');
  await page.getByRole('button', { name: 'Save and finish later' }).click();
  await expect(page.getByText('Saved. You can finish it later from Today.')).toBeVisible();

  // The rest without signal.
  await f.mum.setOffline(true);
  await page.getByRole('group', { name: 'How did practice go this week?' }).locator('label', { hasText: /^5/ }).click();
  await page.getByLabel('What worked?').fill(WORKED);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText(/your check-in is kept on this phone and will be sent once/)).toBeVisible();
  await expect(page.getByText('1 entry is waiting to be sent')).toBeVisible();
  await f.mum.setOffline(false);
  await expect(page.getByText('1 entry is waiting to be sent')).toBeHidden();
  const trend = await apiCall<{ forms: { series: { points: { value: number }[] }[] }[] }>(f.therapist.request, 'GET', `/api/children/${f.childId}/checkins/trend`);
  expect(trend.forms[0]?.series[0]?.points).toEqual([expect.objectContaining({ value: 4 })]);
  // Sent once: nothing is open for her any more.
  expect((await apiCall<{ checkins: unknown[] }>(f.mum.request, 'GET', '/api/checkins/open')).checkins).toEqual([]);
  await page.goto('/today');
  await expect(page.getByRole('region', { name: 'A check-in is waiting for you' })).toBeHidden();
  await page.close();
});

test('the score shows beside the goals and her words on “since last session”', async ({ shot }) => {
  const page = await f.therapist.newPage();
  await page.goto(`/children/${f.childId}/plan`);
  const chart = page.getByRole('article', { name: 'Weekly home check-in: Marta Ruiz' });
  await expect(chart.getByTestId('checkin-trend-sentence')).toHaveText('First measurement in: a few more weeks will show the direction');
  await expect(chart.getByRole('img')).toBeVisible();
  await shot(page, 'checkins-plan');
  await page.goto(`/children/${f.childId}/since`);
  const words = page.getByRole('region', { name: 'In their check-ins' });
  await expect(words.getByText(WORKED)).toBeVisible();
  await expect(words.getByText('What worked?')).toBeVisible();
  await shot(page, 'checkins-since');
  await page.close();
});

test('before the plan review the mother rates two goals, and the review page shows her rating beside the measured trend', async ({ shot }) => {
  for (const [statement, values] of [[TALK, [1, 2, 3, 4, 5, 6]], [CALM, [3, 3, 3, 3, 3, 3]]] as const) {
    const goal = await apiCall<{ id: string }>(f.therapist.request, 'POST', `/api/children/${f.childId}/goals`, { area: 'communication', statement, measure: 'count', target: 8, settings: ['therapy', 'home'] });
    for (const [i, value] of values.entries()) {
      await apiCall(f.therapist.request, 'POST', `/api/children/${f.childId}/goals/${goal.id}/measurements`, { value, date: shiftDate(f.today, -20 + i * 4), setting: 'home' });
    }
  }
  await scheduleSession(f.therapist, f.childId, { kind: 'plan_review', date: shiftDate(f.today, 7), time: '16:00' });

  const mum = await f.mum.newPage();
  await mum.goto('/today');
  const prompt = mum.getByTestId('rating-prompt');
  await expect(prompt).toContainText('Before Nico’s plan review on');
  await prompt.getByRole('link', { name: 'Rate the goals' }).click();
  await mum.getByRole('radiogroup', { name: TALK }).getByRole('radio', { name: 'Much better' }).check();
  await mum.getByRole('textbox', { name: 'In a sentence (optional)' }).first().fill('He asks for his cup every morning now.');
  await mum.getByRole('radiogroup', { name: CALM }).getByRole('radio', { name: 'About the same' }).check();
  await mum.getByRole('button', { name: 'Save my ratings' }).click();
  await expect(mum.getByText('Thank you: your ratings will be discussed at the review.')).toBeVisible();
  await shot(mum, 'checkins-walk-ratings');
  await mum.close();

  const page = await f.therapist.newPage();
  await page.goto(`/children/${f.childId}/reviews`);
  const view = page.getByTestId('family-view');
  const talk = view.getByTestId('family-view-goal').filter({ hasText: TALK });
  await expect(talk.getByTestId('measured-trend')).not.toBeEmpty();
  await expect(talk.getByTestId('family-rating')).toContainText('Much better');
  await expect(talk.getByTestId('family-rating')).toContainText('Marta Ruiz (Parent or guardian): He asks for his cup every morning now.');
  await expect(view.getByTestId('family-view-goal').filter({ hasText: CALM }).getByTestId('family-rating')).toContainText('About the same');
  await shot(page, 'checkins-walk-review');
  await page.close();
});

test('the teacher logs “used it, it helped” at school, the mother at home, and the Support page shows both', async ({ browser, server, shot }) => {
  const goals = await apiCall<{ goals: { id: string; statement: string }[] }>(f.therapist.request, 'GET', `/api/children/${f.childId}/goals`);
  const found = await apiCall<{ strategies: { id: string; starter: boolean }[] }>(f.therapist.request, 'GET', `/api/strategies?q=${encodeURIComponent('Visual timer')}`);
  await apiCall(f.therapist.request, 'POST', `/api/children/${f.childId}/strategies`, {
    strategyId: found.strategies.find((s) => s.starter)?.id, goalIds: goals.goals.filter((g) => g.statement === CALM).map((g) => g.id), settings: ['home', 'school'],
  });
  await apiCall(f.mum.request, 'POST', `/api/children/${f.childId}/invitations`, {
    email: TEACHER.email, name: TEACHER.name, role: 'teacher', consentNote: 'Nico’s teacher may see the strategies we use.',
  });
  const teacher = await acceptInvitation(browser, server, TEACHER, /./);
  await apiCall(teacher.request, 'PATCH', '/api/me', { locale: 'en' });
  const school = await teacher.newPage();
  await school.goto(`/children/${f.childId}/support`);
  const atSchool = school.getByRole('region', { name: 'At school' });
  await school.getByRole('button', { name: 'Used Visual timer today' }).click();
  await school.getByRole('group', { name: 'Did Visual timer help today?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(atSchool.getByTestId('use-count-school')).toContainText('At school: used once');
  await teacher.close();

  const mum = await f.mum.newPage();
  await mum.goto('/today');
  const home = mum.getByRole('region', { name: 'Strategies at home' });
  await home.getByRole('button', { name: 'Used Visual timer today' }).click();
  await home.getByRole('group', { name: 'Did Visual timer help today?' }).getByRole('button', { name: 'Yes' }).click();
  await expect(home.getByText('Used today: it helped.')).toBeVisible();
  await mum.close();

  const page = await f.therapist.newPage();
  await page.goto(`/children/${f.childId}/support`);
  const timer = page.getByRole('region', { name: 'At home' }).getByRole('article').filter({ has: page.getByRole('heading', { name: 'Visual timer' }) });
  await expect(timer.getByTestId('use-count-home')).toContainText('At home: used once · helped 1, a bit 0, not 0');
  await expect(timer.getByTestId('use-count-school')).toContainText('At school: used once · helped 1, a bit 0, not 0');
  await shot(page, 'checkins-walk-support');
  await page.close();
});

test('the pages read well in Spanish', async ({ shot }) => {
  const page = await f.therapist.newPage();
  await spanish(f.therapist, page, `/children/${f.childId}/plan`);
  await expect(page.getByRole('article', { name: 'Seguimiento semanal en casa: Marta Ruiz' })).toBeVisible();
  await shot(page, 'checkins-plan-es');
  await page.goto(`/children/${f.childId}/since`);
  await expect(page.getByRole('region', { name: 'En sus seguimientos' }).getByText(WORKED)).toBeVisible();
  await shot(page, 'checkins-since-es');
  await page.goto(`/children/${f.childId}/plan`);
  await page.getByRole('button', { name: 'Asignar un seguimiento' }).click();
  await expect(page.getByRole('dialog', { name: /Asignar un seguimiento/ })).toBeVisible();
  await shot(page, 'checkins-assign-es');
  await page.close();

  // A second check-in for the mother, to answer in Spanish: monthly, opened on today's date when it is one.
  const mum = await f.mum.newPage();
  await apiCall(f.therapist.request, 'POST', `/api/children/${f.childId}/checkins`, {
    formId: (await apiCall<{ forms: { id: string; starterKey: string }[] }>(f.therapist.request, 'GET', '/api/checkin-forms')).forms.find((x) => x.starterKey === 'caregiver_wellbeing')?.id,
    cadence: { kind: 'weekly', weekday: ((new Date(`${f.today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1 }, respondents: [{ kind: 'households' }],
  });
  await spanish(f.mum, mum, '/today');
  const today = mum.getByRole('region', { name: 'Un seguimiento le está esperando' });
  await expect(today).toBeVisible();
  await shot(mum, 'checkins-today-es');
  await today.getByRole('link', { name: /Responder/ }).click();
  await expect(mum.getByRole('heading', { name: '¿Cómo está usted?' })).toBeVisible();
  await shot(mum, 'checkins-answer-es');
  await mum.close();
  expect(assignmentId).not.toBe('');
  expect(occurrence).toBe(f.today);
});

test('the clinic sees the partnership check only as a mean of five answers or more', async ({ shot }) => {
  const forms = await apiCall<{ forms: { id: string; starterKey: string }[] }>(f.therapist.request, 'GET', '/api/checkin-forms');
  const weekday = ((new Date(`${f.today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const assigned = await apiCall<{ id: string }>(f.therapist.request, 'POST', `/api/children/${f.childId}/checkins`, {
    formId: forms.forms.find((x) => x.starterKey === 'partnership')?.id, cadence: { kind: 'weekly', weekday }, respondents: [{ kind: 'households' }],
  });
  await apiCall(f.mum.request, 'POST', `/api/children/${f.childId}/checkins/${assigned.id}/answers`, { occurrence: f.today, answers: { heard: 5, knowWhat: 4, fits: 4 }, submit: true });
  const page = await f.admin.newPage();
  await page.goto('/admin/checkins');
  const row = page.getByRole('row', { name: /Tina Therapist/ });
  await expect(row.getByText('Fewer than 5: not shown')).toBeVisible();
  await expect(page.getByText('Marta Ruiz')).toHaveCount(0);
  await shot(page, 'checkins-partnership');
  await spanish(f.admin, page, '/admin/checkins');
  await expect(page.getByRole('row', { name: /Tina Therapist/ }).getByText('Menos de 5: no se muestran')).toBeVisible();
  await shot(page, 'checkins-partnership-es');
  await page.close();
});
