// The home journal in a real browser: a parent writes a hard moment, a night and a win from a
// phone in a few taps; a "therapists only" note stays out of a caregiver's sight; the caregiver
// writes a win; the parent corrects an entry and its history keeps both wordings; the therapist
// reads Since last session with its patterns; an entry written offline reaches the server exactly
// once. Each page passes axe and is photographed at phone and desktop width.
import type { APIResponse, Browser, BrowserContext } from '@playwright/test';
import { drawPng } from '../src/server/uploads/png.ts';
import { Mailbox, adminContext, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Sam Therapist', email: 'sam@journal.example', password: 'orchard violet mountain 17' };
const MUM = { name: 'Laura Parent', email: 'laura@journal.example', password: 'silver meadow ribbon 23' };
const NANA = { name: 'Rosa Nana', email: 'rosa@journal.example', password: 'copper willow evening 58' };
const PHONE = { width: 390, height: 844 };

async function ok(res: APIResponse, what: string) {
  expect(res.ok(), `${what}: ${res.status()} ${await res.text()}`).toBe(true);
  return res.json();
}

/** A JSON call as the person signed in to this browser context (with their CSRF token). */
async function call(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) {
  const me = await ok(await ctx.request.get('/api/me'), 'me');
  return ok(await ctx.request.fetch(path, { method, ...(data === undefined ? {} : { data }), headers: { 'X-CSRF-Token': me.csrfToken } }), `${method} ${path}`);
}

async function accept(browser: Browser, url: string, mailbox: Mailbox, who: { name: string; email: string; password: string }, subject: RegExp, phone = false) {
  const link = Mailbox.link(await mailbox.waitFor(who.email, subject), '/invite/');
  const token = link.split('/invite/')[1] ?? '';
  const ctx = await browser.newContext({ baseURL: url, ...(phone ? { viewport: PHONE, isMobile: true, hasTouch: true } : {}) });
  await ok(await ctx.request.post(`/api/invitations/${token}/accept`, { data: { name: who.name, password: who.password } }), 'accept');
  await ctx.request.post('/api/auth/login', { data: { email: who.email, password: who.password } });
  return ctx;
}

/** A calendar date some days before today, in UTC (the clinic's and the child's time zone). */
function daysAgo(n: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

let therapist: BrowserContext;
let mum: BrowserContext;
let nana: BrowserContext;
let childId = '';

test.beforeAll(async ({ browser, server }) => {
  const admin = await adminContext(browser, server);
  await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  therapist = await accept(browser, server.url, server.mailbox, THERAPIST, /join/);
  // The family lives on UTC here, so the test's own dates are the child's dates.
  const child = await call(therapist, 'POST', '/api/children', { firstName: 'Leo', lastName: 'Martínez', therapyTypes: ['occupational'], profile: { timeZone: 'UTC' } });
  childId = child.id;
  await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
  mum = await accept(browser, server.url, server.mailbox, MUM, /care team/, true);
  await call(mum, 'POST', `/api/children/${childId}/invitations`, { email: NANA.email, name: NANA.name, role: 'caregiver', household: 'Nana’s' });
  nana = await accept(browser, server.url, server.mailbox, NANA, /care team/, true);
  await admin.close();
});

test.afterAll(async () => {
  await therapist.close();
  await mum.close();
  await nana.close();
});

test('a parent writes a hard moment, a night and a win from the phone in a few taps', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/journal`);
  await expect(page.getByRole('heading', { name: 'Home journal' })).toBeVisible();

  await test.step('a hard moment: three short answers and three taps', async () => {
    await page.getByRole('button', { name: 'A hard moment' }).click();
    const dialog = page.getByRole('dialog', { name: 'A hard moment · Leo' });
    await dialog.getByLabel('What happened just before?').fill('We had to leave the park');
    await dialog.getByLabel('What did Leo do?').fill('Lay on the pavement and screamed');
    await dialog.getByLabel('What helped, or what happened after?').fill('Counting to ten together');
    await dialog.getByText('Very strong').click();
    await dialog.getByText('10 min', { exact: true }).click();
    await dialog.getByText('Out and about').click();
    // The time starts at now; an afternoon keeps the patterns below the same whenever the test runs.
    await expect(dialog.getByLabel('Time')).not.toHaveValue('');
    await dialog.getByLabel('Time').fill('16:00');
    await shot(page, 'journal-quick-form');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('journal-entry').filter({ hasText: 'Hard moment · Very strong 4/5 · 10 minutes · Out and about' })).toBeVisible();
  });

  await test.step('a night: the defaults are one tap away', async () => {
    await page.getByRole('button', { name: 'Sleep' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Sleep · Leo' });
    await dialog.getByLabel('Went to bed').fill('20:30');
    await dialog.getByLabel('Woke up').fill('06:15');
    await dialog.getByRole('button', { name: 'One more' }).click();
    await dialog.getByRole('button', { name: 'One more' }).click();
    await dialog.getByText('Tired').click();
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('journal-entry').filter({ hasText: 'Sleep · 20:30–06:15 · woke 2× · rested 2/5' })).toBeVisible();
  });

  await test.step('a win', async () => {
    await page.getByRole('button', { name: 'A win' }).click();
    const dialog = page.getByRole('dialog', { name: 'A win · Leo' });
    await dialog.getByLabel('What went well for Leo?').fill('Tried a bite of pear');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('journal-entry').filter({ hasText: 'Tried a bite of pear' })).toBeVisible();
  });
  await shot(page, 'journal-guardian');
  await page.close();
});

test('a “therapists only” note with a photo stays out of the caregiver’s sight; the caregiver writes a win', async ({ shot }) => {
  const NOTE = 'We are seeing a psychiatrist next month';
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/journal`);
  await page.getByRole('button', { name: 'A note' }).click();
  const dialog = page.getByRole('dialog', { name: 'A note · Leo' });
  await dialog.getByLabel('Your note').fill(NOTE);
  await dialog.getByLabel('Only therapists').check();
  const choose = async (file: { name: string; mimeType: string; buffer: Buffer }) => {
    const chooser = page.waitForEvent('filechooser');
    await dialog.getByRole('button', { name: 'Photo: Add a picture' }).click();
    await (await chooser).setFiles(file);
  };
  // On a phone the camera is one tap away.
  await expect(dialog.getByRole('button', { name: 'Photo: Take a photo' })).toBeVisible();
  await choose({ name: 'big.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(11 * 1024 * 1024, 1) });
  await expect(dialog.getByRole('alert').filter({ hasText: 'This file is too big. Choose one of up to 10 MB.' })).toBeVisible();
  await choose({ name: 'drawing.png', mimeType: 'image/png', buffer: drawPng(160, 120, (x, y) => [250 - (x % 80), 180, 60 + (y % 60)]) });
  await expect(dialog.getByRole('img', { name: 'Photo' })).toBeVisible();
  await shot(page, 'journal-photo-form');
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  const entry = page.getByTestId('journal-entry').filter({ hasText: NOTE });
  await expect(entry.getByText('Only therapists')).toBeVisible();
  const photo = entry.getByRole('img', { name: `Photo with the entry: ${NOTE}` });
  await expect.poll(() => photo.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(160);
  const photoUrl = await photo.getAttribute('src');
  await page.close();

  await test.step('the therapist sees the photo; the caregiver cannot fetch it', async () => {
    const samPage = await therapist.newPage();
    await samPage.goto(`/children/${childId}/journal`);
    const seen = samPage.getByTestId('journal-entry').filter({ hasText: NOTE }).getByRole('img', { name: `Photo with the entry: ${NOTE}` });
    await expect.poll(() => seen.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(160);
    await shot(samPage, 'journal-photo-therapist');
    await samPage.close();
    expect((await nana.request.get(photoUrl ?? '')).status()).toBe(404);
  });

  const nanaPage = await nana.newPage();
  await nanaPage.goto(`/children/${childId}/journal`);
  await nanaPage.getByRole('button', { name: 'A win' }).click();
  const win = nanaPage.getByRole('dialog', { name: 'A win · Leo' });
  await win.getByLabel('What went well for Leo?').fill('Put his shoes on by himself');
  await win.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(win).toBeHidden();
  await expect(nanaPage.getByTestId('journal-entry').filter({ hasText: 'Put his shoes on by himself' })).toBeVisible();
  await expect(nanaPage.getByText(NOTE)).toHaveCount(0);
  const seen = await call(nana, 'GET', `/api/children/${childId}/journal`);
  expect(JSON.stringify(seen)).not.toContain(NOTE);
  await nanaPage.close();

  const sam = await therapist.newPage();
  await sam.goto(`/children/${childId}/journal`);
  await expect(sam.getByText(NOTE)).toBeVisible();
  await expect(sam.getByText('Put his shoes on by himself')).toBeVisible();
  await sam.close();
});

test('a phone of twice the density loads the photo’s 640-wide copy, not the photo itself', async ({ browser, server, shot }) => {
  const WIN = 'Painted a sunflower as tall as the page';
  // A camera-sized picture: 2400×1800.
  const picture = drawPng(2400, 1800, (x, y) => [200 - (x % 150), 120 + (y % 100), 40 + ((x + y) % 90)]);
  const me = await ok(await mum.request.get('/api/me'), 'me');
  const up = await ok(await mum.request.post(`/api/children/${childId}/uploads?purpose=journal_photo`, {
    data: picture, headers: { 'Content-Type': 'application/octet-stream', 'X-CSRF-Token': me.csrfToken },
  }), 'upload');
  expect(up.pictureSize).toEqual({ width: 2400, height: 1800 });
  await call(mum, 'POST', `/api/children/${childId}/journal`, { content: { kind: 'win', text: WIN }, date: daysAgo(0), photoId: up.id });

  const phone = await browser.newContext({
    baseURL: server.url, storageState: await mum.storageState(), viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  });
  const page = await phone.newPage();
  const fetched: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes(`/uploads/${up.id}`)) fetched.push(new URL(r.url()).search);
  });
  await page.goto(`/children/${childId}/journal`);
  const photo = page.getByTestId('journal-entry').filter({ hasText: WIN }).getByRole('img', { name: `Photo with the entry: ${WIN}` });
  await photo.scrollIntoViewIfNeeded();
  await expect.poll(() => photo.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
  expect(await photo.evaluate((el: HTMLImageElement) => new URL(el.currentSrc).search)).toBe('?w=640');
  expect(fetched).toEqual(['?w=640']);
  // Drawn as wide as the photo's box, in its own proportions.
  const box = await photo.boundingBox();
  expect(Math.round(box?.width ?? 0)).toBeGreaterThan(250);
  expect(Math.round(((box?.width ?? 0) * 3) / 4)).toBeCloseTo(box?.height ?? 0, -1);
  await shot(page, 'journal-photo-phone');
  await phone.close();
});

test('the parent corrects an entry and its history keeps both wordings', async () => {
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/journal`);
  const entry = page.getByTestId('journal-entry').filter({ hasText: 'Tried a bite of pear' });
  await entry.getByRole('button', { name: 'Correct this entry: Win' }).click();
  const dialog = page.getByRole('dialog', { name: 'Correct: Win' });
  await expect(dialog.getByLabel('What went well for Leo?')).toHaveValue('Tried a bite of pear');
  await dialog.getByLabel('What went well for Leo?').fill('Ate three bites of pear');
  await dialog.getByRole('button', { name: 'Save the correction' }).click();
  await expect(dialog).toBeHidden();
  const corrected = page.getByTestId('journal-entry').filter({ hasText: 'Ate three bites of pear' });
  await corrected.getByRole('button', { name: 'Corrected · see history' }).click();
  const history = page.getByRole('dialog', { name: 'Every wording of this entry' });
  await expect(history.getByTestId('journal-version')).toHaveCount(2);
  await expect(history.getByTestId('journal-version').nth(0)).toContainText('Ate three bites of pear');
  await expect(history.getByTestId('journal-version').nth(1)).toContainText('Tried a bite of pear');
  await page.close();
});

test('the therapist reads Since last session with its patterns', async ({ shot }) => {
  // Two weeks of nights and mornings: short nights (8 h) are followed by two hard mornings.
  for (let day = 1; day <= 12; day++) {
    const short = day % 3 === 0;
    await call(mum, 'POST', `/api/children/${childId}/journal`, {
      content: { kind: 'sleep', bedtime: short ? '22:00' : '20:00', wakeTime: '06:00', nightWakings: short ? 2 : 0, rested: short ? 2 : 4 },
      date: daysAgo(day), time: null,
    });
    for (let i = 0; i < (short ? 2 : day % 4 === 0 ? 1 : 0); i++) {
      await call(mum, 'POST', `/api/children/${childId}/journal`, {
        content: { kind: 'behaviour', before: 'Getting dressed', behaviour: 'Threw his clothes', after: 'A visual schedule', intensity: 3, minutes: 5, place: 'home' },
        date: daysAgo(day), time: i === 0 ? '07:30' : '08:10',
      });
    }
  }
  const page = await therapist.newPage();
  await page.goto('/');
  await page.goto(`/children/${childId}`);
  await page.getByRole('link', { name: 'Since last session' }).click();
  await expect(page.getByRole('heading', { name: 'Since last session' })).toBeVisible();
  await page.getByText('2 weeks').click();
  const patterns = page.getByRole('region', { name: 'Patterns over the last 8 weeks' });
  // Ten mornings seeded, and the parent's hard moment in the afternoon.
  await expect(patterns.getByRole('table', { name: 'By time of day' }).getByRole('row', { name: /Morning/ })).toContainText('10');
  await expect(patterns.getByText(/Most of them were in the morning: 10 of the 11 with a time\./)).toBeVisible();
  // Nights: four of 8 h, eight of 10 h and the parent's 9¾ h one; the usual night is 10 h.
  await expect(patterns.getByTestId('since-sleep')).toContainText('On the 4 days after a short night (9 hours or less) there were 2 hard moments a day; on 9 other days, 0.3.');
  await expect(patterns.getByTestId('since-sleep')).toContainText('not proof of a cause');
  await expect(page.getByRole('region', { name: /Journal · \d+ entries/ })).toBeVisible();
  await shot(page, 'since-therapist');
  await page.goto(`/children/${childId}/journal`);
  await expect(page.getByText('Only therapists').first()).toBeVisible();
  await shot(page, 'journal-therapist');
  await page.close();
});

test('an entry written without signal waits on the phone and reaches the server exactly once', async () => {
  const TEXT = 'Said goodbye at the school gate without tears';
  const page = await mum.newPage();
  await page.goto(`/children/${childId}/journal`);
  await expect(page.getByRole('heading', { name: 'Home journal' })).toBeVisible();
  await mum.setOffline(true);
  await page.getByRole('button', { name: 'A win' }).click();
  const dialog = page.getByRole('dialog', { name: 'A win · Leo' });
  await dialog.getByLabel('What went well for Leo?').fill(TEXT);
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('1 entry is waiting to be sent')).toBeVisible();
  await expect(page.getByTestId('journal-entry').filter({ hasText: TEXT }).getByText('Saved on this phone, will send')).toBeVisible();
  await mum.setOffline(false);
  await expect(page.getByText('1 entry is waiting to be sent')).toBeHidden();
  await expect(page.getByTestId('journal-entry').filter({ hasText: TEXT })).toBeVisible();
  await expect(page.getByText('Saved on this phone, will send')).toHaveCount(0);
  const list = await call(mum, 'GET', `/api/children/${childId}/journal?kind=win`);
  expect(list.entries.filter((e: { content: { text?: string } }) => e.content.text === TEXT)).toHaveLength(1);
  await page.close();
});

test('the parent sets quiet hours; the pages read well in Spanish', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto('/account');
  const section = page.getByRole('region', { name: 'Your time and quiet hours' });
  await section.getByLabel('Your time zone').selectOption('Europe/Madrid');
  await section.getByRole('switch', { name: /Quiet hours/ }).check();
  await section.getByLabel('From').fill('21:30');
  await section.getByLabel('Until').fill('07:00');
  await section.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Your time settings are saved.')).toBeVisible();
  const me = await call(mum, 'GET', '/api/me');
  expect(me.user.timeZone).toBe('Europe/Madrid');
  expect(me.user.quietHours).toEqual({ start: '21:30', end: '07:00' });
  await page.reload();
  await expect(section.getByLabel('From')).toHaveValue('21:30');
  await shot(page, 'account-time');

  await call(mum, 'PATCH', '/api/me', { locale: 'es' });
  await page.goto(`/children/${childId}/journal`);
  await expect(page.getByRole('heading', { name: 'Diario de casa' })).toBeVisible();
  await shot(page, 'journal-guardian-es');
  await page.getByRole('button', { name: 'Un momento difícil' }).click();
  await expect(page.getByRole('dialog', { name: 'Un momento difícil · Leo' })).toBeVisible();
  await shot(page, 'journal-quick-form-es');
  await page.goto(`/children/${childId}/since`);
  await expect(page.getByRole('heading', { name: 'Desde la última sesión' })).toBeVisible();
  await expect(page.getByText('Según la hora del día').first()).toBeVisible();
  // Hours and decimals as Spanish writes them: a comma, and the unit in words.
  await expect(page.getByTestId('since-sleep')).toContainText('En los 4 días después de una noche corta (9 horas o menos) hubo 2 momentos difíciles al día; en los otros 9 días, 0,3.');
  await expect(page.getByTestId('since-sleep')).toContainText('Leo suele dormir unas 10 horas.');
  await shot(page, 'since-es');
  await page.goto('/account');
  await expect(page.getByRole('heading', { name: 'Su horario y horas de silencio' })).toBeVisible();
  await shot(page, 'account-time-es');
  await page.close();
});
