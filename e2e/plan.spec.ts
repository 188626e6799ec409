// The care plan, walked by a therapist and a parent in two browsers against a real server: a goal
// is drafted, the parent asks for a change, the therapist revises, the parent agrees, both record
// progress, the chart and its sentence follow, the target is reached and the goal is marked met.
// The team, the child and the accounts are made through the API: the foundation walk already
// proved those screens.
import type { Page } from '@playwright/test';
import { acceptInvitation, adminContext, apiCall as call, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Tara Speech', email: 'tara@clinic.example', password: 'willow lantern river 31' };
const PARENT = { name: 'Dana Parent', email: 'dana@family.example', password: 'maple candle autumn 84' };
const GOAL = 'Tells us what she wants with two words';
const CHANGE = 'Could we also count it at dinner? Eighty percent feels like a lot to start with.';

const goalCard = (page: Page) => page.getByRole('article', { name: GOAL });

let therapist: Page;
let parent: Page;
let planUrl = '';

test('a goal is agreed with the family, measured at therapy and at home, and marked met', async ({ browser, server, shot }) => {
  await test.step('a clinic, a therapist, a child and a parent (through the API)', async () => {
    const admin = await adminContext(browser, server);
    await call(admin.request, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
    await admin.close();

    therapist = await (await acceptInvitation(browser, server, THERAPIST, /invited to join/)).newPage();
    const child = await call(therapist.request, 'POST', '/api/children', { firstName: 'Mia', lastName: 'López', therapyTypes: ['speech'] });
    const childId = String(child.id);
    await call(therapist.request, 'POST', `/api/children/${childId}/invitations`, { email: PARENT.email, name: PARENT.name, role: 'guardian' });
    parent = await (await acceptInvitation(browser, server, PARENT, /invited to Mia's care team/)).newPage();
    planUrl = `/children/${childId}/plan`;
  });

  await test.step('the therapist drafts a goal in plain words', async () => {
    await therapist.goto(planUrl);
    await expect(therapist.getByRole('heading', { name: 'Mia’s plan' })).toBeVisible();
    await expect(therapist.getByText('No goals yet')).toBeVisible();
    await therapist.getByRole('button', { name: 'New goal' }).first().click();
    const dialog = therapist.getByRole('dialog');
    await dialog.getByLabel('The goal, as a parent would say it').fill(GOAL);
    await dialog.getByLabel('How progress is measured').selectOption({ label: 'Out of how many chances' });
    await dialog.getByLabel('What is counted (optional)').fill('requests with two words when she wants something');
    // A target below the start is caught, in words, on the field itself.
    await dialog.getByLabel('Start (optional)').fill('90');
    await dialog.getByLabel('Target', { exact: true }).fill('80');
    await dialog.getByRole('button', { name: 'Propose to the family' }).click();
    await expect(dialog.getByText('The target is above the start.')).toBeVisible();
    await dialog.getByLabel('Start (optional)').fill('20');
    await expect(dialog.getByText('The target is above the start.')).toBeHidden();
    await dialog.getByText('1 · Most').click();
    await expect(dialog.getByRole('radio', { name: '1 · Most' })).toBeChecked();
    await dialog.getByLabel('Why it matters to us').fill('So she can ask for things instead of crying when we don’t understand.');
    await shot(therapist, 'plan-goal-form');
    await dialog.getByRole('button', { name: 'Propose to the family' }).click();
    await expect(dialog).toBeHidden();
    await expect(therapist.getByRole('heading', { name: 'Waiting for the family (1)' })).toBeVisible();
    await expect(goalCard(therapist)).toContainText('from 20% to 80%');
    await expect(goalCard(therapist)).toContainText('Family priority 1');
  });

  await test.step('the parent asks for a change, with a comment', async () => {
    await parent.goto(planUrl);
    await expect(parent.getByRole('heading', { name: 'Waiting for your answer (1)' })).toBeVisible();
    await shot(parent, 'plan-guardian-proposed');
    await goalCard(parent).getByRole('button', { name: 'Ask for a change' }).click();
    const dialog = parent.getByRole('dialog');
    // The comment is required: an empty request is refused before it is sent.
    await dialog.getByRole('button', { name: 'Send to the therapist' }).click();
    await expect(dialog.getByText('Please fill this in.')).toBeVisible();
    await dialog.getByLabel('What would you like to change?').fill(CHANGE);
    await dialog.getByRole('button', { name: 'Send to the therapist' }).click();
    await expect(dialog).toBeHidden();
    await expect(goalCard(parent).getByText('Change asked for')).toBeVisible();
  });

  await test.step('the therapist sees the comment on the card and revises the goal', async () => {
    await therapist.reload();
    const card = goalCard(therapist);
    await expect(card.getByText(`${PARENT.name} asked for a change`)).toBeVisible();
    await expect(card.getByText(CHANGE)).toBeVisible();
    await shot(therapist, 'plan-therapist-change-asked');
    await card.getByRole('button', { name: 'Revise' }).click();
    const dialog = therapist.getByRole('dialog');
    await expect(dialog.getByText('If you change what it says or how it is measured, it goes back to them')).toBeVisible();
    await dialog.getByLabel('Target', { exact: true }).fill('70');
    await dialog.getByRole('button', { name: 'Save the revision' }).click();
    await expect(dialog).toBeHidden();
    await expect(card).toContainText('from 20% to 70%');
    await expect(card.getByText('Waiting for agreement')).toBeVisible();
    await card.getByRole('button', { name: 'History' }).click();
    const history = therapist.getByRole('dialog', { name: 'Goal history' });
    await expect(history.getByText('Revised the goal (now version 2)')).toBeVisible();
    await expect(history.getByText('80% → 70%')).toBeVisible();
    await expect(history.getByText(CHANGE)).toBeVisible();
    await shot(therapist, 'plan-history');
    await history.getByRole('button', { name: 'Close' }).click();
  });

  await test.step('the parent agrees to the new version and the agreement is recorded', async () => {
    await parent.reload();
    const card = goalCard(parent);
    await expect(card).toContainText('from 20% to 70%');
    // The therapist changes the goal again while the parent is reading it: the parent's answer is
    // refused, they are told why, and they see the new version before answering again.
    const goalsPath = `/api${planUrl.replace(/\/plan$/, '/goals')}`;
    const goals = (await call(therapist.request, 'GET', goalsPath)) as { goals: { id: string }[] };
    await call(therapist.request, 'PATCH', `${goalsPath}/${goals.goals[0]?.id ?? ''}`, { unit: 'two-word requests, at therapy and at dinner' });
    await card.getByRole('button', { name: 'Agree' }).click();
    await expect(parent.getByRole('alert').filter({ hasText: 'This goal changed since you read it' })).toBeVisible();
    await expect(card).toContainText('two-word requests, at therapy and at dinner');
    await card.getByRole('button', { name: 'Agree' }).click();
    await expect(parent.getByRole('heading', { name: 'Working on now (1)' })).toBeVisible();
    await expect(card.getByText(new RegExp(`Agreed by ${PARENT.name} on .+, version 3`))).toBeVisible();
  });

  await test.step('the therapist and the parent each record progress; the chart, its numbers and the sentence follow', async () => {
    await therapist.reload();
    const card = goalCard(therapist);
    await expect(card.getByTestId('trend-sentence')).toHaveText('No measurements yet');
    await card.getByRole('button', { name: 'Record progress' }).click();
    const dialog = therapist.getByRole('dialog', { name: 'Record progress' });
    await dialog.getByLabel('Times').fill('3');
    await dialog.getByLabel('Chances').fill('5');
    await expect(dialog.getByText('60% (3 of 5)')).toBeVisible();
    await expect(dialog.getByRole('radio', { name: 'Therapy' })).toBeChecked();
    await shot(therapist, 'plan-measure-dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(card.getByTestId('trend-sentence')).toHaveText('First measurement in: a few more weeks will show the direction');
    await expect(card.getByRole('img', { name: /1 measurement from .+ Latest: 60% \(3 of 5\)/ })).toBeVisible();

    await parent.reload();
    const home = goalCard(parent);
    await home.getByRole('button', { name: 'Record progress' }).click();
    const entry = parent.getByRole('dialog', { name: 'Record progress' });
    // A parent records at home; the form does not offer therapy.
    await expect(entry.getByText('Recorded at: Home')).toBeVisible();
    await entry.getByLabel('Times').fill('3');
    await entry.getByLabel('Chances').fill('5');
    await entry.getByLabel('A note (optional)').fill('At dinner');
    await entry.getByRole('button', { name: 'Save' }).click();
    await expect(entry).toBeHidden();
    await home.getByRole('button', { name: 'Show the numbers' }).click();
    const rows = home.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(1)).toContainText('Home');
    await expect(rows.nth(1)).toContainText(`${PARENT.name} (Parent or guardian)`);
    await expect(rows.nth(1)).toContainText('At dinner');
    await expect(rows.nth(2)).toContainText('Therapy');
    await shot(parent, 'plan-guardian');
  });

  await test.step('a measurement that reaches the target makes the sentence say so', async () => {
    await therapist.reload();
    const card = goalCard(therapist);
    await card.getByRole('button', { name: 'Record progress' }).click();
    const dialog = therapist.getByRole('dialog', { name: 'Record progress' });
    await dialog.getByLabel('Times').fill('10');
    await dialog.getByLabel('Chances').fill('10');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(card.getByTestId('trend-sentence')).toHaveText('Target reached');
    await card.getByRole('button', { name: 'Show the numbers' }).click();
    await expect(card.getByRole('table').getByRole('row')).toHaveCount(4);
    await shot(therapist, 'plan-therapist');
  });

  await test.step('the plan reads in Spanish for a parent who speaks it', async () => {
    await call(parent.request, 'PATCH', '/api/me', { locale: 'es' });
    await parent.reload();
    await expect(parent.getByRole('heading', { name: 'El plan de Mia' })).toBeVisible();
    await expect(goalCard(parent).getByTestId('trend-sentence')).toHaveText('Meta alcanzada');
    await shot(parent, 'plan-guardian-es');
    await call(parent.request, 'PATCH', '/api/me', { locale: 'en' });
  });

  await test.step('the parent suggests a goal of their own and changes what matters most', async () => {
    await parent.reload();
    await parent.getByRole('button', { name: 'Suggest a goal' }).click();
    const dialog = parent.getByRole('dialog', { name: 'Suggest a goal for Mia' });
    await dialog.getByLabel('What would you like to see?').fill('Sleeps in her own bed');
    await dialog.getByLabel('Area').selectOption({ label: 'Sleep' });
    await dialog.getByLabel('Why it matters to us').fill('We are all so tired.');
    await dialog.getByRole('button', { name: 'Send the suggestion' }).click();
    await expect(dialog).toBeHidden();
    await expect(parent.getByRole('heading', { name: 'Suggestions from the family (1)' })).toBeVisible();

    await goalCard(parent).getByRole('button', { name: 'What matters to us' }).click();
    const priority = parent.getByRole('dialog', { name: 'What matters most to your family' });
    await priority.getByText('3', { exact: true }).click();
    await priority.getByRole('button', { name: 'Save changes' }).click();
    await expect(priority).toBeHidden();
    await expect(goalCard(parent)).toContainText('Family priority 3');

    await therapist.reload();
    const suggestion = therapist.getByRole('article', { name: 'Sleeps in her own bed' });
    await expect(suggestion).toContainText('We are all so tired.');
    await expect(suggestion.getByRole('button', { name: 'Write up this goal' })).toBeVisible();
  });

  await test.step('the therapist marks the goal met', async () => {
    const card = goalCard(therapist);
    await card.getByRole('button', { name: 'Change status' }).click();
    await therapist.getByRole('menuitem', { name: 'Mark as met' }).click();
    const dialog = therapist.getByRole('dialog', { name: 'Change the goal’s status' });
    await dialog.getByLabel('A note for the family (optional)').fill('Mia asks with two words every day now!');
    await dialog.getByRole('button', { name: 'Mark as met' }).click();
    await expect(dialog).toBeHidden();
    const met = therapist.getByRole('button', { name: 'Goals met (1)' });
    await expect(met).toHaveAttribute('aria-expanded', 'false');
    await met.click();
    await expect(card.getByText('Met', { exact: true })).toBeVisible();
    await expect(card.getByText('Mia asks with two words every day now!')).toBeVisible();
  });

  await test.step('the team sees the goal met celebrated, on the child’s page and on their home page', async () => {
    await parent.reload();
    await parent.getByRole('button', { name: 'Goals met (1)' }).click();
    await expect(goalCard(parent).getByText('Met', { exact: true })).toBeVisible();
    for (const page of [therapist, parent]) {
      await page.goto(planUrl.replace(/\/plan$/, ''));
      await expect(page.getByTestId('celebration').filter({ hasText: 'Mia met a goal!' })).toBeVisible();
      await page.goto('/');
      await expect(page.getByTestId('celebration').filter({ hasText: `Mia met a goal: ${GOAL}` })).toBeVisible();
    }
    await shot(parent, 'plan-celebration-home-parent');
  });
});
