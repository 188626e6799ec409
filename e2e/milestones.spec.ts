// Milestones and plan reviews, walked in a real browser: a parent marks a win, the therapist sees
// it celebrated on the child's page and the home page and dismisses it (for herself only), the
// child's wins page shows it, a goal met is celebrated for both, and the therapist records a plan
// review listing the goal that changed. Each page passes axe and is photographed.
import type { BrowserContext, Page } from '@playwright/test';
import { acceptInvitation, adminContext, apiCall, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Sam Therapist', email: 'sam@milestones.example', password: 'orchard violet mountain 17' };
const MUM = { name: 'Laura Parent', email: 'laura@milestones.example', password: 'silver meadow ribbon 23' };
const GOAL = { area: 'communication', statement: 'Tells us what she wants with two words', measure: 'count', baseline: 1, target: 4, settings: ['therapy', 'home'] };
const WIN = 'Said “more juice” at breakfast!';

/** A JSON call as the person signed in to this browser context. */
const call = <T = Record<string, unknown>>(ctx: BrowserContext, method: 'GET' | 'POST', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);

const celebration = (page: Page, text: string) => page.getByTestId('celebration').filter({ hasText: text });

let therapist: BrowserContext;
let mum: BrowserContext;
let childId = '';
let goalId = '';

test.beforeAll(async ({ browser, server }) => {
  const admin = await adminContext(browser, server);
  await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  therapist = await acceptInvitation(browser, server, THERAPIST, /join/);
  const child = await call<{ id: string }>(therapist, 'POST', '/api/children', { firstName: 'Maya', lastName: 'López', therapyTypes: ['speech'] });
  childId = child.id;
  await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
  mum = await acceptInvitation(browser, server, MUM, /care team/);
  const goal = await call<{ id: string }>(therapist, 'POST', `/api/children/${childId}/goals`, GOAL);
  goalId = goal.id;
  await call(mum, 'POST', `/api/children/${childId}/goals/${goalId}/response`, { decision: 'agree', version: 1 });
  await admin.close();
});

test.afterAll(async () => {
  await therapist.close();
  await mum.close();
});

test('a win marked by a parent is celebrated until each person has seen it, and stays among the child’s wins', async ({ shot }) => {
  const mumPage = await mum.newPage();
  const samPage = await therapist.newPage();

  await test.step('the parent marks a win from the child’s page', async () => {
    await mumPage.goto(`/children/${childId}`);
    await mumPage.getByRole('button', { name: 'Mark a win' }).click();
    const dialog = mumPage.getByRole('dialog', { name: 'Mark a win for Maya' });
    await expect(dialog).toBeVisible();
    await shot(mumPage, 'milestones-mark-win');
    await dialog.getByLabel('What happened?').fill(WIN);
    await dialog.getByLabel('Is it about one of the goals? (optional)').selectOption({ label: GOAL.statement });
    await dialog.getByRole('button', { name: 'Share the win' }).click();
    await expect(dialog).toBeHidden();
    await expect(celebration(mumPage, WIN)).toBeVisible();
  });

  await test.step('the therapist sees it on the child’s page and on her home page', async () => {
    await samPage.goto(`/children/${childId}`);
    await expect(celebration(samPage, WIN)).toContainText('A win for Maya!');
    await expect(celebration(samPage, WIN)).toContainText('Marked by Laura Parent (Parent or guardian)');
    await shot(samPage, 'milestones-overview');
    await samPage.goto('/');
    await expect(celebration(samPage, `A win for Maya: ${WIN}`)).toBeVisible();
    await shot(samPage, 'milestones-home');
  });

  await test.step('she dismisses it: gone for her, after a reload too, still there for the parent', async () => {
    await samPage.getByRole('button', { name: `Seen it, thank you: ${WIN}` }).click();
    await expect(celebration(samPage, WIN)).toHaveCount(0);
    await samPage.reload();
    await expect(samPage.getByRole('heading', { name: 'Caseload' })).toBeVisible();
    await expect(celebration(samPage, WIN)).toHaveCount(0);
    await samPage.goto(`/children/${childId}`);
    await expect(samPage.getByRole('heading', { name: 'Maya’s wins' })).toBeVisible();
    await expect(celebration(samPage, WIN)).toHaveCount(0);

    await mumPage.reload();
    await expect(celebration(mumPage, WIN)).toBeVisible();
    await mumPage.getByRole('button', { name: `Seen it, thank you: ${WIN}` }).click();
    await expect(celebration(mumPage, WIN)).toHaveCount(0);
  });

  await test.step('the child’s wins page still shows it, big and bright', async () => {
    await mumPage.getByRole('link', { name: 'See all of Maya’s wins' }).click();
    await expect(mumPage.getByRole('heading', { level: 1, name: 'Maya’s wins' })).toBeVisible();
    await expect(mumPage.getByTestId('win').filter({ hasText: WIN })).toContainText('Noticed by Laura Parent');
    await shot(mumPage, 'milestones-wins');
  });
  await mumPage.close();
  await samPage.close();
});

test('a goal met is celebrated for the therapist and the family', async ({ shot }) => {
  await call(therapist, 'POST', `/api/children/${childId}/goals/${goalId}/status`, { status: 'met', reason: 'Four requests every day this week!' });
  const samPage = await therapist.newPage();
  await samPage.goto('/');
  await expect(celebration(samPage, `Maya met a goal: ${GOAL.statement}`)).toBeVisible();
  const mumPage = await mum.newPage();
  await mumPage.goto(`/children/${childId}`);
  await expect(celebration(mumPage, GOAL.statement)).toContainText('Maya met a goal!');
  await mumPage.goto('/');
  await expect(celebration(mumPage, `Maya met a goal: ${GOAL.statement}`)).toBeVisible();
  await shot(mumPage, 'milestones-home-family');

  await test.step('in Spanish, the wins page says it kindly too', async () => {
    await mumPage.getByRole('button', { name: 'Language: English' }).click();
    await mumPage.getByRole('button', { name: 'Español' }).click();
    await expect(celebration(mumPage, `Maya alcanzó una meta: ${GOAL.statement}`)).toBeVisible();
    await shot(mumPage, 'milestones-home-es');
    await mumPage.goto(`/children/${childId}/wins`);
    await expect(mumPage.getByRole('heading', { level: 1, name: 'Los logros de Maya' })).toBeVisible();
    await expect(mumPage.getByTestId('win').filter({ hasText: GOAL.statement })).toContainText('¡Meta alcanzada!');
    await shot(mumPage, 'milestones-wins-es');
    await mumPage.goto(`/children/${childId}`);
    await expect(mumPage.getByRole('heading', { name: 'Algo que celebrar' })).toBeVisible();
    await shot(mumPage, 'milestones-overview-es');
  });
  await mumPage.close();
  await samPage.close();
});

test('the therapist records a plan review listing the goal that changed', async ({ shot }) => {
  const samPage = await therapist.newPage();
  await samPage.goto(`/children/${childId}`);
  await samPage.getByRole('link', { name: 'Plan reviews' }).click();
  await expect(samPage.getByRole('heading', { name: 'No plan reviews yet' })).toBeVisible();
  await samPage.getByRole('button', { name: 'Record a plan review' }).click();
  const form = samPage.getByRole('region', { name: 'Record a plan review' });
  await form.getByRole('checkbox', { name: /Laura Parent/ }).check();
  await form.getByLabel('What was agreed').fill('Maya met her first goal. Next we try three-word requests at breakfast.');
  const preview = form.getByRole('region', { name: 'Goals changed so far (this is the first review)' });
  await expect(preview.getByTestId('goal-changed').filter({ hasText: GOAL.statement })).toContainText('status agreed → met');
  await shot(samPage, 'milestones-review-form');
  await form.getByRole('button', { name: 'Save the review' }).click();
  const review = samPage.getByTestId('review');
  await expect(review).toHaveCount(1);
  await expect(review).toContainText('Laura Parent (Parent or guardian)');
  await expect(review).toContainText('Next we try three-word requests');
  const goal = review.getByTestId('goal-changed').filter({ hasText: GOAL.statement });
  await expect(goal).toContainText('Agreed by Laura Parent (version 1)');
  await expect(goal).toContainText('status agreed → met');
  await shot(samPage, 'milestones-reviews');

  // The family reads the same record.
  const mumPage = await mum.newPage();
  await mumPage.goto(`/children/${childId}/reviews`);
  await expect(mumPage.getByTestId('review')).toContainText('estado acordada → alcanzada');
  await expect(mumPage.getByRole('button', { name: /Registrar una revisión/ })).toHaveCount(0);
  await shot(mumPage, 'milestones-reviews-es');
  await mumPage.close();
  await samPage.close();
});
