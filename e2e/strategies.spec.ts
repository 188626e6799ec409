// Same support everywhere, in a real browser against a real server: the therapist attaches a
// starter strategy to a goal for home and school; the guardian reads it at home in Spanish; the
// teacher reads it at school and not a therapy-only one; the page prints on one or two A4 pages.
// A strategy the clinic wrote in English reaches a parent who reads Arabic translated by machine
// (the LibreTranslate stand-in), with "Show original"; the therapist corrects a translation by hand.
import { request as apiRequest, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { Mailbox, adminContext, apiCall, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Sam Therapist', email: 'sam@strategies.example', password: 'orchard violet mountain 17' };
const MUM = { name: 'Carmen Madre', email: 'carmen@family.example', password: 'copper kettle morning 58' };
const DAD = { name: 'Karim Haddad', email: 'karim@family.example', password: 'amber harbour lantern 64' };
const OWN = {
  name: 'Dinosaur countdown', purpose: 'Counting down with his dinosaur before a change.', steps: ['Show him the dinosaur.', 'Count down from five together.'], tips: ['Let him hold it.'],
};
const TEACHER = { name: 'Hannah Teacher', email: 'hannah@school.example', password: 'silver meadow ribbon 23' };
const TALK = 'Tells us what he wants with two words';
const STORY = 'Sits for a whole story in therapy';

type Person = { email: string; password: string };

/** An API session for one person, with the CSRF token a browser would send. */
async function session(baseURL: string, who: Person): Promise<{ ctx: APIRequestContext; send: (method: string, url: string, data?: object) => Promise<{ id?: string }> }> {
  const ctx = await apiRequest.newContext({ baseURL });
  const login = await ctx.post('/api/auth/login', { data: { email: who.email, password: who.password } });
  expect(login.ok(), await login.text()).toBe(true);
  const me = (await (await ctx.get('/api/me')).json()) as { csrfToken: string };
  const send = async (method: string, url: string, data: object = {}) => {
    const res = await ctx.fetch(url, { method, data, headers: { 'x-csrf-token': me.csrfToken } });
    expect(res.ok(), `${method} ${url}: ${await res.text()}`).toBe(true);
    return (await res.json()) as { id?: string };
  };
  return { ctx, send };
}

/** Accepts the emailed invitation as a new account. */
async function accept(baseURL: string, mailbox: Mailbox, who: Person & { name: string }, locale: 'en' | 'es' | 'ar' = 'en') {
  const mail = await mailbox.waitFor(who.email, /./);
  const token = Mailbox.link(mail, '/invite/').split('/invite/')[1]?.split(/[?#\s]/)[0] ?? '';
  const ctx = await apiRequest.newContext({ baseURL });
  const res = await ctx.post(`/api/invitations/${token}/accept`, { data: { name: who.name, password: who.password, locale } });
  expect(res.ok(), await res.text()).toBe(true);
  await ctx.dispose();
}

/** A browser page signed in as this person. */
async function browserFor(browser: Browser, baseURL: string, who: Person): Promise<Page> {
  const { ctx } = await session(baseURL, who);
  const context = await browser.newContext({ baseURL, storageState: await ctx.storageState() });
  await ctx.dispose();
  return context.newPage();
}

function settingSection(page: Page, heading: string) {
  return page.getByRole('region', { name: heading });
}

let childId = '';

test('a strategy is the same at home and at school, and prints on two pages at most', async ({ browser, server, shot }) => {
  const base = server.url;

  await test.step('a clinic, a therapist, a child with two goals, a Spanish-speaking guardian and a teacher', async () => {
    const admin = await adminContext(browser, server);
    await apiCall(admin.request, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
    await admin.close();
    await accept(base, server.mailbox, THERAPIST);

    const therapist = await session(base, THERAPIST);
    childId = (await therapist.send('POST', '/api/children', { firstName: 'Leo', lastName: 'Rivera', therapyTypes: ['speech'] })).id ?? '';
    await therapist.send('POST', `/api/children/${childId}/goals`, { area: 'communication', statement: TALK, measure: 'count', target: 6, settings: ['therapy', 'home', 'school'] });
    const story = await therapist.send('POST', `/api/children/${childId}/goals`, { area: 'behaviour', statement: STORY, measure: 'duration', target: 10, settings: ['therapy'] });
    // A strategy used only in therapy, which the teacher must not see.
    const library = (await (await therapist.ctx.get('/api/strategies?q=belly')).json()) as { strategies: { id: string }[] };
    await therapist.send('POST', `/api/children/${childId}/strategies`, { strategyId: library.strategies[0]?.id, goalIds: [story.id], settings: ['therapy'] });
    await therapist.send('POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian', locale: 'es' });
    await accept(base, server.mailbox, MUM, 'es');

    const mum = await session(base, MUM);
    await mum.send('POST', `/api/children/${childId}/invitations`, {
      email: TEACHER.email, name: TEACHER.name, role: 'teacher', consentNote: 'Leo’s teacher may see the strategies we use.',
    });
    await accept(base, server.mailbox, TEACHER);
    for (const s of [therapist, mum]) await s.ctx.dispose();
  });

  const page = await browserFor(browser, base, THERAPIST);

  await test.step('the therapist finds the strategy in the clinic library', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Strategies' }).click();
    await expect(page.getByRole('heading', { name: 'Strategy library', level: 1 })).toBeVisible();
    await page.getByLabel('Search strategies').fill('first');
    await page.getByRole('button', { name: 'Read First–then' }).click();
    await expect(page.getByText('Pick one task your child needs to do')).toBeVisible();
    await shot(page, 'strategies-library');
  });

  await test.step('the therapist attaches First–then to the talking goal, for home and school, with a note', async () => {
    await page.goto(`/children/${childId}`);
    await page.getByRole('link', { name: 'Support' }).click();
    await expect(page.getByRole('heading', { name: 'Same support everywhere' })).toBeVisible();
    await page.getByRole('button', { name: 'Add a strategy' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Strategy' }).fill('First');
    await page.getByRole('option', { name: 'First–then' }).click();
    await dialog.getByRole('checkbox', { name: TALK }).check();
    await dialog.getByRole('checkbox', { name: 'At school' }).check();
    await dialog.getByLabel('Personal note (optional)').fill('Use his dinosaur timer.');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    const home = settingSection(page, 'At home');
    await expect(home.getByRole('heading', { name: 'First–then' })).toBeVisible();
    await expect(home.getByText('Use his dinosaur timer.')).toBeVisible();
    await expect(settingSection(page, 'In therapy').getByRole('heading', { name: 'Belly breathing' })).toBeVisible();
    await shot(page, 'support-therapist');
  });

  await test.step('printed, it hides the app and fits on two A4 pages at most', async () => {
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('banner')).toBeHidden();
    await expect(page.getByText('Leo Rivera: same support everywhere')).toBeVisible();
    await expect(page.getByText(/Therapist: Sam Therapist/)).toBeVisible();
    await page.screenshot({ path: 'screenshots/support-print.png', fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    expect(pages.length).toBeLessThanOrEqual(2);
    await page.emulateMedia({ media: 'screen' });
  });

  await test.step('the guardian reads it under "En casa", in Spanish', async () => {
    const mum = await browserFor(browser, base, MUM);
    await mum.goto(`/children/${childId}/support`);
    const home = settingSection(mum, 'En casa');
    await expect(home.getByRole('heading', { name: 'Primero–después' })).toBeVisible();
    await expect(home.getByText('Elija una tarea que su hijo o hija tiene que hacer')).toBeVisible();
    await expect(home.getByText(`«${TALK}»`)).toBeVisible();
    await expect(mum.getByRole('button', { name: 'Añadir una estrategia' })).toHaveCount(0);
    await shot(mum, 'support-guardian-es');
    await mum.context().close();
  });

  await test.step('the teacher reads it under "At school", and not the therapy-only strategy', async () => {
    const teacher = await browserFor(browser, base, TEACHER);
    await teacher.goto(`/children/${childId}/support`);
    const school = settingSection(teacher, 'At school');
    await expect(school.getByRole('heading', { name: 'First–then' })).toBeVisible();
    await expect(school.getByText('Use his dinosaur timer.')).toBeVisible();
    await expect(teacher.getByText('Belly breathing')).toHaveCount(0);
    await expect(teacher.getByText(STORY)).toHaveCount(0);
    await expect(settingSection(teacher, 'At home')).toHaveCount(0);
    await shot(teacher, 'support-teacher');
    await teacher.context().close();
  });

  await page.context().close();
});

test('the clinic’s own strategy reaches an Arabic-reading parent in Arabic, with the original a tap away', async ({ browser, server, shot }) => {
  const base = server.url;
  const therapist = await session(base, THERAPIST);
  const own = await therapist.send('POST', '/api/strategies', { settings: ['home'], content: { en: OWN } });
  const goals = (await (await therapist.ctx.get(`/api/children/${childId}/goals`)).json()) as { goals: { id: string; statement: string }[] };
  const talk = goals.goals.find((g) => g.statement === TALK)?.id;
  await therapist.send('POST', `/api/children/${childId}/strategies`, { strategyId: own.id, goalIds: [talk], settings: ['home'] });
  await therapist.send('POST', `/api/children/${childId}/invitations`, { email: DAD.email, name: DAD.name, role: 'guardian', locale: 'ar' });
  await therapist.ctx.dispose();
  await accept(base, server.mailbox, DAD, 'ar');

  const dad = await browserFor(browser, base, DAD);
  await dad.setViewportSize({ width: 390, height: 844 });

  await test.step('the parent reads it translated by machine, and can show the original', async () => {
    await dad.goto(`/children/${childId}/support`);
    const found = dad.locator('article', { has: dad.getByRole('heading', { name: 'العد التنازلي مع الديناصور' }) });
    // The card by its id: its heading changes language below.
    const card = dad.locator(`[id="${await found.getAttribute('id')}"]`);
    await expect(card.getByText('أره الديناصور.')).toBeVisible();
    await expect(card.getByText('دعه يمسكه.')).toBeVisible();
    await expect(card.getByText(/ترجمة آلية/)).toBeVisible();
    await shot(dad, 'support-clinic-strategy-ar');
    await card.getByRole('button', { name: 'عرض الأصل' }).click();
    await expect(card.getByRole('heading', { name: OWN.name })).toBeVisible();
    await expect(card.getByText('Show him the dinosaur.')).toBeVisible();
    await expect(card.locator('ol[lang="en"]', { hasText: 'Show him the dinosaur.' })).toBeVisible();
    await card.getByRole('button', { name: 'عرض الترجمة' }).click();
    await expect(card.getByRole('heading', { name: 'العد التنازلي مع الديناصور' })).toBeVisible();
  });

  await test.step('the therapist corrects the Arabic name from the library; the parent sees it marked as the therapist’s', async () => {
    const page = await browserFor(browser, base, THERAPIST);
    await page.goto('/strategies');
    await page.getByRole('button', { name: `Read ${OWN.name}` }).click();
    await page.getByRole('button', { name: 'Translations' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Language').selectOption('ar');
    const name = dialog.getByRole('textbox', { name: 'Name · Translation' });
    await expect(name).toHaveValue('العد التنازلي مع الديناصور');
    await name.fill('العدّ مع الديناصور');
    await shot(page, 'strategies-translations-editor');
    await dialog.getByRole('button', { name: 'Save translation' }).click();
    await expect(dialog).toBeHidden();
    await page.context().close();

    await dad.reload();
    const card = dad.locator('article', { has: dad.getByRole('heading', { name: 'العدّ مع الديناصور' }) });
    await expect(card.getByText(/Sam Therapist/)).toBeVisible();
    await shot(dad, 'support-clinic-strategy-ar-corrected');
  });
  await dad.context().close();
});

/** The direction text runs in, as the browser lays it out. */
const direction = (l: Locator) => l.evaluate((el) => getComputedStyle(el).direction);

test('a therapist writes a strategy in French through the form; Arabic typed there runs right to left, even in English', async ({ browser, server, shot }) => {
  const FR = { name: 'Compte à rebours du dinosaure', purpose: 'Compter à rebours avant un changement.', step: 'Montrez-lui le dinosaure.' };
  const page = await browserFor(browser, server.url, THERAPIST);
  await page.setViewportSize({ width: 1280, height: 800 });

  await test.step('a new strategy starts in the therapist’s own language', async () => {
    await page.goto('/strategies');
    await page.getByRole('button', { name: 'Add a strategy' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('tab', { name: 'English', selected: true })).toBeVisible();
    await expect(dialog.getByRole('textbox', { name: 'Name', exact: true })).toHaveAttribute('lang', 'en');
    await shot(page, 'strategy-form-en');
  });

  await test.step('she writes it in French only: French added, English removed, each field in French', async () => {
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Add a language' }).selectOption({ label: 'French' });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(dialog.getByRole('tab', { name: 'French', selected: true })).toBeVisible();
    await dialog.getByRole('button', { name: 'Remove English' }).click();
    await expect(dialog.getByRole('tab', { name: 'English' })).toHaveCount(0);
    // A language listed but not written is pointed at, not sent.
    await dialog.getByRole('button', { name: 'Save strategy' }).click();
    await expect(dialog.getByRole('alert')).toContainText('The French version is not finished');
    const name = dialog.getByRole('textbox', { name: 'Name', exact: true });
    await expect(name).toHaveAttribute('lang', 'fr');
    expect(await direction(name)).toBe('ltr');
    await name.fill(FR.name);
    await dialog.getByRole('textbox', { name: 'What it is for (one line)' }).fill(FR.purpose);
    await dialog.getByRole('textbox', { name: 'Step 1' }).fill(FR.step);
    await dialog.getByRole('button', { name: 'Save strategy' }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: `Read ${FR.name}` }).click();
    await expect(page.locator('ol[lang="fr"]', { hasText: FR.step })).toBeVisible();
  });

  await test.step('Arabic typed in the English form is right to left', async () => {
    await page.getByRole('button', { name: 'Add a strategy' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Add a language' }).selectOption({ label: 'Arabic' });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(dialog.getByRole('tab', { name: 'Arabic', selected: true })).toBeVisible();
    const name = dialog.getByRole('textbox', { name: 'Name', exact: true });
    await name.fill('العد مع الديناصور');
    await expect(name).toHaveAttribute('lang', 'ar');
    expect(await direction(name)).toBe('rtl');
    expect(await direction(dialog.getByRole('textbox', { name: 'Step 1' }))).toBe('rtl');
    // The labels stay in the interface's direction.
    expect(await direction(dialog.getByRole('tabpanel').getByText('Step 1', { exact: true }))).toBe('ltr');
    await shot(page, 'strategy-form-en-arabic');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
  });

  await test.step('in an Arabic interface, a new strategy starts in Arabic', async () => {
    await apiCall(page.context().request, 'PATCH', '/api/me', { locale: 'ar' });
    await page.goto('/strategies');
    await page.getByRole('button', { name: 'إضافة استراتيجية' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('tab', { name: 'العربية', selected: true })).toBeVisible();
    expect(await direction(dialog.getByRole('textbox', { name: 'الاسم', exact: true }))).toBe('rtl');
    await shot(page, 'strategy-form-ar');
    await apiCall(page.context().request, 'PATCH', '/api/me', { locale: 'en' });
  });
  await page.context().close();
});
