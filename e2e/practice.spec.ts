// Home practice walked in a real browser: the therapist assigns practice in the form, the parent
// sees it on Today and logs "Done" in one tap, the week strip shows it; without signal a log for
// yesterday waits on the phone and reaches the server exactly once when the signal returns. A
// parent of three children sees all three on Today; the sticker chart, reminders and Spanish too.
import type { Browser, BrowserContext } from '@playwright/test';
import { drawPng } from '../src/server/uploads/png.ts';
import { Mailbox, adminContext, apiCall, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Sam Therapist', email: 'sam@practice.example', password: 'orchard violet mountain 17' };
const MUM = { name: 'Laura Parent', email: 'laura@practice.example', password: 'silver meadow ribbon 23' };
const TITLE = 'Bubbles: asking for “more”';

/** A JSON call as the person signed in to this browser context. */
const call = (ctx: BrowserContext, method: 'GET' | 'POST', path: string, data?: unknown) => apiCall<any>(ctx.request, method, path, data);

/** The newest invitation mail to this address, once more than `seen` have arrived. */
async function nextInvite(mailbox: Mailbox, email: string, subject: RegExp, seen: number): Promise<string> {
  for (let i = 0; i < 100; i += 1) {
    const mails = mailbox.mails.filter((m) => m.to === email && subject.test(m.subject));
    const last = mails.at(-1);
    if (mails.length > seen && last) return Mailbox.link(last, '/invite/').split('/invite/')[1] ?? '';
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`No new invitation to ${email}`);
}

const invitesTo = (mailbox: Mailbox, email: string) => mailbox.mails.filter((m) => m.to === email && /care team|join/.test(m.subject)).length;

async function newContext(browser: Browser, url: string, who: { email: string; password: string }) {
  const ctx = await browser.newContext({ baseURL: url });
  await apiCall(ctx.request, 'POST', '/api/auth/login', { email: who.email, password: who.password });
  return ctx;
}

/** A calendar date `days` from today where the child lives. */
function dateIn(timeZone: string, days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(Date.now() + days * 86_400_000));
}

let therapist: BrowserContext;
let mum: BrowserContext;
let childId = '';
let timeZone = 'America/Chicago';

