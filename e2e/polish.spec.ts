// The small things a parent, a therapist and a clinic trip over on their first days: a signed-out
// page that logs no error, phone navigation with words, practice that suggests its goal, log
// buttons that show what was logged (and whose tap it was), the composer's hint per device,
// Spanish in one register, a clean printed child page, the translation status, larger text and
// Today read aloud.
import type { BrowserContext, ConsoleMessage, Page } from '@playwright/test';
import { acceptInvitation, adminContext, apiCall, expect, Mailbox, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Nora Therapist', email: 'nora@polish.example', password: 'copper lantern evening 31' };
const MUM = { name: 'Laura Parent', email: 'laura@polish.example', password: 'silver meadow ribbon 23' };

const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);

let admin: BrowserContext;
let therapist: BrowserContext;
let mum: BrowserContext;
let childId = '';
let today = '';

/** Console errors and failed requests a page reports while the test runs. */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

test.beforeAll(async ({ browser, server }) => {
  admin = await adminContext(browser, server);
  await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  therapist = await acceptInvitation(browser, server, THERAPIST, /join/);
  const child = await call(therapist, 'POST', '/api/children', { firstName: 'Maya', lastName: 'López', therapyTypes: ['speech'] });
  childId = child.id;
  today = new Intl.DateTimeFormat('en-CA', { timeZone: child.profile.timeZone }).format(new Date());
  await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
  mum = await acceptInvitation(browser, server, MUM, /care team/, { width: 390, height: 844 });
});

test.afterAll(async () => {
  await Promise.all([admin.close(), therapist.close(), mum.close()]);
});

test('a signed-out visitor’s pages log no error in the console; /api/me still answers 401', async ({ browser, server }) => {
  const ctx = await browser.newContext({ baseURL: server.url });
  const page = await ctx.newPage();
  const errors = consoleErrors(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.goto('/children/00000000-0000-0000-0000-000000000000');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(errors).toEqual([]);
  expect((await ctx.request.get('/api/me')).status()).toBe(401);
  expect(await (await ctx.request.get('/api/session')).json()).toEqual({ signedIn: false });
  await ctx.close();
});

test('on a phone the main navigation shows words beside its icons', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto('/today');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Your children', 'Today', 'News']) {
    const link = nav.getByRole('link', { name });
    await expect(link).toBeVisible();
    await expect(link.getByText(name, { exact: true })).toBeVisible();
  }
  await shot(page, 'polish-nav-en');
  await call(mum, 'PATCH', '/api/me', { locale: 'es' });
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Hoy' }).getByText('Hoy', { exact: true })).toBeVisible();
  await shot(page, 'polish-nav-es');
  await call(mum, 'PATCH', '/api/me', { locale: 'en' });
  await page.close();
});

test('on a phone in Arabic the child page’s tab row shows an arrow pointing to the tabs off screen, to the left', async ({ shot }) => {
  await call(mum, 'PATCH', '/api/me', { locale: 'ar' });
  const page = await mum.newPage();
  await page.goto(`/children/${childId}`);
  const nav = page.locator('.link-tabs');
  await expect(nav.getByRole('link').first()).toBeVisible();
  const end = page.locator('.link-tabs-more[data-side="end"]');
  await expect(end).toHaveCSS('opacity', '1');
  await expect(page.locator('.link-tabs-more[data-side="start"]')).toHaveCSS('opacity', '0');
  // Right to left the row's end is on the left: the arrow sits there, and its chevron is mirrored to point left.
  const [navBox, endBox] = [await nav.boundingBox(), await end.boundingBox()];
  expect(endBox && navBox && endBox.x - navBox.x).toBeLessThan(2);
  await expect(end.locator('svg')).toHaveCSS('transform', 'matrix(-1, 0, 0, 1, 0, 0)');
  await shot(page, 'polish-child-tabs-ar');
  await call(mum, 'PATCH', '/api/me', { locale: 'en' });
  await page.close();
});

