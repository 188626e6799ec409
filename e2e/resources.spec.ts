// Resources for families, in a real browser against a real server: the therapist finds a starter
// article in the clinic library and gives it to the family with a note; the mother opens it on her
// phone, says it helped; the therapist sees that she opened it. In English and Spanish.
import { apiCall, clinicFamily, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Rhea Therapist', email: 'rhea@resources.example', password: 'pebble lantern autumn 31' };
const MUM = { name: 'Marta Madre', email: 'marta@family.example', password: 'willow kettle garden 64', viewport: { width: 390, height: 844 } };
const NOTE = 'The calm corner part is for Nico: try it this week.';

test('a therapist gives a resource with a note; the mother opens it on her phone and says it helped; the therapist sees it opened', async ({ browser, server, shot }) => {
  const family = await clinicFamily(browser, server, { therapist: THERAPIST, child: { firstName: 'Nico', lastName: 'Vega', therapyTypes: ['speech'] }, mum: MUM });
  const therapist = await family.therapist.newPage();

  await test.step('the therapist finds the starter article in the library, in English and Spanish', async () => {
    await therapist.goto('/');
    await therapist.getByRole('link', { name: 'Resources' }).click();
    await expect(therapist.getByRole('heading', { name: 'Resources for families', level: 1 })).toBeVisible();
    await therapist.getByLabel('Search').fill('calm');
    await therapist.getByRole('button', { name: 'Read “Calm-down strategies at home”' }).click();
    await expect(therapist.getByText('Every child gets overwhelmed sometimes.')).toBeVisible();
    await shot(therapist, 'resources-library');
    await therapist.getByRole('button', { name: 'Add a resource' }).click();
    const dialog = therapist.getByRole('dialog', { name: 'Add a resource' });
    await expect(dialog).toBeVisible();
    await expect(therapist.getByText('in every language the app speaks', { exact: false })).toBeVisible();
    // Written in the therapist's language to start with; any other of the seven can be added.
    await expect(dialog.getByRole('group', { name: 'In English' })).toBeVisible();
    await dialog.getByLabel('Add a language').selectOption('vi');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(dialog.getByRole('group', { name: 'In Vietnamese' })).toBeVisible();
    await shot(therapist, 'resources-add');
    await therapist.keyboard.press('Escape');
    await apiCall(family.therapist.request, 'PATCH', '/api/me', { locale: 'es' });
    await therapist.goto('/resources');
    await expect(therapist.getByRole('heading', { name: 'Recursos para las familias', level: 1 })).toBeVisible();
    await shot(therapist, 'resources-library-es');
    await apiCall(family.therapist.request, 'PATCH', '/api/me', { locale: 'en' });
  });

  await test.step('the therapist gives it to Nico’s family with a note', async () => {
    await therapist.goto(`/children/${family.childId}`);
    await therapist.getByRole('link', { name: 'Resources' }).last().click();
    await expect(therapist.getByRole('heading', { name: 'Resources', level: 2, exact: true })).toBeVisible();
    await therapist.getByRole('button', { name: 'Give a resource' }).click();
    const dialog = therapist.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Resource' }).fill('Calm');
    await therapist.getByRole('option', { name: /Calm-down strategies at home/ }).click();
    await dialog.getByLabel('A note for the family').fill(NOTE);
    await shot(therapist, 'resources-give');
    await dialog.getByRole('button', { name: 'Give it to the family' }).click();
    await expect(dialog).toBeHidden();
    const card = therapist.getByRole('article', { name: 'Calm-down strategies at home' });
    await expect(card.getByText(NOTE)).toBeVisible();
    await expect(card.getByTestId('resource-readers')).toHaveText('Not opened yet');
    await shot(therapist, 'resources-child-therapist');
  });

  const mum = await family.mum.newPage();

  await test.step('the mother, at 390 px, finds it on her Resources page and opens it', async () => {
    await mum.goto('/');
    await mum.getByRole('link', { name: 'Resources' }).click();
    await expect(mum.getByRole('heading', { name: 'Resources', level: 1, exact: true })).toBeVisible();
    const card = mum.getByRole('article', { name: 'Calm-down strategies at home' });
    await expect(card.getByText('New')).toBeVisible();
    await expect(card.getByText(NOTE)).toBeVisible();
    await shot(mum, 'resources-family');
    await card.getByRole('link', { name: 'Calm-down strategies at home' }).click();
    await expect(mum.getByRole('heading', { name: 'Calm-down strategies at home', level: 2 })).toBeVisible();
    await expect(mum.getByText(NOTE)).toBeVisible();
    await expect(mum.getByRole('heading', { name: 'In the moment' })).toBeVisible();
  });

  await test.step('she says it helped', async () => {
    const yes = mum.getByRole('button', { name: 'Yes, it helped' });
    await yes.click();
    await expect(yes).toHaveAttribute('aria-pressed', 'true');
    await expect(mum.getByText('Thank you: your therapist will see your answer.')).toBeVisible();
    await shot(mum, 'resource-read');
  });

  await test.step('in Spanish, the same pages read in her language', async () => {
    await apiCall(family.mum.request, 'PATCH', '/api/me', { locale: 'es' });
    await mum.goto('/resources');
    await expect(mum.getByRole('heading', { name: 'Recursos', level: 1 })).toBeVisible();
    const card = mum.getByRole('article', { name: 'Estrategias para calmarse en casa' });
    await expect(card.getByText('Usted dijo que le ayudó.')).toBeVisible();
    await shot(mum, 'resources-family-es');
    await card.getByRole('link', { name: 'Estrategias para calmarse en casa' }).click();
    await expect(mum.getByRole('heading', { name: 'En el momento' })).toBeVisible();
    await expect(mum.getByRole('button', { name: 'Sí, me ha ayudado' })).toHaveAttribute('aria-pressed', 'true');
    await shot(mum, 'resource-read-es');
  });

  await test.step('the therapist sees that she opened it, and that it helped', async () => {
    await therapist.goto(`/children/${family.childId}/resources`);
    const card = therapist.getByRole('article', { name: 'Calm-down strategies at home' });
    await expect(card.getByTestId('resource-readers')).toContainText(/Opened by Marta Madre, 2 times, last on .* · found it helpful/);
    await apiCall(family.therapist.request, 'PATCH', '/api/me', { locale: 'es' });
    await therapist.reload();
    await expect(therapist.getByRole('article', { name: 'Estrategias para calmarse en casa' }).getByTestId('resource-readers')).toContainText('le ha ayudado');
    await shot(therapist, 'resources-child-therapist-es');
  });

  await family.close();
});
