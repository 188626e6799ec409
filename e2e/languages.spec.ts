// Every language the interface speaks, page by page: <html lang dir> follows it, no page shows a
// catalogue key or the English it replaced, axe finds nothing, and in Arabic (right to left) and
// Chinese the pages are saved as screenshots to be looked at. One family, signed in once; the
// language changes through the account, as a person changes it.
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { LOCALES, type Locale } from '../src/contract/locales.ts';
import { apiCall, clinicFamily, expect, rawKeys, scheduleSession, shiftDate, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Tala Haddad', email: 'tala@languages.example', password: 'cedar window softly 57' };
const MUM = { name: 'Mariam Nasser', email: 'mariam@languages.example', password: 'olive lantern gently 63' };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

// The axe rules a translation can break: a label lost or made the same as another's, a language.
const WORDING_RULES = [
  'landmark-unique', 'button-name', 'link-name', 'label', 'input-button-name', 'aria-input-field-name', 'aria-toggle-field-name',
  'aria-command-name', 'aria-dialog-name', 'aria-progressbar-name', 'aria-meter-name', 'aria-tooltip-name', 'document-title',
  'empty-heading', 'html-has-lang', 'html-lang-valid', 'valid-lang', 'select-name', 'svg-img-alt', 'image-alt', 'frame-title',
];

/** A page; `open`: a button pressed there first (a form in a dialog), found by its class so every language finds it; `look`: what to scroll to for the screenshots. */
type Visit = { name: string; path: string; heading: 'h1' | 'nav' | 'dialog'; open?: string; look?: string };

test('seven languages: every main page in each, right to left in Arabic', async ({ browser, server, shot }) => {
  test.setTimeout(900_000);
  const family = await clinicFamily(browser, server, {
    therapist: THERAPIST,
    child: { firstName: 'Yusuf', lastName: 'Nasser', therapyTypes: ['speech'] },
    mum: { ...MUM, viewport: PHONE },
  });
  const { childId, today } = family;
  let eventId = '';
  let checkinId = '';

  await test.step('a goal with its measurements, a session, and a conversation mixing Arabic and Latin text', async () => {
    const goal = await apiCall<{ id: string }>(family.therapist.request, 'POST', `/api/children/${childId}/goals`, {
      area: 'communication', statement: 'يطلب المساعدة بكلمتين (asks for help with two words)', measure: 'count', target: 8, settings: ['therapy', 'home'],
    });
    for (const [i, value] of [1, 3, 4, 6].entries()) {
      await apiCall(family.therapist.request, 'POST', `/api/children/${childId}/goals/${goal.id}/measurements`, { value, date: shiftDate(today, -15 + i * 5), setting: 'home' });
    }
    await scheduleSession(family.therapist, childId, { date: shiftDate(today, 3), time: '16:00' });
    const list = await apiCall<{ conversations: { id: string; kind: string }[] }>(family.therapist.request, 'GET', `/api/children/${childId}/conversations`);
    const team = list.conversations[0]?.id ?? '';
    await apiCall(family.mum.request, 'POST', `/api/children/${childId}/conversations/${team}/messages`, { body: 'شكراً! سأرسل الفيديو إلى tala@languages.example غداً.' });
    await apiCall(family.therapist.request, 'POST', `/api/children/${childId}/conversations/${team}/messages`, { body: 'Great — see you Wednesday at 4 pm.' });
    // A family event and a check-in to answer, so their pages show more than an empty state.
    eventId = (await apiCall<{ id: string }>(family.admin.request, 'POST', '/api/family-events', {
      kind: 'workshop', title: 'ورشة اللعب والكلام (Play & Talk)', description: 'نلعب معًا ونتعلّم كلمات جديدة. Bring a favourite toy.', date: shiftDate(today, 6), time: '17:30',
      durationMinutes: 60, place: 'address', placeNote: '12 Harbour Street', audience: { kind: 'all' },
    })).id;
    const forms = await apiCall<{ forms: { id: string; starterKey: string }[] }>(family.therapist.request, 'GET', '/api/checkin-forms');
    const weekday = ((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    checkinId = (await apiCall<{ id: string }>(family.therapist.request, 'POST', `/api/children/${childId}/checkins`, {
      formId: forms.forms.find((f) => f.starterKey === 'partnership')?.id, cadence: { kind: 'weekly', weekday }, respondents: [{ kind: 'households' }],
    })).id;
  });

  const child = `/children/${childId}`;
  const parentPages: Visit[] = [
    { name: 'home', path: '/', heading: 'h1' },
    { name: 'today', path: '/today', heading: 'h1' },
    { name: 'overview', path: child, heading: 'nav' },
    { name: 'plan', path: `${child}/plan`, heading: 'nav' },
    { name: 'practice', path: `${child}/practice`, heading: 'nav' },
    { name: 'journal', path: `${child}/journal`, heading: 'nav' },
    { name: 'messages', path: `${child}/messages`, heading: 'nav' },
    { name: 'sessions', path: `${child}/sessions`, heading: 'nav' },
    { name: 'support', path: '/support', heading: 'h1' },
    { name: 'account', path: '/account', heading: 'h1' },
    { name: 'journal-entry', path: `${child}/journal`, heading: 'dialog', open: '.journal-quick-button', look: '[role="dialog"] [role="radiogroup"]' },
    { name: 'since-last-session', path: `${child}/since`, heading: 'nav' },
    { name: 'team', path: `${child}/team`, heading: 'nav' },
    { name: 'reviews', path: `${child}/reviews`, heading: 'nav' },
    { name: 'resources', path: `${child}/resources`, heading: 'nav' },
    { name: 'checkin', path: `${child}/checkins/${checkinId}/${today}`, heading: 'nav' },
    { name: 'wins', path: `/children/${childId}/wins`, heading: 'h1' },
    { name: 'events', path: '/events', heading: 'h1' },
    { name: 'event', path: `/events/${eventId}`, heading: 'nav' },
    { name: 'parent-calendar', path: '/calendar', heading: 'h1' },
    { name: 'notifications', path: '/notifications', heading: 'h1' },
  ];
  const therapistPages: Visit[] = [
    { name: 'caseload', path: '/', heading: 'h1' },
    { name: 'calendar', path: '/calendar', heading: 'h1' },
    { name: 'therapist-overview', path: child, heading: 'nav' },
    { name: 'therapist-plan', path: `${child}/plan`, heading: 'nav' },
    { name: 'therapist-messages', path: `${child}/messages`, heading: 'nav' },
    { name: 'therapist-account', path: '/account', heading: 'h1' },
    { name: 'strategies', path: '/strategies', heading: 'h1' },
    { name: 'clinic-resources', path: '/resources', heading: 'h1' },
    { name: 'quick-replies', path: '/quick-replies', heading: 'h1' },
  ];
  // The clinic's admin (who set the clinic up), every tab of the admin page.
  const adminPages: Visit[] = ['clinicians', 'audit', 'settings', 'checkins', 'newsletters', 'notices', 'outbox', 'templates']
    .map((tab) => ({ name: `admin-${tab}`, path: `/admin/${tab}`, heading: 'h1' }));

  const mumPage = await family.mum.newPage();
  const therapistPage = await family.therapist.newPage();
  await therapistPage.setViewportSize(DESKTOP);
  const adminPage = await family.admin.newPage();
  await adminPage.setViewportSize(DESKTOP);
  // What each page says in English: no other language may show it.
  const english = new Map<string, string>();

  /** The page's own words to compare across languages: its main heading, or on a child's page (whose heading is the child's name) the navigation, or the open dialog's title. */
  const sample = async (page: Page, visit: Visit): Promise<string> => {
    const where = visit.heading === 'h1' ? page.locator('main h1').first() : visit.heading === 'dialog' ? page.getByRole('dialog').getByRole('heading').first() : page.getByRole('navigation').last();
    await expect(where).toBeVisible();
    return (await where.innerText()).trim();
  };

  const walk = async (who: string, context: BrowserContext, page: Page, locale: Locale, pages: Visit[]) => {
    await apiCall(context.request, 'PATCH', '/api/me', { locale });
    for (const visit of pages) {
      const label = `${who} ${visit.name} in ${locale}`;
      await page.goto(visit.path);
      await expect(page.locator('main h1').first(), label).toBeVisible();
      if (visit.open) {
        await page.locator(visit.open).first().click();
        await expect(page.getByRole('dialog'), label).toBeVisible();
      }
      if (visit.look) await page.locator(visit.look).last().scrollIntoViewIfNeeded();
      await expect(page.locator('html'), label).toHaveAttribute('lang', locale);
      await expect(page.locator('html'), label).toHaveAttribute('dir', locale === 'ar' ? 'rtl' : 'ltr');
      // Mantine's own direction (menus, drawers, inputs' sections) follows the document's.
      await expect(page.locator('html'), label).toHaveAttribute('dir', await page.evaluate(() => getComputedStyle(document.body).direction));
      const words = await sample(page, visit);
      const key = `${who} ${visit.name}`;
      if (locale === 'en') english.set(key, words);
      else expect(words, `${label}: the English left on the page`).not.toBe(english.get(key));
      if (locale === 'ar' || locale === 'zh') {
        // Axe, keys shown, and screenshots at both widths (the fixture does all three).
        await shot(page, `lang-${locale}-${visit.name}`);
      } else {
        await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
        // English is checked with every rule; the other Latin-script languages with the rules their
        // words can break (names of landmarks, controls and links, languages), which keeps this fast.
        const axe = new AxeBuilder({ page });
        if (locale !== 'en') axe.withRules(WORDING_RULES);
        const results = await axe.analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`), `axe on ${label}`).toEqual([]);
        expect(await rawKeys(page), `keys shown on ${label}`).toEqual([]);
      }
    }
  };

  // English first: what the other languages must not show; then the two with their own script.
  const order: Locale[] = ['en', 'ar', 'zh', ...LOCALES.filter((l) => !['en', 'ar', 'zh'].includes(l))];
  // English and Arabic (the one right to left) page by page; the others on the pages with the most
  // words (a full pass of every page in every language costs a quarter of an hour).
  const SAMPLE = new Set(['home', 'plan', 'messages', 'caseload', 'therapist-plan']);
  const pagesFor = (locale: Locale, pages: Visit[]) => (locale === 'en' || locale === 'ar' ? pages : pages.filter((p) => SAMPLE.has(p.name)));
  for (const locale of order) {
    await test.step(`in ${locale}: a parent on a phone, a therapist at a desk`, async () => {
      await walk('parent', family.mum, mumPage, locale, pagesFor(locale, parentPages));
      await walk('therapist', family.therapist, therapistPage, locale, pagesFor(locale, therapistPages));
      await walk('admin', family.admin, adminPage, locale, pagesFor(locale, adminPages));
    });
  }

  await test.step('Arabic draws in Noto Sans Arabic and Chinese in Noto Sans SC, loaded with the language', async () => {
    for (const [locale, fontFamily] of [['ar', 'Noto Sans Arabic'], ['zh', 'Noto Sans SC']] as const) {
      await apiCall(family.mum.request, 'PATCH', '/api/me', { locale });
      await mumPage.goto('/today');
      await expect(mumPage.locator('html')).toHaveAttribute('lang', locale);
      const letter = locale === 'ar' ? 'م' : '今';
      await expect.poll(() => mumPage.evaluate(([f, c]) => document.fonts.check(`16px "${f}"`, c) && [...document.fonts].some((face) => face.family.replace(/"/g, '') === f && face.status === 'loaded'), [fontFamily, letter] as const)).toBe(true);
    }
    await apiCall(family.mum.request, 'PATCH', '/api/me', { locale: 'en' });
    await mumPage.goto('/today');
    await expect(mumPage.locator('html')).toHaveAttribute('lang', 'en');
  });

  await family.close();
});
