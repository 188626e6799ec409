// The family's view of progress, in a real browser against a real server: a plan review is a week
// away, so the mother is asked on Today; on her phone she rates two goals in her own words; the
// therapist's review page shows each rating beside the goal's measured trend. English and Spanish.
import { apiCall, clinicFamily, expect, scheduleSession, shiftDate, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Ruth Therapist', email: 'ruth@ratings.example', password: 'harbour pepper winter 29' };
const MUM = { name: 'Inés Madre', email: 'ines@family.example', password: 'meadow copper lantern 47', viewport: { width: 390, height: 844 } };
const TALK = 'Asks for help with two words';
const CALM = 'Calms down with belly breathing';

test('before a review the mother rates two goals, and the review page shows her rating beside the measured trend', async ({ browser, server, shot }) => {
  const family = await clinicFamily(browser, server, { therapist: THERAPIST, child: { firstName: 'Lía', lastName: 'Ortega', therapyTypes: ['speech'] }, mum: MUM });
  const { childId, today } = family;

  await test.step('two goals measured over three weeks, and a plan review in a week', async () => {
    for (const [statement, values] of [[TALK, [1, 2, 3, 4, 5, 6]], [CALM, [3, 3, 3, 3, 3, 3]]] as const) {
      const goal = await apiCall<{ id: string }>(family.therapist.request, 'POST', `/api/children/${childId}/goals`, { area: 'communication', statement, measure: 'count', target: 8, settings: ['therapy', 'home'] });
      for (const [i, value] of values.entries()) {
        await apiCall(family.therapist.request, 'POST', `/api/children/${childId}/goals/${goal.id}/measurements`, { value, date: shiftDate(today, -20 + i * 4), setting: 'home' });
      }
    }
    await scheduleSession(family.therapist, childId, { kind: 'plan_review', date: shiftDate(today, 7), time: '16:00' });
  });

  const mum = await family.mum.newPage();

  await test.step('the mother is asked on Today, at 390 px', async () => {
    await mum.goto('/today');
    const prompt = mum.getByTestId('rating-prompt');
    await expect(prompt).toContainText('Before Lía’s plan review on');
    await expect(prompt).toContainText('You have rated 0 of 2 goals.');
    await shot(mum, 'goal-ratings-today');
    await prompt.getByRole('link', { name: 'Rate the goals' }).click();
    await expect(mum.getByRole('heading', { name: 'How are the goals going?' })).toBeVisible();
  });

  await test.step('she rates the two goals in her own words', async () => {
    const talk = mum.getByRole('radiogroup', { name: TALK });
    await talk.getByRole('radio', { name: 'Much better' }).check();
    await mum.getByRole('textbox', { name: 'In a sentence (optional)' }).first().fill('She asks for her cup every morning now.');
    await mum.getByRole('radiogroup', { name: CALM }).getByRole('radio', { name: 'About the same' }).check();
    await shot(mum, 'goal-ratings-form');
    await mum.getByRole('button', { name: 'Save my ratings' }).click();
    await expect(mum.getByText('Thank you: your ratings will be discussed at the review.')).toBeVisible();
    await expect(mum.getByTestId('family-view')).toContainText('She asks for her cup every morning now.');
  });

  await test.step('in Spanish, the form reads in her language with her ratings kept', async () => {
    await apiCall(family.mum.request, 'PATCH', '/api/me', { locale: 'es' });
    await mum.goto(`/children/${childId}/goal-ratings`);
    await expect(mum.getByRole('heading', { name: '¿Cómo van los objetivos?' })).toBeVisible();
    await expect(mum.getByRole('radiogroup', { name: TALK }).getByRole('radio', { name: 'Mucho mejor' })).toBeChecked();
    await shot(mum, 'goal-ratings-form-es');
    await mum.goto('/today');
    await expect(mum.getByTestId('rating-prompt')).toContainText('Ha valorado 2 de 2 objetivos.');
    await shot(mum, 'goal-ratings-today-es');
  });

  await test.step('the therapist’s review page shows each rating beside the measured trend', async () => {
    const page = await family.therapist.newPage();
    await page.goto(`/children/${childId}/reviews`);
    const view = page.getByTestId('family-view');
    await expect(view.getByRole('heading', { name: 'The family’s view' })).toBeVisible();
    const talk = view.getByTestId('family-view-goal').filter({ hasText: TALK });
    await expect(talk.getByTestId('measured-trend')).not.toBeEmpty();
    await expect(talk.getByTestId('family-rating')).toContainText('Much better');
    await expect(talk.getByTestId('family-rating')).toContainText('Inés Madre (Parent or guardian): She asks for her cup every morning now.');
    await expect(view.getByTestId('family-view-goal').filter({ hasText: CALM }).getByTestId('family-rating')).toContainText('About the same');
    await shot(page, 'goal-ratings-review');
    await apiCall(family.therapist.request, 'PATCH', '/api/me', { locale: 'es' });
    await page.reload();
    await expect(page.getByRole('heading', { name: 'La opinión de la familia' })).toBeVisible();
    await shot(page, 'goal-ratings-review-es');
    await page.close();
  });

  await test.step('good news, on purpose: the caseload offers Lía’s improving goal as a start, and the message clears the flag', async () => {
    const page = await family.therapist.newPage();
    await page.goto('/');
    const card = page.getByRole('region', { name: 'Buenas noticias, a propósito' });
    await expect(card.getByTestId('good-news-family')).toContainText(`Va bien: ${TALK}`);
    await shot(page, 'good-news-caseload-es');
    await apiCall(family.therapist.request, 'PATCH', '/api/me', { locale: 'en' });
    await page.reload();
    const en = page.getByRole('region', { name: 'Good news, on purpose' });
    await expect(en.getByTestId('good-news-family')).toContainText('No good news from the team yet');
    await shot(page, 'good-news-caseload');
    await en.getByRole('button', { name: 'Write good news to Lía’s family' }).click();
    const dialog = page.getByRole('dialog', { name: 'Good news for Lía’s family' });
    const box = dialog.getByRole('textbox', { name: 'Good news for Lía’s family' });
    await expect(box).toHaveValue(/Hello! I wanted to share some good news about Lía\. .*going really well lately/);
    await shot(page, 'good-news-write');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText('Good news sent to Lía’s family')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Good news, on purpose' })).toHaveCount(0);
    await page.goto(`/children/${childId}/messages`);
    await expect(page.getByText('Hello! I wanted to share some good news about Lía.')).toBeVisible();
  });

  await family.close();
});
