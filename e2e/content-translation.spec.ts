// Clinical content in the family's language: an English-speaking therapist writes a goal and a
// practice item with steps; a parent who reads Arabic, on a phone, reads them machine-translated
// (through the LibreTranslate stand-in), can show the original and marks the practice done; the
// therapist corrects one translation by hand and the parent sees it marked as the therapist's; a
// second parent who reads Vietnamese reads the same goal in Vietnamese; the weekly summaries that
// reach the loopback SMTP server name the goal and the practice in each parent's language; and
// the therapist reads the Arabic-writing parent's journal entry in English, with "Show original".
import type { BrowserContext } from '@playwright/test';
import { ARABIC_PHRASES, MORE_PHRASES } from '../test/translate-stand-in.ts';
import { acceptInvitation, apiCall, clinicFamily, expect, moveClock, shiftDate, test, type ClinicFamily } from './fixtures.ts';

test.use({ testClock: true });
test.describe.configure({ mode: 'serial', timeout: 180_000 });

const THERAPIST = { name: 'Nora Therapist', email: 'nora@content.example', password: 'copper lantern evening 31' };
const MUM = { name: 'Laila Parent', email: 'laila@content.example', password: 'silver meadow ribbon 23' };
const DAD = { name: 'Minh Parent', email: 'minh@content.example', password: 'harbour kite sunrise 48' };
const GOAL = { statement: 'Ask for help with two words at snack time.', whyItMatters: 'So he can tell us what he needs.' };
const PRACTICE = { title: 'Snack-time requests', steps: ['Hold the snack where he can see it.', 'Wait five seconds for him to ask.', 'Give it as soon as he uses two words.'], watchFor: 'Pointing instead of words.' };
/** Practice on one day of the week that is not today, so Today names it in its "not today" line. */
const LATER = { title: 'Turn-taking at bath time', steps: ['Take turns pouring water.'] };
const ar = (en: string) => MORE_PHRASES[en]?.ar ?? '';
const vi = (en: string) => MORE_PHRASES[en]?.vi ?? '';
const CORRECTED = 'يطلب المساعدة بكلمتين عند تناول الوجبة الخفيفة.';

const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH' | 'PUT', p: string, data?: unknown) => apiCall<T>(ctx.request, method, p, data);

let family: ClinicFamily;
let therapist: BrowserContext;
let mum: BrowserContext;
let dad: BrowserContext;
let childId = '';

/** The person's weekly summary, with its content, set for a minute or two from now; answers when it is due. */
async function summarySoon(ctx: BrowserContext): Promise<number> {
  const { digest } = await call<{ digest: { timeZone: string } }>(ctx, 'GET', '/api/me/mail');
  const soon = new Date(Date.now() + 120_000);
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: digest.timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(soon);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  const saved = await call<{ digest: { nextAt: string } }>(ctx, 'PUT', '/api/me/mail', { digest: { enabled: true, weekday, time: `${get('hour')}:${get('minute')}`, details: true } });
  return Date.parse(saved.digest.nextAt);
}

test.beforeAll(async ({ browser, server }) => {
  family = await clinicFamily(browser, server, {
    therapist: THERAPIST, child: { firstName: 'Omar', lastName: 'Haddad', therapyTypes: ['speech'] }, mum: { ...MUM, viewport: { width: 390, height: 844 } },
  });
  ({ therapist, mum, childId } = family);
  await call(mum, 'PATCH', '/api/me', { locale: 'ar' });
  await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: DAD.email, name: DAD.name, role: 'guardian' });
  dad = await acceptInvitation(browser, server, DAD, /care team/);
  await call(dad, 'PATCH', '/api/me', { locale: 'vi' });
  // The therapist writes in English: a goal with two measurements, practice that began this week.
  const goal = await call(therapist, 'POST', `/api/children/${childId}/goals`, { area: 'communication', ...GOAL, measure: 'count', baseline: 1, target: 5, settings: ['therapy', 'home'] });
  for (const [back, value] of [[5, 1], [3, 2], [1, 3]] as const) {
    await call(therapist, 'POST', `/api/children/${childId}/goals/${goal.id}/measurements`, { value, date: shiftDate(family.today, -back), setting: 'therapy' });
  }
  await call(mum, 'POST', `/api/children/${childId}/goals/${goal.id}/response`, { decision: 'agree', version: 1 });
  await call(therapist, 'POST', `/api/children/${childId}/practice`, { ...PRACTICE, schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: shiftDate(family.today, -6) });
  const laterDay = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][(new Date(`${family.today}T12:00:00Z`).getUTCDay() + 2) % 7];
  await call(therapist, 'POST', `/api/children/${childId}/practice`, { ...LATER, schedule: { rule: `FREQ=WEEKLY;BYDAY=${laterDay}`, timesPerWeek: null }, startDate: shiftDate(family.today, -6) });
});

test.afterAll(async () => {
  await Promise.all([family.close(), dad.close()]);
});