async function addChildForMum(firstName: string, mailbox: Mailbox) {
  const child = await call(therapist, 'POST', '/api/children', { firstName, lastName: 'López', therapyTypes: ['speech'] });
  const seen = invitesTo(mailbox, MUM.email);
  await call(therapist, 'POST', `/api/children/${child.id}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
  const token = await nextInvite(mailbox, MUM.email, /care team/, seen);
  await call(mum, 'POST', `/api/invitations/${token}/accept`, { name: MUM.name, password: MUM.password });
  return child.id as string;
}

test.beforeAll(async ({ browser, server }) => {
  const admin = await adminContext(browser, server);
  await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  const therapistToken = await nextInvite(server.mailbox, THERAPIST.email, /join/, 0);
  therapist = await browser.newContext({ baseURL: server.url });
  await apiCall(therapist.request, 'POST', `/api/invitations/${therapistToken}/accept`, { name: THERAPIST.name, password: THERAPIST.password });
  await apiCall(therapist.request, 'POST', '/api/auth/login', { email: THERAPIST.email, password: THERAPIST.password });

  const child = await call(therapist, 'POST', '/api/children', { firstName: 'Maya', lastName: 'López', therapyTypes: ['speech'] });
  childId = child.id;
  timeZone = child.profile.timeZone;
  await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
  const mumToken = await nextInvite(server.mailbox, MUM.email, /care team/, 0);
  const first = await browser.newContext({ baseURL: server.url });
  await apiCall(first.request, 'POST', `/api/invitations/${mumToken}/accept`, { name: MUM.name, password: MUM.password });
  await first.close();
  mum = await newContext(browser, server.url, MUM);
  await call(therapist, 'POST', `/api/children/${childId}/goals`, {
    area: 'communication', statement: 'Asks for more with a word or a sign', measure: 'count', baseline: 1, target: 5, settings: ['therapy', 'home'],
  });
  await admin.close();
});

test.afterAll(async () => {
  await therapist.close();
  await mum.close();
});

let itemId = '';

test('the therapist assigns practice; the parent logs it in one tap, and offline once', async ({ shot }) => {
  const samPage = await therapist.newPage();
  await test.step('the therapist fills the assign form', async () => {
    await samPage.goto(`/children/${childId}/practice`);
    await expect(samPage.getByRole('heading', { name: 'No home practice yet' })).toBeVisible();
    await samPage.getByRole('button', { name: 'Assign practice' }).click();
    const dialog = samPage.getByRole('dialog', { name: 'Assign home practice for Maya' });
    await test.step('starting from a strategy fills the title and steps', async () => {
      await dialog.getByLabel('Start from a strategy (optional)').fill('Belly');
      await samPage.getByRole('option', { name: 'Belly breathing' }).click();
      await expect(dialog.getByLabel('Title')).toHaveValue('Belly breathing');
      await expect(dialog.getByRole('textbox', { name: 'Step 5' })).toHaveValue(/3 to 5 breaths together/);
      await dialog.getByRole('button', { name: 'Remove step 5' }).click();
      await dialog.getByRole('button', { name: 'Remove step 4' }).click();
      await dialog.getByRole('button', { name: 'Remove step 3' }).click();
      await dialog.getByRole('button', { name: 'Remove step 2' }).click();
    });
    await dialog.getByLabel('Title').fill(TITLE);
    await dialog.getByRole('combobox', { name: 'Goals it works towards' }).click();
    await samPage.getByRole('option', { name: 'Asks for more with a word or a sign' }).click();
    await dialog.getByRole('textbox', { name: 'Step 1' }).fill('Blow three bubbles, then wait with the wand near your face.');
    await dialog.getByRole('button', { name: 'Add a step' }).click();
    await dialog.getByRole('textbox', { name: 'Step 2' }).fill('When Maya says or signs “more”, blow more bubbles straight away.');
    await dialog.getByRole('button', { name: 'Add a step' }).click();
    await dialog.getByRole('textbox', { name: 'Step 3' }).fill('Get down to her eye level first.');
    await test.step('a picture for a step: a renamed file is refused in plain words, a real one shows', async () => {
      const choose = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
        const chooser = samPage.waitForEvent('filechooser');
        await dialog.getByRole('button', { name: 'Picture for step 3: Add a picture' }).click();
        await (await chooser).setFiles(file);
      };
      await choose({ name: 'eye-level.png', mimeType: 'image/png', buffer: Buffer.from('not really a picture at all') });
      await expect(dialog.getByRole('alert').filter({ hasText: 'This file isn’t a picture we can use' })).toBeVisible();
      await choose({ name: 'eye-level.png', mimeType: 'image/png', buffer: drawPng(120, 90, (x, y) => [60 + (x % 120), 140, 90 + (y % 90)]) });
      await expect(dialog.getByRole('img', { name: 'Picture for step 3' })).toBeVisible();
    });
    await dialog.getByRole('button', { name: 'Move step 3 up' }).click();
    await dialog.getByRole('button', { name: 'Move step 2 up' }).click();
    await expect(dialog.getByRole('textbox', { name: 'Step 1' })).toHaveValue('Get down to her eye level first.');
    // The picture moved with its step.
    await expect(dialog.getByRole('img', { name: 'Picture for step 1' })).toBeVisible();
    await expect(dialog.locator('img.media-thumb')).toHaveCount(1);
    await dialog.getByLabel('Start date').fill(dateIn(timeZone, -7));
    await dialog.getByLabel('What to watch for (optional)').fill('Stop if she turns away; try again tomorrow.');
    await dialog.getByRole('radio', { name: 'A number of times a week' }).check();
    await dialog.getByRole('radio', { name: 'Every other week' }).check();
    await expect(dialog.getByRole('checkbox', { name: 'Sunday' })).toBeChecked();
    await dialog.locator('label', { hasText: /^Sun$/ }).click();
    await expect(dialog.getByRole('checkbox', { name: 'Sunday' })).not.toBeChecked();
    await shot(samPage, 'practice-assign-schedule');
    await dialog.getByRole('radio', { name: 'Every day' }).check();
    await shot(samPage, 'practice-assign-form');
    await dialog.getByRole('button', { name: 'Assign practice' }).click();
    await expect(dialog).toBeHidden();
    const card = samPage.getByTestId('practice-item').filter({ hasText: TITLE });
    await expect(card).toContainText('Every day');
    await expect(card.getByRole('listitem').first()).toHaveText('Get down to her eye level first.');
    // Loaded, as the server's screen copy (the 120-wide picture's only one), not the picture as uploaded.
    const stepPicture = card.getByRole('img', { name: 'Picture for step 1' });
    await expect.poll(() => stepPicture.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await stepPicture.evaluate((el: HTMLImageElement) => new URL(el.currentSrc).search)).toBe('?w=320');
    await shot(samPage, 'practice-tab-therapist');
  });
  const list = await call(therapist, 'GET', `/api/children/${childId}/practice`);
  itemId = list.items[0].id;

  const page = await mum.newPage();
  const card = page.getByTestId('practice-item').filter({ hasText: TITLE });
  await test.step('the parent sees it on Today and logs Done in one tap', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: 'Today', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    await card.getByRole('button', { name: 'Show the 3 steps' }).click();
    await expect(card.getByText('Get down to her eye level first.')).toBeVisible();
    // The step's picture, served to the family under the child.
    // Loaded, as the server's screen copy (the 120-wide picture's only one), not the picture as uploaded.
    const stepPicture = card.getByRole('img', { name: 'Picture for step 1' });
    await expect.poll(() => stepPicture.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
    expect(await stepPicture.evaluate((el: HTMLImageElement) => new URL(el.currentSrc).search)).toBe('?w=320');
    await shot(page, 'practice-today-step-picture');
    await card.getByRole('button', { name: 'Done' }).click();
    await expect(card.getByTestId('log-followup')).toContainText('Thank you! Saved as done for today.');
    await expect(card.locator('[data-testid="week-day"][data-today]')).toHaveAttribute('data-state', 'done');
    await expect(card.locator('[data-testid="week-day"][data-today]')).toContainText('done (today)');
  });

  await test.step('without signal, a log for yesterday waits on the phone and is sent once', async () => {
    const yesterday = dateIn(timeZone, -1);
    await page.context().setOffline(true);
    await card.getByRole('switch', { name: 'Yesterday' }).check();
    await card.getByRole('button', { name: 'Partly' }).click();
    await expect(card.getByTestId('log-followup')).toContainText('Saved on this phone as partly for yesterday');
    const banner = page.getByRole('status').filter({ hasText: 'waiting to be sent' });
    await expect(banner).toContainText('1 entry is waiting to be sent');
    // On a Monday, yesterday belongs to last week's strip.
    const monday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(new Date()) === 'Mon';
    await expect(card.locator(`[data-testid="week-day"]:has-text("saved on this phone")`)).toHaveCount(monday ? 0 : 1);
    await page.context().setOffline(false);
    // Headless Chromium does not always fire "online" when the emulated network returns; the
    // outbox's regular retry (every 30 s while something waits) then sends it by itself.
    await expect(banner).toBeHidden({ timeout: 45_000 });
    const history = await call(mum, 'GET', `/api/children/${childId}/practice/${itemId}/history`);
    const partial = history.logs.filter((l: { date: string; outcome: string }) => l.date === yesterday && l.outcome === 'partial');
    expect(partial).toHaveLength(1);
    await expect(card.locator('[data-testid="week-day"]').filter({ hasText: 'partly' })).toHaveCount(monday ? 0 : 1);
  });

  await test.step('an optional line says how it went', async () => {
    await card.getByRole('switch', { name: 'Yesterday' }).uncheck();
    await card.getByRole('button', { name: 'Done' }).click();
    await card.getByRole('button', { name: '5 of 5: Great' }).click();
    await card.getByLabel('A note (optional)').fill('She signed “more” three times!');
    await card.getByRole('button', { name: 'Add these' }).click();
    await expect(card.getByTestId('log-followup')).toContainText('Added. Thank you!');
    await shot(page, 'practice-today-one-child');
  });

  await test.step('the therapist reads the logs in the history', async () => {
    await samPage.reload();
    const samCard = samPage.getByTestId('practice-item').filter({ hasText: TITLE });
    await samCard.getByRole('button', { name: 'History' }).click();
    await expect(samCard.getByTestId('practice-log').filter({ hasText: 'She signed “more” three times!' })).toContainText('Great');
    await expect(samCard.getByTestId('practice-history')).toContainText('Assigned by Sam Therapist');
    await shot(samPage, 'practice-history');
  });
  await samPage.close();
  await page.close();
});

test('the parent sets a reminder and fills the sticker chart', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/practice`);
  const reminder = page.getByTestId('reminder');
  await reminder.getByLabel('At').fill('18:30');
  await reminder.getByRole('switch', { name: 'Remind me on practice days' }).check();
  await expect(reminder).toContainText('Next reminder:');
  const me = await call(mum, 'GET', '/api/me');
  expect(me.user.timeZone).not.toBeNull();
  await shot(page, 'practice-tab-parent');

  await page.getByRole('link', { name: 'Maya’s sticker chart' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Maya’s sticker chart' })).toBeVisible();
  await page.getByRole('radio', { name: 'heart' }).click();
  const today = page.getByTestId('sticker-slot').and(page.locator('[data-today]'));
  await today.getByRole('button', { name: /Put a heart on/ }).click();
  await expect(today.getByRole('button', { name: /heart\. Tap to put a heart instead/ })).toBeVisible();
  await expect(page.getByText('1 sticker this week!')).toBeVisible();
  await shot(page, 'practice-stickers');
  await page.close();
});

test('a parent of three children sees each on Today, and in Spanish', async ({ server, shot }) => {
  const leo = await addChildForMum('Leo', server.mailbox);
  const zoe = await addChildForMum('Zoe', server.mailbox);
  const start = dateIn(timeZone, -3);
  await call(therapist, 'POST', `/api/children/${leo}/practice`, {
    title: 'Shoes on by himself', steps: ['Put the shoes side by side, the right way round.', 'Help with the first shoe, let Leo do the second.', 'Cheer and high five!'],
    schedule: { rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU', timesPerWeek: 3 }, minutes: 5, startDate: start, watchFor: 'If he gets upset, do it together and try again tomorrow.',
  });
  await call(therapist, 'POST', `/api/children/${leo}/practice`, {
    title: 'Two-word requests at snack time', steps: ['Hold the snack where he can see it.', 'Wait for two words, like “apple please”.'],
    schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, minutes: 10, startDate: start,
  });
  // Zoe's practice falls on none of today: her card says so kindly.
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' }).format(new Date()).slice(0, 2).toUpperCase();
  const notToday = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].find((d) => d !== weekday) ?? 'MO';
  await call(therapist, 'POST', `/api/children/${zoe}/practice`, {
    title: 'Belly breathing', steps: ['Lie down with a soft toy on your tummy.', 'Breathe in slowly: the toy goes up.', 'Breathe out: the toy goes down.'],
    schedule: { rule: `FREQ=WEEKLY;BYDAY=${notToday}`, timesPerWeek: null }, minutes: 5, startDate: start,
  });

  const page = await mum.newPage();
  await page.goto('/today');
  await expect(page.getByTestId('today-child')).toHaveCount(3);
  const zoeCard = page.getByTestId('today-child').filter({ has: page.getByRole('heading', { name: 'Zoe' }) });
  await expect(zoeCard).toContainText('Nothing to practise today — enjoy the day!');
  await expect(zoeCard).toContainText('Not on today’s list: Belly breathing');
  const leoCard = page.getByTestId('today-child').filter({ has: page.getByRole('heading', { name: 'Leo' }) });
  await expect(leoCard.getByTestId('practice-item').filter({ hasText: 'Shoes on by himself' })).toContainText(/more this week/);
  await shot(page, 'practice-today-three-children');

  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Today’s practice' })).toBeVisible();
  await shot(page, 'practice-home-family');

  await page.getByRole('button', { name: 'Language: English' }).click();
  // The server remembers the choice before the next page is opened from the address bar.
  const remembered = page.waitForResponse((r) => r.url().endsWith('/api/me') && r.request().method() === 'PATCH');
  await page.getByRole('button', { name: 'Español' }).click();
  await remembered;
  await page.goto('/today');
  await expect(page.getByRole('heading', { level: 1, name: 'Hoy' })).toBeVisible();
  await expect(zoeCard).toContainText('Hoy no hay nada que practicar');
  await shot(page, 'practice-today-es');
  await page.goto(`/children/${childId}/practice`);
  await expect(page.getByRole('heading', { name: 'Práctica en casa' })).toBeVisible();
  await shot(page, 'practice-tab-parent-es');
  await page.goto(`/children/${childId}/stickers`);
  await expect(page.getByRole('heading', { level: 1, name: 'Tabla de pegatinas de Maya' })).toBeVisible();
  await shot(page, 'practice-stickers-es');
  await page.close();
});