test('the practice form offers the child’s goals and says when none is agreed yet', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/practice`);
  await page.getByRole('button', { name: 'Assign practice' }).first().click();
  let dialog = page.getByRole('dialog', { name: 'Assign home practice for Maya' });
  await expect(dialog.getByText('Maya has no goals yet.', { exact: false })).toBeVisible();
  await expect(dialog.getByRole('link', { name: 'Go to Maya’s plan' })).toBeVisible();
  await shot(page, 'polish-practice-no-goals-en');
  await page.keyboard.press('Escape');

  await call(therapist, 'POST', `/api/children/${childId}/goals`, { area: 'communication', statement: 'Asks for more with a word or a sign', measure: 'count', baseline: 1, target: 5, settings: ['therapy', 'home'] });
  await page.reload();
  await page.getByRole('button', { name: 'Assign practice' }).first().click();
  dialog = page.getByRole('dialog', { name: 'Assign home practice for Maya' });
  await expect(dialog.getByText('None of Maya’s goals is agreed with the family yet.', { exact: false })).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Goals it works towards' }).click();
  await expect(page.getByRole('option', { name: 'Asks for more with a word or a sign (Waiting for agreement)' })).toBeVisible();
  await page.keyboard.press('Escape');
  await shot(page, 'polish-practice-none-agreed-en');
  await page.close();
});

test('the log buttons show today’s log, and whose it was; the therapist reads it instead of getting the family’s buttons', async ({ shot }) => {
  const item = await call(therapist, 'POST', `/api/children/${childId}/practice`, {
    title: 'Bubbles: asking for “more”', steps: ['Blow three bubbles, then wait.'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: today,
  });
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/practice`);
  await expect(page.getByRole('heading', { name: 'Bubbles: asking for “more”' })).toBeVisible({ timeout: 60_000 });
  const group = page.getByRole('group', { name: 'Log “Bubbles: asking for “more””' });
  for (const name of ['Done', 'Partly', 'Not today']) await expect(group.getByRole('button', { name })).toHaveAttribute('aria-pressed', 'false');

  await call(mum, 'POST', `/api/children/${childId}/practice/${item.id}/logs`, { date: today, outcome: 'skipped' });
  await page.reload();
  await expect(page.getByText('Logged today: not today.', { exact: false })).toBeVisible();
  await expect(group.getByRole('button', { name: 'Not today' })).toHaveAttribute('aria-pressed', 'true');
  await expect(group.getByRole('button', { name: 'Done' })).toHaveAttribute('aria-pressed', 'false');
  await shot(page, 'polish-log-state-en');

  await group.getByRole('button', { name: 'Partly' }).click();
  await expect(page.getByText('Logged today: partly.', { exact: false })).toBeVisible();
  await expect(group.getByRole('button', { name: 'Partly' })).toHaveAttribute('aria-pressed', 'true');
  await expect(group.getByRole('button', { name: 'Not today' })).toHaveAttribute('aria-pressed', 'false');

  const sam = await therapist.newPage();
  await sam.goto(`/children/${childId}/practice`);
  const card = sam.getByTestId('practice-item').filter({ hasText: 'Bubbles' });
  await expect(card.getByTestId('today-log-status')).toHaveText(/Logged today: partly, by Laura Parent \(.+\)\./);
  await expect(card.getByRole('button', { name: 'Done' })).toHaveCount(0);
  await shot(sam, 'polish-log-therapist-en');

  await call(mum, 'PATCH', '/api/me', { locale: 'es' });
  await page.reload();
  await expect(page.getByRole('group', { name: /Registrar|Anotar/ }).getByRole('button', { name: 'En parte' })).toHaveAttribute('aria-pressed', 'true');
  await shot(page, 'polish-log-state-es');
  await call(mum, 'PATCH', '/api/me', { locale: 'en' });
  await Promise.all([page.close(), sam.close()]);
});

