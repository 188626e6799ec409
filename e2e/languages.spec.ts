// Every language the interface speaks, every page, at a phone's width and a desk's: <html lang dir>
// follows the language, no page shows a catalogue key or English the language replaced, and axe
// finds nothing at either width. One test per language (each with its own family, run side by
// side); with SCREENSHOTS set, the pages are saved as pictures to be looked at (Arabic, right to
// left, above all). The language is set through the account, as a person sets it. The video call
// is walked too (the therapist's room, an interpreter's page from the mailed link): Chromium's fake
// camera and microphone stand in for real ones, for this spec alone.
import type { BrowserContext, Page } from '@playwright/test';
import { LOCALES, dirOf, type Locale } from '../src/contract/locales.ts';
import { Mailbox, apiCall, axeViolations, clinicFamily, englishLeft, expect, fakeMedia, rawKeys, scheduleSession, screenshot, shiftDate, sidewaysOverflow, test } from './fixtures.ts';

test.use(fakeMedia());
test.describe.configure({ mode: 'parallel' });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/**
 * A page; `open`: a button pressed there first (a form in a dialog), found by its class so every
 * language finds it; `look`: what to scroll to for the screenshots; `mine`: a field whose words
 * start in the reader's own language, so it carries that language and its direction.
 */
type Visit = { name: string; path: string; open?: string; look?: string; mine?: string };

