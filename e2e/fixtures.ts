import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import axe from 'axe-core';
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { INVITE_PRESETS } from '../src/contract/permissions.ts';
import { freePort } from '../src/server/db/embedded.ts';
import type { AddressInfo } from 'node:net';
import { startDeepLStandIn, type DeepLStandIn } from '../test/deepl-stand-in.ts';
import { startTranslateStandIn, type TranslateStandIn } from '../test/translate-stand-in.ts';
import { startSmsStandIn, type SmsStandIn } from '../test/sms-stand-in.ts';

const executablePath = process.env.CHROME_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
/**
 * For `test.use` in a spec that opens a video call: the project's Chromium with its fake camera and
 * microphone, allowed without asking; `extra`, more flags.
 */
export const fakeMedia = (...extra: string[]) => ({
  launchOptions: {
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', ...extra,
    ],
  },
});

/** `SCREENSHOTS=1 npm run test:e2e` saves the pages the specs check as pictures in screenshots/. */
const SCREENSHOTS = Boolean(process.env.SCREENSHOTS);

export type Mail = { to: string; subject: string; text: string; html: string };

type Tree = { [key: string]: string | Tree };
/** Each catalogue read once, flattened: its messages by key. */
const catalogues = new Map<string, Map<string, string>>();
/** Every key and group of keys of the catalogue: what a page shows when its message did not arrive. */
const CATALOGUE_KEYS = new Set([...messages('en').keys()].flatMap((key) => {
  const parts = key.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 2).join('.'));
}));

/** The catalogue keys a page shows, in its text (but for what is marked translate="no") or in what a screen reader or a tooltip reads. */
export async function rawKeys(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => [
    // What is marked not to be translated (an audit action's code) is not a message.
    [...document.querySelectorAll<HTMLElement>('[translate="no"]')].reduce((text, el) => text.replace(el.innerText, ''), document.body.innerText),
    document.title,
    ...[...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((el) =>
      ['aria-label', 'title', 'placeholder', 'alt'].map((a) => el.getAttribute(a) ?? ''),
    ),
  ]);
  const found = texts.flatMap((text) => [...text.matchAll(/[A-Za-z_][\w]*(?:\.[\w-]+)+/g)].map((m) => m[0]));
  return [...new Set(found.filter((token) => CATALOGUE_KEYS.has(token)))];
}

/** A catalogue flattened: each message by its key. */
function messages(locale: string): Map<string, string> {
  const known = catalogues.get(locale);
  if (known) return known;
  const flat = new Map<string, string>();
  const walk = (tree: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(tree)) {
      const at = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') flat.set(at, value);
      else walk(value, at);
    }
  };
  walk(JSON.parse(readFileSync(new URL(`../src/locales/${locale}.json`, import.meta.url), 'utf8')) as Tree, '');
  catalogues.set(locale, flat);
  return flat;
}