test('the composer’s hint says what Enter does: a new line on a phone, send at a desk', async ({ browser, server, shot }) => {
  const list = await call<{ conversations: { id: string; kind: string }[] }>(therapist, 'GET', `/api/children/${childId}/conversations`);
  const teamId = list.conversations.find((c) => c.kind === 'team')?.id ?? '';

  const desk = await therapist.newPage();
  await desk.goto(`/children/${childId}/messages/${teamId}`);
  await expect(desk.getByText('Enter sends, Shift+Enter starts a new line.', { exact: false })).toBeVisible();
  await shot(desk, 'polish-composer-desktop-en');
  await desk.close();

  const state = await mum.storageState();
  const phone = await browser.newContext({ baseURL: server.url, storageState: state, viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const page = await phone.newPage();
  await page.goto(`/children/${childId}/messages/${teamId}`);
  await expect(page.getByText('Enter starts a new line; tap the “Send” button to send.', { exact: false })).toBeVisible();
  await expect(page.getByText('Enter sends', { exact: false })).toHaveCount(0);
  const composer = page.getByRole('textbox', { name: /Message to Whole team/ });
  await composer.fill('First line');
  await composer.press('Enter');
  await composer.pressSequentially('second line');
  await expect(composer).toHaveValue('First line\nsecond line');
  await shot(page, 'polish-composer-phone-en');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(composer).toHaveValue('');
  await expect(page.getByRole('log').getByText('second line')).toBeVisible();
  await call(mum, 'PATCH', '/api/me', { locale: 'es' });
  await page.reload();
  await expect(page.getByText('Intro empieza una línea nueva', { exact: false })).toBeVisible();
  await shot(page, 'polish-composer-phone-es');
  await call(mum, 'PATCH', '/api/me', { locale: 'en' });
  await phone.close();
});

test('a printed child page is a clean sheet: the child, the clinic and the date on top, no navigation or buttons', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const tab of ['', '/plan', '/practice']) {
    await page.goto(`/children/${childId}${tab}`);
    await expect(page.getByRole('heading', { name: 'Maya López', level: 1 })).toBeVisible({ timeout: 60_000 });
    await page.emulateMedia({ media: 'print' });
    const header = page.getByTestId('child-print-header');
    await expect(header).toBeVisible();
    await expect(header).toContainText('Maya López');
    await expect(header).toContainText('Harbour Kids Therapy');
    await expect(header).toContainText(new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${today}T00:00:00Z`)));
    await expect(page.getByRole('navigation')).toHaveCount(0);
    await expect(page.getByRole('banner')).toBeHidden();
    const visibleButtons = await page.locator('button, [role="button"], input, textarea').evaluateAll((els) => els.filter((e) => (e as HTMLElement).offsetParent !== null && e.getAttribute('aria-hidden') !== 'true').map((e) => e.outerHTML.slice(0, 80)));
    expect(visibleButtons, `buttons printed on ${tab || 'overview'}`).toEqual([]);
    await page.emulateMedia({ media: 'screen' });
    await expect(page.getByTestId('child-print-header')).toBeHidden();
  }
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: 'screenshots/polish-print-practice.pdf' });
  await page.screenshot({ path: 'screenshots/polish-print-practice-desktop.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await shot(page, 'polish-print-practice-screen');
  await page.close();
});

test('opening an invitation while signed in as someone else says so and asks before switching', async ({ browser, server, shot }) => {
  const DAD = { name: 'Pablo Parent', email: 'pablo@polish.example', password: 'quiet river lantern 77' };
  await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: DAD.email, name: DAD.name, role: 'guardian' });
  const link = Mailbox.link(await server.mailbox.waitFor(DAD.email, /care team/), '/invite/');
  // The invitation is opened on Mum's phone, where she is signed in.
  const ctx = await browser.newContext({ baseURL: server.url, viewport: { width: 390, height: 844 } });
  await apiCall(ctx.request, 'POST', '/api/auth/login', { email: MUM.email, password: MUM.password });
  const page = await ctx.newPage();
  await page.goto(link);
  await expect(page.getByText('You are signed in as someone else')).toBeVisible();
  await expect(page.getByText(`You are signed in as ${MUM.email}, but this invitation is for ${DAD.email}.`)).toBeVisible();
  await expect(page.getByLabel('Choose a password')).toHaveCount(0);
  await shot(page, 'invite-signed-in-as-someone-else');
  // Staying changes nothing.
  await page.getByRole('link', { name: `Stay signed in as ${MUM.email}` }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(((await (await ctx.request.get('/api/me')).json()) as { user: { email: string } }).user.email).toBe(MUM.email);
  // Switching, once asked for, signs Mum out of this phone and Dad in.
  await page.goto(link);
  await page.getByRole('button', { name: `Sign out and continue as ${DAD.email}` }).click();
  await page.getByLabel('Choose a password').fill(DAD.password);
  await page.getByRole('button', { name: 'Create account and join' }).click();
  await expect(page).toHaveURL(new RegExp(`/children/${childId}`));
  expect(((await (await ctx.request.get('/api/me')).json()) as { user: { email: string } }).user.email).toBe(DAD.email);
  await ctx.close();
});

/** Elements of the page that reach past the window's edges (what a phone would cut off). */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0 || (r.right <= window.innerWidth + 1 && r.left >= -1) || el.closest('[aria-hidden="true"], .visually-hidden')) return false;
        // A row that scrolls sideways on purpose (the child's tabs) is reached by scrolling.
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
          if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return false;
        }
        return true;
      })
      .map((el) => `${el.tagName.toLowerCase()}.${String(el.className).slice(0, 40)} “${(el.textContent ?? '').slice(0, 30)}” ${Math.round(el.getBoundingClientRect().left)}–${Math.round(el.getBoundingClientRect().right)}`),
  );

test('the largest text size grows every page at once, stays after a reload, and fits a phone', async ({ shot }) => {
  const list = await call<{ conversations: { id: string; kind: string }[] }>(mum, 'GET', `/api/children/${childId}/conversations`);
  const teamId = list.conversations.find((c) => c.kind === 'team')?.id ?? '';
  const page = await mum.newPage();
  const rootSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  await page.goto('/account');
  const section = page.getByRole('region', { name: 'Text size' });
  await expect(section.getByRole('radio', { name: 'Normal' })).toBeChecked();
  const normal = await rootSize();
  await section.getByRole('radio', { name: 'Largest' }).check();
  await expect.poll(rootSize).toBeCloseTo(normal * 1.3, 1);
  await expect.poll(async () => (await call(mum, 'GET', '/api/me')).user.textSize).toBe('largest');
  await page.reload();
  await expect(section.getByRole('radio', { name: 'Largest' })).toBeChecked();
  expect(await rootSize()).toBeCloseTo(normal * 1.3, 1);
  await shot(page, 'a11y-account-largest');
  const cut: Record<string, string[]> = { account: await overflowing(page) };
  const pages = [
    ['/today', 'today', 'Bubbles: asking for “more”'],
    [`/children/${childId}/plan`, 'plan', 'Asks for more with a word or a sign'],
    [`/children/${childId}/messages/${teamId}`, 'messages', 'second line'],
  ] as const;
  for (const [path, name, shown] of pages) {
    await page.goto(path);
    await expect(page.getByRole('main').getByText(shown).filter({ visible: true }).first()).toBeVisible();
    expect(await rootSize()).toBeCloseTo(normal * 1.3, 1);
    await shot(page, `a11y-${name}-largest`);
    cut[name] = await overflowing(page);
  }
  expect(cut).toEqual({ account: [], today: [], plan: [], messages: [] });
  // On a phone the composer stays above the navigation bar; the conversation scrolls under it.
  await page.getByRole('log').getByText('second line').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'screenshots/a11y-messages-largest-phone-scrolled.png' });
  await call(mum, 'PATCH', '/api/me', { textSize: 'normal' });
  await page.close();
});

test('Today is read aloud in the parent’s language, in the order the page shows it, and the reading can be stopped', async ({ shot }) => {
  await call(mum, 'PATCH', '/api/me', { locale: 'es' });
  const page = await mum.newPage();
  // The browser's voice is replaced by a list of what it is asked to say (headless Chromium may have
  // no voice at all): the reading then lasts until it is stopped.
  await page.addInitScript(() => {
    const spoken: { text: string; lang: string }[] = [];
    Object.assign(window, { spoken });
    window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
      spoken.push({ text: u.text, lang: u.lang });
    };
  });
  await page.goto('/today');
  await expect(page.getByRole('heading', { name: 'Bubbles: asking for “more”' })).toBeVisible();
  await page.getByRole('button', { name: 'Leer en voz alta' }).press('Enter');
  const stop = page.getByRole('button', { name: 'Dejar de leer' });
  await expect(stop).toBeFocused();
  const spoken = await page.evaluate(() => (window as unknown as { spoken: { text: string; lang: string }[] }).spoken);
  const texts = spoken.map((s) => s.text);
  expect(spoken[0]).toEqual({ text: 'Hoy', lang: 'es' });
  expect(new Set(spoken.map((s) => s.lang))).toEqual(new Set(['es']));
  // The practice's title is read as the page shows it: machine-translated into Spanish (by the stand-in).
  const order = ['Hoy', 'Maya', 'Bubbles: asking for “more”', 'Esta semana'].map((t) => texts.findIndex((said) => said === t || said.endsWith(` ${t}`)));
  expect(order, texts.join(' | ')).toEqual([...order].sort((a, b) => a - b));
  expect(order.every((i) => i >= 0), texts.join(' | ')).toBe(true);
  expect(texts.some((t) => /parte/u.test(t)), texts.join(' | ')).toBe(true);
  // Controls are not read: the log buttons and this button's own words.
  expect(texts).not.toContain('Hecho');
  expect(texts).not.toContain('Leer en voz alta');
  expect(texts).not.toContain('Dejar de leer');
  // Links are ways off the page, not what it says: the sticker chart, all of Maya's practice.
  expect(texts.filter((said) => /pegatinas|Toda la práctica/u.test(said)), texts.join(' | ')).toEqual([]);
  await shot(page, 'a11y-today-read-aloud-es');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Leer en voz alta' })).toBeFocused();
  await call(mum, 'PATCH', '/api/me', { locale: 'en' });
  await page.close();
});