for (const locale of LOCALES) {
  test(`in ${locale}: every page a parent, a therapist and the admin see, on a phone and at a desk`, async ({ browser, server }) => {
    test.setTimeout(600_000);
    const THERAPIST = { name: 'Tala Haddad', email: `tala.${locale}@languages.example`, password: 'cedar window softly 57' };
    const MUM = { name: 'Mariam Nasser', email: `mariam.${locale}@languages.example`, password: 'olive lantern gently 63' };
    const family = await clinicFamily(browser, server, {
      therapist: THERAPIST,
      child: { firstName: 'Yusuf', lastName: 'Nasser', therapyTypes: ['speech'] },
      mum: { ...MUM, viewport: PHONE },
    });
    const { childId, today } = family;
    let eventId = '';
    let checkinId = '';
    let sessionId = '';
    let conversationId = '';
    let newsletterId = '';
    let childResourceId = '';
    let formId = '';
    await test.step('a goal with its measurements, a session, and a conversation mixing Arabic and Latin text', async () => {
      const goal = await apiCall<{ id: string }>(family.therapist.request, 'POST', `/api/children/${childId}/goals`, {
        area: 'communication', statement: 'يطلب المساعدة بكلمتين (asks for help with two words)', measure: 'count', target: 8, settings: ['therapy', 'home'],
      });
      for (const [i, value] of [1, 3, 4, 6].entries()) {
        await apiCall(family.therapist.request, 'POST', `/api/children/${childId}/goals/${goal.id}/measurements`, { value, date: shiftDate(today, -15 + i * 5), setting: 'home' });
      }
      sessionId = await scheduleSession(family.therapist, childId, { kind: 'plan_review', date: shiftDate(today, 3), time: '16:00' });
      const list = await apiCall<{ conversations: { id: string; kind: string }[] }>(family.therapist.request, 'GET', `/api/children/${childId}/conversations`);
      const team = list.conversations[0]?.id ?? '';
      conversationId = team;
      await apiCall(family.mum.request, 'POST', `/api/children/${childId}/conversations/${team}/messages`, { body: `شكراً! سأرسل الفيديو إلى ${THERAPIST.email} غداً.` });
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
      formId = forms.forms.find((f) => f.starterKey === 'partnership')?.id ?? '';
      // A newsletter to this therapist's families only (other specs share the server), and a starter article given to this one.
      const me = await apiCall<{ user: { id: string } }>(family.therapist.request, 'GET', '/api/me');
      newsletterId = (await apiCall<{ id: string }>(family.admin.request, 'POST', '/api/admin/newsletters', {
        title: 'أخبار الشهر (News of the month)', body: '## مرحبًا\n\nA **new** parent group starts on Tuesday.', audience: { kind: 'therapist', therapistId: me.user.id },
      })).id;
      await apiCall(family.admin.request, 'POST', `/api/admin/newsletters/${newsletterId}/send`, { at: null });
      const library = await apiCall<{ resources: { id: string }[] }>(family.therapist.request, 'GET', '/api/resources');
      childResourceId = (await apiCall<{ id: string }>(family.therapist.request, 'POST', `/api/children/${childId}/resources`, { resourceId: library.resources[0]?.id, note: 'Have a look before Tuesday.' })).id;
    });

    const child = `/children/${childId}`;
    const parentPages: Visit[] = [
      { name: 'home', path: '/' },
      { name: 'today', path: '/today' },
      { name: 'overview', path: child },
      { name: 'plan', path: `${child}/plan` },
      { name: 'practice', path: `${child}/practice` },
      { name: 'journal', path: `${child}/journal` },
      { name: 'messages', path: `${child}/messages` },
      { name: 'sessions', path: `${child}/sessions` },
      { name: 'support', path: '/support' },
      { name: 'account', path: '/account' },
      { name: 'journal-entry', path: `${child}/journal`, open: '.journal-quick-button', look: '[role="dialog"] [role="radiogroup"]' },
      { name: 'since-last-session', path: `${child}/since` },
      { name: 'team', path: `${child}/team` },
      { name: 'reviews', path: `${child}/reviews` },
      { name: 'resources', path: `${child}/resources` },
      { name: 'checkin', path: `${child}/checkins/${checkinId}/${today}` },
      { name: 'wins', path: `/children/${childId}/wins` },
      { name: 'events', path: '/events' },
      { name: 'event', path: `/events/${eventId}` },
      { name: 'parent-calendar', path: '/calendar' },
      { name: 'notifications', path: '/notifications' },
      { name: 'conversation', path: `${child}/messages/${conversationId}` },
      { name: 'session', path: `${child}/sessions/${sessionId}` },
      { name: 'goal-ratings', path: `${child}/goal-ratings` },
      { name: 'stickers', path: `/children/${childId}/stickers` },
      { name: 'resource', path: `${child}/resources/${childResourceId}` },
      { name: 'newsletters', path: '/newsletters' },
      { name: 'newsletter', path: `/newsletters/${newsletterId}` },
    ];
    const therapistPages: Visit[] = [
      { name: 'caseload', path: '/' },
      { name: 'calendar', path: '/calendar' },
      { name: 'therapist-overview', path: child },
      { name: 'therapist-plan', path: `${child}/plan` },
      { name: 'therapist-messages', path: `${child}/messages` },
      { name: 'therapist-account', path: '/account' },
      { name: 'strategies', path: '/strategies' },
      { name: 'clinic-resources', path: '/resources' },
      { name: 'quick-replies', path: '/quick-replies' },
      { name: 'new-quick-reply', path: '/quick-replies', open: '.quick-reply-add', mine: '[role="dialog"] textarea[lang]' },
      { name: 'new-child', path: '/children/new' },
      { name: 'therapist-session', path: `${child}/sessions/${sessionId}` },
      { name: 'checkin-forms', path: '/checkin-forms' },
      { name: 'checkin-form', path: `/checkin-forms/${formId}` },
      { name: 'new-checkin-form', path: '/checkin-forms/new', mine: 'main input[lang]' },
      { name: 'new-event', path: '/events/new' },
    ];
    // The clinic's admin (who set the clinic up), every tab of the admin page.
    const adminPages: Visit[] = ['clinicians', 'audit', 'settings', 'checkins', 'newsletters', 'notices', 'outbox', 'templates']
      .map((tab): Visit => ({ name: `admin-${tab}`, path: `/admin/${tab}` }))
      // The event is the admin's, who may change it and print its sign-up sheet.
      .concat({ name: 'edit-event', path: `/events/${eventId}/edit` }, { name: 'event-print', path: `/events/${eventId}/print` });

    const mumPage = await family.mum.newPage();
    const therapistPage = await family.therapist.newPage();
    await therapistPage.setViewportSize(DESKTOP);
    const adminPage = await family.admin.newPage();
    await adminPage.setViewportSize(DESKTOP);

    /** Axe (every rule) and what the page shows, at the person's own width and then the other. */
    const check = async (page: Page, label: string, name: string) => {
      const own = page.viewportSize() ?? DESKTOP;
      for (const size of own.width === PHONE.width ? [PHONE, DESKTOP] : [DESKTOP, PHONE]) {
        await page.setViewportSize(size);
        expect(await axeViolations(page), `axe on ${label} at ${size.width} px`).toEqual([]);
        // Nothing makes the page scroll sideways (a table or a row of buttons wider than the screen).
        expect(await sidewaysOverflow(page), `sideways scroll on ${label} at ${size.width} px`).toEqual([]);
        await screenshot(page, `lang-${locale}-${name}-${size.width === PHONE.width ? 'phone' : 'desktop'}`);
      }
      await page.setViewportSize(own);
      expect(await rawKeys(page), `keys shown on ${label}`).toEqual([]);
      expect(await englishLeft(page, locale), `English left on ${label}`).toEqual([]);
    };

    /** The page shown (its heading already there) in the language, in its direction, then checked. */
    const seen = async (page: Page, label: string, name: string) => {
      await expect(page.locator('main h1').first(), label).toBeVisible();
      await expect(page.locator('html'), label).toHaveAttribute('lang', locale);
      await expect(page.locator('html'), label).toHaveAttribute('dir', dirOf(locale));
      // Mantine's own direction (menus, drawers, inputs' sections) follows the document's.
      await expect(page.locator('html'), label).toHaveAttribute('dir', await page.evaluate(() => getComputedStyle(document.body).direction));
      await check(page, label, name);
    };

    const walk = async (who: string, context: BrowserContext | null, page: Page, pages: Visit[]) => {
      if (context) await apiCall(context.request, 'PATCH', '/api/me', { locale });
      for (const visit of pages) {
        const label = `${who} ${visit.name} in ${locale}`;
        await page.goto(visit.path);
        await expect(page.locator('main h1').first(), label).toBeVisible();
        if (visit.open) {
          await page.locator(visit.open).first().click();
          await expect(page.getByRole('dialog'), label).toBeVisible();
        }
        if (visit.look) await page.locator(visit.look).last().scrollIntoViewIfNeeded();
        if (visit.mine) {
          const field = page.locator(visit.mine).first();
          await expect(field, label).toHaveAttribute('lang', locale);
          await expect(field, label).toHaveCSS('direction', dirOf(locale));
        }
        await seen(page, label, `${who}-${visit.name}`);
      }
    };

    await test.step('someone signed out, whose browser speaks the language', async () => {
      const visitor = await browser.newContext({ baseURL: server.url, locale, viewport: PHONE });
      const token = 'x'.repeat(43);
      await walk('visitor', null, await visitor.newPage(), [
        { name: 'sign-in', path: '/login' },
        { name: 'reset', path: '/reset' },
        { name: 'sign-in-link', path: `/signin/link?token=${token}` },
        { name: 'invitation', path: `/invite/${token}` },
        { name: 'unsubscribe', path: `/unsubscribe/${token}` },
        { name: 'archive-link', path: `/archive/${token}` },
      ]);
      await visitor.close();
    });
    await test.step('a parent on a phone', () => walk('parent', family.mum, mumPage, parentPages));
    await test.step('a therapist at a desk', () => walk('therapist', family.therapist, therapistPage, therapistPages));
    await test.step('the clinic admin at a desk', async () => {
      try {
        await walk('admin', family.admin, adminPage, adminPages);
      } finally {
        // The admin is the whole server's: the next spec on it finds them in English.
        await apiCall(family.admin.request, 'PATCH', '/api/me', { locale: 'en' });
      }
    });

    await test.step('a video call: the therapist checks camera and microphone and opens the room; an interpreter joins by the mailed link and is let in', async () => {
      // A video session starting in five minutes (its room opens ten minutes before), made now so the room is open.
      const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone: family.zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .format(new Date(Date.now() + 5 * 60_000)).split(' ');
      const videoId = await scheduleSession(family.therapist, childId, { place: 'video', date, time });
      const interpreter = { name: 'Lina Haddad', email: `lina.${locale}@languages.example` };
      await therapistPage.goto(`/video/${videoId}`);
      await expect(therapistPage.getByTestId('video-join')).toBeEnabled();
      await seen(therapistPage, `therapist video check in ${locale}`, 'therapist-video-check');
      await therapistPage.getByTestId('video-join').click();
      await expect(therapistPage.getByTestId('video-tile')).toHaveCount(1);

      await apiCall(family.therapist.request, 'POST', `/api/video/rooms/${videoId}/guests`, { ...interpreter, language: locale });
      const link = Mailbox.link(await server.mailbox.waitFor(interpreter.email, /./), '/video/');
      const guest = await browser.newContext({ baseURL: server.url, locale, viewport: PHONE });
      try {
        const guestPage = await guest.newPage();
        await guestPage.goto(link);
        await expect(guestPage.getByTestId('video-join')).toBeEnabled();
        await seen(guestPage, `interpreter video check in ${locale}`, 'guest-video-check');
        await guestPage.getByTestId('video-join').click();
        await expect(guestPage.getByTestId('video-waiting')).toBeVisible();
        await seen(guestPage, `interpreter waiting in ${locale}`, 'guest-video-waiting');
        await seen(therapistPage, `therapist video room with someone waiting in ${locale}`, 'therapist-video-room-waiting');
        await therapistPage.getByRole('status').filter({ hasText: interpreter.name }).getByRole('button').click();
        await expect(guestPage.getByTestId('video-tile')).toHaveCount(2);
        await expect(therapistPage.getByTestId('video-tile')).toHaveCount(2);
        await seen(guestPage, `interpreter in the call in ${locale}`, 'guest-video-room');
        await seen(therapistPage, `therapist in the call in ${locale}`, 'therapist-video-room');
      } finally {
        await guest.close();
      }
    });

    const font = ({ ar: ['Noto Sans Arabic', 'م'], zh: ['Noto Sans SC', '今'] } as Partial<Record<Locale, [string, string]>>)[locale];
    if (font) {
      await test.step(`${font[0]} draws the page, loaded with the language`, async () => {
        await mumPage.goto('/today');
        await expect.poll(() => mumPage.evaluate(([f, c]) => document.fonts.check(`16px "${f}"`, c) && [...document.fonts].some((face) => face.family.replace(/"/g, '') === f && face.status === 'loaded'), font)).toBe(true);
      });
    }

    await family.close();
  });
}