const englishOnlyOf = new Map<string, Set<string>>();
/** The English messages of two words or more, without arguments, that `locale` does not also use. */
function englishOnly(locale: string): Set<string> {
  const known = englishOnlyOf.get(locale);
  if (known) return known;
  const own = new Set(messages(locale).values());
  const english = new Set([...messages('en').values()].filter((m) => !/[{<]/.test(m) && /\s/.test(m.trim()) && !own.has(m)));
  englishOnlyOf.set(locale, english);
  return english;
}

/**
 * English messages a page in another language shows whole: a line of its text, a label, a title
 * or a placeholder that is an English message of two words or more (without arguments), which the
 * page's language does not also use. What a person wrote in English does not count.
 */
export async function englishLeft(page: Page, locale: string): Promise<string[]> {
  if (locale === 'en') return [];
  const english = englishOnly(locale);
  const { texts, written } = await page.evaluate(() => ({
    texts: [
      ...document.body.innerText.split('\n'),
      document.title,
      ...[...document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')].flatMap((el) =>
        ['aria-label', 'title', 'placeholder', 'alt'].map((a) => el.getAttribute(a) ?? ''),
      ),
    ],
    // Words a person wrote, or a mail in its reader's language, are marked dir="auto" or with their own lang.
    written: [...document.querySelectorAll<HTMLElement>(`[dir="auto"], body [lang]:not([lang="${document.documentElement.lang}"])`)].flatMap((el) => el.innerText.split('\n')),
  }));
  const theirs = new Set(written.map((t) => t.trim()));
  return [...new Set(texts.map((t) => t.trim()).filter((t) => english.has(t) && !theirs.has(t)))];
}

/** Axe's violations on the page as it is, one line each (empty when it finds nothing). */
export async function axeViolations(page: Page): Promise<string[]> {
  // The page drawn, not the frame it loads in: every page has its main landmark and its heading
  // (axe requires both), so wait for them; one that never comes is then reported by axe itself.
  await page.waitForFunction(() => document.querySelector('main') !== null && document.querySelector('h1') !== null, null, { timeout: 15_000 }).catch(() => {});
  // Let transitions (a toast fading in, a modal opening) finish: axe judges what stays on screen.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  // Axe is put into the document once and run there as often as the page is checked (at each
  // width); the page has no frames of another origin to merge, and only violations are reported
  // (the passes' details were most of axe's time).
  const run = () => page.evaluate(async () => {
    const { axe: inPage } = window as unknown as { axe?: typeof axe };
    if (!inPage) return null;
    const results = await inPage.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('; ')})`);
  });
  const found = await run();
  if (found) return found;
  await page.evaluate(`${axe.source}\n;axe.configure({ allowedOrigins: ['<same_origin>'] });`);
  return (await run()) ?? ['axe could not be put into the page'];
}

/**
 * What sticks out past the screen's edge so the page scrolls sideways (empty when nothing does):
 * the innermost elements that reach past it, each with how far.
 */
export async function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width + 1) return [];
    const rtl = getComputedStyle(document.documentElement).direction === 'rtl';
    const beyond = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (rtl ? r.left < -1 : r.right > width + 1) && getComputedStyle(el).position !== 'fixed';
    };
    const out: string[] = [];
    const visit = (el: Element) => {
      const inner = [...el.children].filter(beyond);
      if (inner.length > 0) {
        for (const child of inner) visit(child);
        return;
      }
      const r = el.getBoundingClientRect();
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].slice(0, 3).join('.')}` : ''}`;
      out.push(`${name} reaches ${Math.round(rtl ? -r.left : r.right - width)} px past the edge: "${(el.textContent ?? '').trim().slice(0, 60)}"`);
    };
    visit(document.body);
    if (out.length === 1 && out[0]?.startsWith('body ')) {
      // No box reaches past the edge: words do, spilling out of a box too narrow for them.
      const spilling = [...document.body.querySelectorAll('*')].filter((el) => el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
        && getComputedStyle(el).overflowX === 'visible' && ![...el.children].some((c) => c.scrollWidth > c.clientWidth + 1));
      if (spilling.length === 0) return out;
      return spilling.map((el) => `words spill ${el.scrollWidth - el.clientWidth} px out of ${el.tagName.toLowerCase()}${el.classList.length ? `.${[...el.classList].slice(0, 3).join('.')}` : ''}: "${(el.textContent ?? '').trim().slice(0, 80)}"`);
    }
    return out;
  });
}

/** With SCREENSHOTS set, saves the whole page as it is now into screenshots/NAME.png, to be looked at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  await mkdir('screenshots', { recursive: true });
  await page.screenshot({ path: `screenshots/${name}.png`, fullPage: true });
}

export class Mailbox {
  mails: Mail[] = [];
  /** Waits for a mail to this address whose subject matches, and returns it (generous: two busy cores run the browsers, the servers and their mail jobs). */
  async waitFor(to: string, subject: RegExp, timeoutMs = 45_000): Promise<Mail> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.mails.find((m) => m.to === to.toLowerCase() && subject.test(m.subject));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`No mail to ${to} matching ${subject}; got: ${this.mails.map((m) => `${m.to}: ${m.subject}`).join(' | ')}`);
  }
  /** The first link in the mail that starts with the given path. */
  static link(mail: Mail, pathPrefix: string): string {
    const m = new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[/?]/g, '\\$&')}[^\\s]*`).exec(mail.text);
    if (!m) throw new Error(`No ${pathPrefix} link in: ${mail.text}`);
    return m[0];
  }
}