test('the goal and practice reach each parent in their language, corrected by hand where the therapist chose', async ({ server, shot }) => {
  await test.step('the Arabic-reading parent reads the goal translated by machine, and can show the original', async () => {
    const page = await mum.newPage();
    await page.goto(`/children/${childId}/plan`);
    const card = page.getByRole('article');
    await expect(card.getByRole('heading', { name: ar(GOAL.statement) })).toHaveAttribute('lang', 'ar');
    await expect(card.getByText(ar(GOAL.whyItMatters))).toBeVisible();
    await expect(card.getByText('ترجمة آلية')).toBeVisible();
    await shot(page, 'content-translation-goal-ar');
    await card.getByRole('button', { name: 'عرض الأصل' }).click();
    await expect(card.getByRole('heading', { name: GOAL.statement })).toHaveAttribute('lang', 'en');
    await card.getByRole('button', { name: 'عرض الترجمة' }).click();
    await expect(card.getByRole('heading', { name: ar(GOAL.statement) })).toBeVisible();
    await page.close();
  });

  await test.step('she reads today’s practice and its steps in Arabic, and marks it done', async () => {
    const page = await mum.newPage();
    await page.goto('/today');
    const item = page.getByTestId('practice-item');
    await expect(item.getByRole('heading', { name: ar(PRACTICE.title) })).toBeVisible();
    await item.locator('.steps-toggle').click();
    for (const step of PRACTICE.steps) await expect(item.getByText(ar(step))).toBeVisible();
    await expect(item.getByText(ar(PRACTICE.watchFor))).toBeVisible();
    // The log buttons and the "not today" line name the practice as she reads it, too.
    await expect(item.getByRole('group', { name: ar(PRACTICE.title) })).toBeVisible();
    await expect(page.getByText(ar(LATER.title), { exact: false })).toBeVisible();
    await expect(page.getByText(LATER.title, { exact: false })).toHaveCount(0);
    await item.getByRole('button', { name: 'أُنجز' }).click();
    await expect(page.getByText('شكرًا!', { exact: false }).first()).toBeVisible();
    await shot(page, 'content-translation-today-ar');
    await page.close();
  });

  await test.step('the therapist corrects the Arabic translation of the goal by hand', async () => {
    const page = await therapist.newPage();
    await page.goto(`/children/${childId}/plan`);
    await page.getByRole('button', { name: 'Translations' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Language').selectOption('ar');
    const statement = dialog.getByRole('textbox', { name: 'Goal · Translation' });
    await expect(statement).toHaveValue(ar(GOAL.statement));
    await statement.fill(CORRECTED);
    await shot(page, 'content-translation-editor');
    await dialog.getByRole('button', { name: 'Save translation' }).click();
    await expect(page.getByText('Translation saved.', { exact: false })).toBeVisible();
    await page.close();
  });

  await test.step('the parent sees the correction, marked as the therapist’s', async () => {
    const page = await mum.newPage();
    await page.goto(`/children/${childId}/plan`);
    const card = page.getByRole('article');
    await expect(card.getByRole('heading', { name: CORRECTED })).toBeVisible();
    // In Arabic a Latin name is isolated (FSI … PDI), so it keeps its own direction in the sentence.
    await expect(card.getByText(`ترجمة \u2068${THERAPIST.name}\u2069`)).toBeVisible();
    await shot(page, 'content-translation-human-ar');
    await page.close();
  });

  await test.step('the Vietnamese-reading parent reads the same goal in Vietnamese', async () => {
    const page = await dad.newPage();
    await page.goto(`/children/${childId}/plan`);
    const card = page.getByRole('article');
    await expect(card.getByRole('heading', { name: vi(GOAL.statement) })).toHaveAttribute('lang', 'vi');
    await expect(card.getByText('Dịch bằng máy')).toBeVisible();
    await shot(page, 'content-translation-goal-vi');
    await page.close();
  });

  await test.step('each parent’s weekly summary names the goal and the practice in their language', async () => {
    const due = Math.max(await summarySoon(mum), await summarySoon(dad));
    await moveClock(server, new Date(due + 1_000));
    const arabic = await server.mailbox.waitFor(MUM.email, /ملخّص قصير/, 60_000);
    expect(arabic.text).toContain(ar(PRACTICE.title));
    expect(arabic.text).toContain(CORRECTED);
    const vietnamese = await server.mailbox.waitFor(DAD.email, /bản tóm tắt ngắn/, 60_000);
    expect(vietnamese.text).toContain(vi(PRACTICE.title));
    expect(vietnamese.text).toContain(vi(GOAL.statement));
  });
});

test('the therapist reads the Arabic-writing parent’s journal entry in English, with the original at hand', async ({ shot }) => {
  const [before, behaviour, after] = Object.keys(ARABIC_PHRASES) as [string, string, string];
  const entry = await call(mum, 'POST', `/api/children/${childId}/journal`, {
    content: { kind: 'behaviour', before, behaviour, after, intensity: 3, minutes: 5, place: 'home' }, date: family.today,
  });
  expect(entry.id).toBeTruthy();
  const page = await therapist.newPage();
  await page.goto(`/children/${childId}/journal`);
  const item = page.getByTestId('journal-entry').first();
  const words = item.getByText(ARABIC_PHRASES[behaviour] ?? '');
  await expect(words).toHaveAttribute('lang', 'en');
  await expect(words).toHaveAttribute('dir', 'auto');
  await expect(item.getByText(ARABIC_PHRASES[before] ?? '')).toBeVisible();
  await expect(item.getByText('Translated by machine')).toBeVisible();
  await shot(page, 'content-translation-journal-en');
  await item.getByRole('button', { name: 'Show original' }).click();
  await expect(item.getByText(behaviour)).toHaveAttribute('lang', 'ar');
  await expect(item.getByText('Original in Arabic')).toBeVisible();
  await shot(page, 'content-translation-journal-original');
  await item.getByRole('button', { name: 'Show translation' }).click();
  await expect(item.getByText(ARABIC_PHRASES[after] ?? '')).toBeVisible();
  await page.close();

  // The mother reads her own words as she wrote them, in Arabic, with no note.
  const hers = await mum.newPage();
  await hers.goto(`/children/${childId}/journal`);
  const mine = hers.getByTestId('journal-entry').first();
  await expect(mine.getByText(behaviour)).toHaveAttribute('lang', 'ar');
  await expect(mine.getByText('ترجمة آلية')).toHaveCount(0);
  await shot(hers, 'content-translation-journal-ar');
  await hers.close();
});