/** `translator` is a LibreTranslate stand-in on loopback (a fixed phrase table), which a spec may switch down. */
/** `sms` is a text-message provider stand-in (Twilio's Messages API) keeping the texts it was sent. */
/** `deepl` is a DeepL stand-in, the server's translation service instead of `translator` when the spec chose `translateProvider: 'deepl'`. */
export type Server = { url: string; mailbox: Mailbox; dataDir: string; translator: TranslateStandIn; sms: SmsStandIn; deepl: DeepLStandIn | null };

/** The key the server is given for the DeepL stand-in. */
export const DEEPL_KEY = 'e2e-deepl-key:fx';

/** A real CareTeam server (embedded PostgreSQL, fresh data), a real SMTP server and a translation stand-in on loopback. */
export const test = base.extend<{ shot: (page: Page, name: string) => Promise<void> }, { server: Server; smtp: boolean; testClock: boolean; translateProvider: 'libretranslate' | 'deepl'; freshServer: string }>({
  /** false: the server starts without SMTP_URL, as on a clinic's first day (mail only kept in the outbox). */
  smtp: [true, { scope: 'worker', option: true }],
  /** true: the server starts with TEST_CLOCK=1, so the spec can move its clock with `moveClock`. */
  testClock: [false, { scope: 'worker', option: true }],
  /** 'deepl': the server translates with DeepL (TRANSLATE_PROVIDER=deepl), against `server.deepl`. */
  translateProvider: ['libretranslate', { scope: 'worker', option: true }],
  /** A spec that must find a server no other spec has touched (the first visit, before any clinic) names itself here: it gets a worker, and so a server, of its own. */
  freshServer: ['', { scope: 'worker', option: true }],
  server: [
    async ({ smtp: withSmtp, testClock, translateProvider }, use) => {
      const mailbox = new Mailbox();
      const smtp = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, _session, callback) {
          simpleParser(stream)
            .then((parsed) => {
              const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
              mailbox.mails.push({ to: (to?.value[0]?.address ?? '').toLowerCase(), subject: parsed.subject ?? '', text: parsed.text ?? '', html: typeof parsed.html === 'string' ? parsed.html : '' });
              callback();
            })
            .catch(callback);
        },
      });
      // The system picks the port as it listens: a port found free first can be taken meanwhile.
      await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
      const smtpPort = (smtp.server.address() as AddressInfo).port;
      const translator = await startTranslateStandIn();
      const sms = await startSmsStandIn();
      const deepl = translateProvider === 'deepl' ? await startDeepLStandIn({ apiKey: DEEPL_KEY }) : null;
      const translate = deepl ? { TRANSLATE_PROVIDER: 'deepl', DEEPL_API_KEY: DEEPL_KEY, DEEPL_API_URL: deepl.url, TRANSLATE_URL: '' } : { TRANSLATE_URL: translator.url };
      const dataDir = await mkdtemp(path.join(os.tmpdir(), 'careteam-e2e-'));
      // A port found free can be taken before the server listens on it (specs start servers side
      // by side): a server that exits before it answers is started again on another.
      let url = '';
      let child: ChildProcess | null = null;
      for (let attempt = 1; !child; attempt++) {
        const port = await freePort();
        url = `http://localhost:${port}`;
        const started: ChildProcess = spawn(process.execPath, ['src/server/main.ts'], {
          env: { ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: url, SMTP_URL: withSmtp ? `smtp://127.0.0.1:${smtpPort}` : '', ...translate,
            SMS_PROVIDER: 'twilio', SMS_API_URL: sms.url, SMS_ACCOUNT_SID: sms.accountSid, SMS_AUTH_TOKEN: sms.authToken, SMS_FROM: '+15005550006', LOG_LEVEL: 'warn', TEST_CLOCK: testClock ? '1' : '' },
          stdio: ['ignore', 'inherit', 'inherit'],
        });
        const deadline = Date.now() + 60_000;
        for (;;) {
          if (started.exitCode !== null) {
            if (attempt >= 3) throw new Error(`The server exited with code ${started.exitCode}`);
            break;
          }
          const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
          if (ok) {
            child = started;
            break;
          }
          if (Date.now() > deadline) throw new Error('The server did not start within 60 s');
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      await use({ url, mailbox, dataDir, translator, sms, deepl });
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      await new Promise<void>((r) => smtp.close(() => r()));
      await translator.close();
      await sms.close();
      await deepl?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  baseURL: async ({ server }, use) => use(server.url),
  /**
   * Checks the page with axe (zero violations) and for keys shown instead of their messages; with
   * SCREENSHOTS set, also saves screenshots at phone and desktop width into screenshots/, to be
   * looked at. Nobody looks at a CI run's pictures, and drawing them was a fifth of its browser time.
   */
  shot: async ({}, use) => {
    await use(async (page, name) => {
      expect(await axeViolations(page), `axe on ${name}`).toEqual([]);
      expect(await rawKeys(page), `keys shown on ${name}`).toEqual([]);
      if (!SCREENSHOTS) return;
      const size = page.viewportSize() ?? { width: 1280, height: 800 };
      for (const [label, width, height] of [['phone', 390, 844], ['desktop', 1280, 800]] as const) {
        await page.setViewportSize({ width, height });
        await page.waitForTimeout(100);
        await screenshot(page, `${name}-${label}`);
      }
      await page.setViewportSize(size);
    });
  },
});

export { expect };

/**
 * Sets the server's clock (a spec started with `test.use({ testClock: true })`) and runs its
 * per-minute jobs at once: reminders due by then are sent, their mail delivered. The clock runs on
 * from there. Sessions idle past their timeout on the server's clock end: sign in again after a jump.
 */
export async function moveClock(server: Server, now: Date): Promise<void> {
  const res = await fetch(`${server.url}/api/test/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ now: now.toISOString() }) });
  expect(res.status, await res.clone().text()).toBe(200);
}

/**
 * Keeps every JSON answer the API gives this page from now on (the event stream never ends, and
 * carries only ids); the returned function gives their bodies, to check what reached the browser.
 */
export function jsonAnswers(page: Page): () => Promise<string[]> {
  const bodies: Promise<string>[] = [];
  page.on('response', (res) => {
    if (res.url().includes('/api/') && (res.headers()['content-type'] ?? '').includes('json')) bodies.push(res.text().catch(() => ''));
  });
  return () => Promise.all(bodies);
}

/** Starts `src/server/main.ts` with this environment and waits until it answers. */
async function spawnServer(env: Record<string, string>, url: string): Promise<ChildProcess> {
  const child: ChildProcess = spawn(process.execPath, ['src/server/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return child;
    if (Date.now() > deadline) throw new Error('The server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A second CareTeam server on the first one's database, as behind a load balancer: the embedded
 * PostgreSQL belongs to the first server, so the second connects to it over loopback. Both are on
 * localhost, so a browser's session cookie works on either.
 */
export async function secondInstance(server: Server): Promise<{ url: string; stop: () => Promise<void> }> {
  const password = (await readFile(path.join(server.dataDir, 'postgres.secret'), 'utf8')).trim();
  // postmaster.pid: pid, data directory, start time, port, …
  const pgPort = (await readFile(path.join(server.dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[3]?.trim() ?? '';
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const child = await spawnServer({
    DATABASE_URL: `postgres://careteam:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/careteam`,
    DATA_DIR: path.join(server.dataDir, 'second'), PORT: String(port), PUBLIC_URL: url, LOG_LEVEL: 'warn',
  }, url);
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** The clinic admin of every browser walk: the foundation walk sets the clinic up with it through the pages. */
export const ADMIN = { name: 'Grace Admin', email: 'grace@clinic.example', password: 'lantern harbour quietly 42' };
export type Person = { name: string; email: string; password: string };

/** A JSON call as the person signed in to this request context, with their CSRF token; fails the test on an error answer. */
export async function apiCall<T = Record<string, unknown>>(request: APIRequestContext, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, data?: unknown): Promise<T> {
  const me = await request.get('/api/me');
  const csrf = me.ok() ? ((await me.json()) as { csrfToken: string }).csrfToken : '';
  const response = await request.fetch(path, { method, headers: { 'X-CSRF-Token': csrf }, ...(data === undefined ? {} : { data }) });
  const text = await response.text();
  expect(response.ok(), `${method} ${path}: ${text}`).toBe(true);
  return (text ? JSON.parse(text) : {}) as T;
}

/** A browser context signed in as the clinic admin; on a fresh server it sets the clinic up first. */
export async function adminContext(browser: Browser, server: Server): Promise<BrowserContext> {
  const ctx = await browser.newContext({ baseURL: server.url });
  const setup = (await (await ctx.request.get('/api/setup')).json()) as { needsSetup: boolean };
  if (setup.needsSetup) {
    await apiCall(ctx.request, 'POST', '/api/setup', { clinicName: 'Harbour Kids Therapy', timeZone: 'America/Chicago', adminName: ADMIN.name, email: ADMIN.email, password: ADMIN.password });
  } else {
    await apiCall(ctx.request, 'POST', '/api/auth/login', { email: ADMIN.email, password: ADMIN.password });
  }
  return ctx;
}

/** Accepts the invitation mailed to this person and signs them in, in a context of their own. */
export async function acceptInvitation(browser: Browser, server: Server, who: Person, subject: RegExp, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const link = Mailbox.link(await server.mailbox.waitFor(who.email, subject), '/invite/');
  const token = link.split('/invite/')[1] ?? '';
  const ctx = await browser.newContext({ baseURL: server.url, viewport });
  await apiCall(ctx.request, 'POST', `/api/invitations/${token}/accept`, { name: who.name, password: who.password });
  await apiCall(ctx.request, 'POST', '/api/auth/login', { email: who.email, password: who.password });
  return ctx;
}

/** A calendar date (YYYY-MM-DD) moved by whole days. */
export const shiftDate = (isoDate: string, days: number): string => new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** A family member to invite: their household (none: the family's main one), screen, language and zone. */
type FamilyMember = Person & { household?: string; viewport?: { width: number; height: number }; locale?: 'en' | 'es'; timeZone?: string };

export type ClinicFamily = {
  admin: BrowserContext;
  therapist: BrowserContext;
  mum: BrowserContext;
  childId: string;
  /** The child's zone (the clinic's), and today's date there. */
  zone: string;
  today: string;
  /** Closes every context of the family. */
  close: () => Promise<void>;
};

/** Accepts a guardian's invitation and sets their language and zone. */
async function joinAsGuardian(browser: Browser, server: Server, therapist: BrowserContext, childId: string, who: FamilyMember, permissions?: readonly string[]): Promise<BrowserContext> {
  await apiCall(therapist.request, 'POST', `/api/children/${childId}/invitations`, {
    email: who.email, name: who.name, role: 'guardian', ...(who.household ? { household: who.household } : {}), ...(permissions ? { permissions } : {}),
  });
  const ctx = await acceptInvitation(browser, server, who, /care team/, who.viewport);
  if (who.locale || who.timeZone) await apiCall(ctx.request, 'PATCH', '/api/me', { ...(who.locale ? { locale: who.locale } : {}), ...(who.timeZone ? { timeZone: who.timeZone } : {}) });
  return ctx;
}

/**
 * The start of the sessions specs: the clinic's admin invites a therapist, who adds a child and
 * invites the child's mother; with `dad`, also the father in another home, a second household
 * restricted as the named preset is (no whole-team conversation, no team contacts).
 */
export async function clinicFamily(browser: Browser, server: Server, o: { therapist: Person; child: { firstName: string; lastName: string; therapyTypes: string[] }; mum: FamilyMember; dad: FamilyMember & { household: string } }): Promise<ClinicFamily & { dad: BrowserContext; dadId: string }>;
export async function clinicFamily(browser: Browser, server: Server, o: { therapist: Person; child: { firstName: string; lastName: string; therapyTypes: string[] }; mum: FamilyMember }): Promise<ClinicFamily>;
export async function clinicFamily(browser: Browser, server: Server, o: { therapist: Person; child: { firstName: string; lastName: string; therapyTypes: string[] }; mum: FamilyMember; dad?: FamilyMember & { household: string } }): Promise<ClinicFamily & { dad?: BrowserContext; dadId?: string }> {
  const admin = await adminContext(browser, server);
  await apiCall(admin.request, 'POST', '/api/admin/invitations', { email: o.therapist.email, name: o.therapist.name, role: 'therapist' });
  // The invitation is in the clinic admin's language, which an earlier spec on this server may have made Spanish.
  const therapist = await acceptInvitation(browser, server, o.therapist, /join|unirse/);
  const child = await apiCall<{ id: string; profile: { timeZone: string } }>(therapist.request, 'POST', '/api/children', o.child);
  const zone = child.profile.timeZone;
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(new Date());
  const mum = await joinAsGuardian(browser, server, therapist, child.id, o.mum);
  const family = { admin, therapist, mum, childId: child.id, zone, today };
  if (!o.dad) return { ...family, close: () => Promise.all([admin.close(), therapist.close(), mum.close()]).then(() => undefined) };
  const dad = await joinAsGuardian(browser, server, therapist, child.id, o.dad, INVITE_PRESETS.secondHousehold.permissions);
  const team = await apiCall<{ members: { userId: string; name: string }[] }>(therapist.request, 'GET', `/api/children/${child.id}/team`);
  const dadId = team.members.find((m) => m.name === o.dad?.name)?.userId ?? '';
  return { ...family, dad, dadId, close: () => Promise.all([admin.close(), therapist.close(), mum.close(), dad.close()]).then(() => undefined) };
}

/** Schedules a session of the child as the therapist; answers the first session's id. */
export async function scheduleSession(therapist: BrowserContext, childId: string, body: Record<string, unknown>): Promise<string> {
  const made = await apiCall<{ sessions: { id: string }[] }>(therapist.request, 'POST', `/api/children/${childId}/sessions`, { kind: 'therapy', place: 'clinic', durationMinutes: 45, familyInvited: true, ...body });
  return made.sessions[0]?.id ?? '';
}

/** What a therapist writes after a session: the summary for the family, and a private clinical note. */
export const SESSION_SUMMARY = {
  workedOn: 'Asking for help with two words during play.',
  wentWell: 'He waited for his turn three times.',
  toPractise: 'Ask for more at snack time, every day.',
};
export const PRIVATE_NOTE = 'Suspected apraxia of speech; reassess oral praxis next visit.';
/** The private note's words: a test fails if any of them reaches where a family member reads. */
export const NOTE_LEAK = /apraxia|praxis/i;

/** Writes the family summary and the private note in the record dialog (in English). */
export async function fillSessionRecord(dialog: Locator): Promise<void> {
  await dialog.getByLabel('What we worked on').fill(SESSION_SUMMARY.workedOn);
  await dialog.getByLabel('What went well').fill(SESSION_SUMMARY.wentWell);
  await dialog.getByLabel('What to practise this week').fill(SESSION_SUMMARY.toPractise);
  await dialog.getByRole('textbox', { name: 'Private clinical note' }).fill(PRIVATE_NOTE);
}
