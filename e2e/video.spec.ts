// A video session with an interpreter's seat: the therapist opens the room, a guardian on a phone
// (in Spanish) waits and is let in, an interpreter joins by the link in their mail. Every browser
// receives sound and video from every other (WebRTC statistics), the host mutes the guardian for
// everyone, low data lowers the resolution the guardian sends, and the host ends the call for all.
// Chromium's fake camera and microphone stand in for real ones.
import type { BrowserContext, Page } from '@playwright/test';
import { acceptInvitation, adminContext, apiCall, axeViolations, expect, fakeMedia, Mailbox, secondInstance, test } from './fixtures.ts';

test.use(fakeMedia('--autoplay-policy=no-user-gesture-required'));
test.describe.configure({ mode: 'serial', timeout: 240_000 });


const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH' | 'PUT', p: string, data?: unknown) => apiCall<T>(ctx.request, method, p, data);

/** Every RTCPeerConnection a page makes, kept where the test can read their statistics. */
const KEEP_CONNECTIONS = () => {
  const Native = window.RTCPeerConnection;
  const kept: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = kept;
  window.RTCPeerConnection = class extends Native {
    constructor(config?: RTCConfiguration) {
      super(config);
      kept.push(this);
    }
  } as typeof RTCPeerConnection;
};

type Inbound = { audio: number; video: number; state: string }[];
/** Bytes received per open connection, by kind. */
const inbound = (page: Page) => page.evaluate(async () => {
  const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState !== 'closed');
  return Promise.all(pcs.map(async (pc) => {
    const out = { audio: 0, video: 0, state: pc.connectionState };
    (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesReceived?: number }) => {
      if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.kind === 'video')) out[s.kind] += s.bytesReceived ?? 0;
    });
    return out;
  }));
});
/** The widest video the page sends on any connection. */
const sentWidth = (page: Page) => page.evaluate(async () => {
  let width = 0;
  for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((p) => p.connectionState === 'connected')) {
    (await pc.getStats()).forEach((s: { type: string; kind?: string; frameWidth?: number }) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') width = Math.max(width, s.frameWidth ?? 0);
    });
  }
  return width;
});

/** axe with zero violations at phone and desktop width, and the screenshots to look at. */
async function check(page: Page, shot: (page: Page, name: string) => Promise<void>, name: string) {
  await shot(page, name);
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  const other = size.width <= 400 ? { width: 1280, height: 800 } : { width: 390, height: 844 };
  await page.setViewportSize(other);
  expect(await axeViolations(page), `axe on ${name} at ${other.width}`).toEqual([]);
  await page.setViewportSize(size);
}

// Once on one server; once with the guardian's browser on a second server on the same database,
// so the call's signalling crosses between servers (PostgreSQL NOTIFY).
for (const twoServers of [false, true]) {
  const tag = twoServers ? 'two' : 'one';
  const THERAPIST = { name: 'Vera Therapist', email: `vera.${tag}@video.example`, password: 'harbour violet window 52' };
  const MUM = { name: 'Laura Parent', email: `laura.${tag}@video.example`, password: 'silver meadow ribbon 23' };
  const INTERPRETER = { name: 'Ivan Interpreter', email: `ivan.${tag}@video.example` };
  const shotName = (name: string) => (twoServers ? `${name}-two-servers` : name);

  test.describe(twoServers ? 'on two servers' : 'on one server', () => {
  let therapist: BrowserContext;
  let mum: BrowserContext;
  let guest: BrowserContext;
  let childId = '';
  let sessionId = '';
  let host: Page;
  let phone: Page;
  let interpreter: Page;
    let second: { url: string; stop: () => Promise<void> } | null = null;

  test.beforeAll(async ({ browser, server }) => {
    const admin = await adminContext(browser, server);
    await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
    therapist = await acceptInvitation(browser, server, THERAPIST, /join/);
    await admin.close();
    const child = await call(therapist, 'POST', '/api/children', { firstName: 'Nico', lastName: 'Ruiz', therapyTypes: ['speech'] });
    childId = child.id;
    await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
    mum = await acceptInvitation(browser, server, MUM, /care team/, { width: 390, height: 844 });
    await call(mum, 'PATCH', '/api/me', { locale: 'es' });
    // A video session starting in five minutes (the call opens ten minutes before), the family invited.
    const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone: child.profile.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(new Date(Date.now() + 5 * 60_000)).split(' ');
    const created = await call(therapist, 'POST', `/api/children/${childId}/sessions`, { kind: 'therapy', place: 'video', date, time, timeZone: child.profile.timeZone, durationMinutes: 45, familyInvited: true });
    sessionId = created.sessions[0].id;
    for (const ctx of [therapist, mum]) await ctx.addInitScript(KEEP_CONNECTIONS);
  });

  test.afterAll(async () => {
    await Promise.all([therapist?.close(), mum?.close(), guest?.close()]);
  });

  test('the therapist joins from the session card, checks camera and microphone, and opens the room', async ({ shot }) => {
    host = await therapist.newPage();
    await host.goto(`/children/${childId}/sessions`);
    await host.getByTestId('video-join-link').click();
    await expect(host.getByRole('heading', { name: 'Before you join' })).toBeVisible();
    await expect(host.getByLabel('Camera', { exact: true })).toBeVisible();
    // The fake microphone beeps: the level meter moves.
    await expect.poll(async () => Number(await host.getByTestId('mic-level').getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(0);
    await check(host, shot, shotName('video-precall-en'));
    await host.getByTestId('video-join').click();
    await expect(host.getByRole('heading', { name: 'Video call' })).toBeVisible();
    await expect(host.getByTestId('video-tile')).toHaveCount(1);
  });

  test('the guardian on a phone, in Spanish, waits and is let in', async ({ shot }) => {
    phone = await mum.newPage();
    await phone.goto(`/children/${childId}/sessions`);
    await phone.getByTestId('video-join-link').click();
    await expect(phone.getByRole('heading', { name: 'Antes de entrar' })).toBeVisible();
    await check(phone, shot, shotName('video-precall-es'));
    await phone.getByTestId('video-join').click();
    await expect(phone.getByTestId('video-waiting')).toContainText('sala de espera');
    await check(phone, shot, shotName('video-waiting-es'));

    await host.getByRole('button', { name: `Let ${MUM.name} in` }).click();
    await expect(phone.getByRole('heading', { name: 'Videollamada' })).toBeVisible();
    await expect(phone.getByTestId('video-tile')).toHaveCount(2);
    await expect(host.getByTestId('video-tile')).toHaveCount(2);
  });

  test('the therapist gives an interpreter a seat; they join by the mailed link and are let in', async ({ browser, server, shot }) => {
    // From the session's card (as when scheduling) on one server; from the room on two.
    const form = twoServers ? host : await therapist.newPage();
    if (!twoServers) {
      await form.goto(`/children/${childId}/sessions`);
      await form.getByTestId('video-interpreters-toggle').click();
      await check(form, shot, 'video-card-interpreters-en');
    }
    await form.getByLabel('Name', { exact: true }).fill(INTERPRETER.name);
    await form.getByLabel('Email', { exact: true }).fill(INTERPRETER.email);
    await form.getByLabel('Language', { exact: true }).fill('es');
    await form.getByRole('button', { name: 'Send the link' }).click();
    await expect(form.getByText(`The link was sent to ${INTERPRETER.name}.`)).toBeVisible();
    if (!twoServers) await form.close();
    const mail = await server.mailbox.waitFor(INTERPRETER.email, /intérprete/);
    expect(mail.text).not.toContain('Nico');
    const link = Mailbox.link(mail, '/video/');

    guest = await browser.newContext({ baseURL: server.url, viewport: { width: 1280, height: 900 } });
    await guest.addInitScript(KEEP_CONNECTIONS);
    interpreter = await guest.newPage();
    await interpreter.goto(link);
    await interpreter.getByTestId('video-join').click();
    await expect(interpreter.getByTestId('video-waiting')).toBeVisible();
    await check(interpreter, shot, shotName('video-waiting-guest'));
    await host.getByRole('button', { name: `Let ${INTERPRETER.name} in` }).click();
    await expect(interpreter.getByTestId('video-tile')).toHaveCount(3);
    // The interpreter sees names, nothing of the child's record.
    await expect(interpreter.getByTestId('video-people')).toContainText(THERAPIST.name);
    expect(await interpreter.content()).not.toContain('Nico');
  });

  test('every browser receives sound and video from every other, and the room passes axe', async ({ shot }) => {
    const pages = [host, phone, interpreter];
    const first = await Promise.all(pages.map(async (p) => {
      let stats: Inbound = [];
      let all: Inbound = [];
      for (let tries = 0; tries < 60; tries++) {
        all = await inbound(p);
        stats = all.filter((s) => s.state === 'connected');
        if (stats.length === 2 && stats.every((s) => s.audio > 0 && s.video > 0)) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(stats.length === 2 && stats.every((s) => s.audio > 0 && s.video > 0), `connections of page ${pages.indexOf(p)}: ${JSON.stringify(all)}`).toBe(true);
      return stats;
    }));
    await new Promise((r) => setTimeout(r, 2_000));
    for (const [i, p] of pages.entries()) {
      const later = (await inbound(p)).filter((s) => s.state === 'connected');
      const before = first[i] ?? [];
      const total = (s: Inbound, k: 'audio' | 'video') => s.map((x) => x[k]).sort((a, b) => a - b);
      // Each of the two connections keeps receiving both kinds: nothing went lower.
      expect(later).toHaveLength(2);
      for (const k of ['audio', 'video'] as const) {
        const a = total(before, k);
        const b = total(later, k);
        expect(b.reduce((x, y) => x + y, 0), `page ${i} ${k}`).toBeGreaterThan(a.reduce((x, y) => x + y, 0));
        expect(Math.min(...later.map((s) => s[k]))).toBeGreaterThan(0);
      }
    }
    await check(host, shot, shotName('video-room-en'));
    await check(phone, shot, shotName('video-room-es'));
  });

  test('the host mutes the guardian for everyone, and the others see it', async () => {
    await host.getByRole('button', { name: `Mute ${MUM.name} for everyone` }).click();
    await expect(phone.getByTestId('muted-by-host')).toBeVisible();
    await expect(phone.getByRole('button', { name: 'Silenciar' }).first()).toHaveAttribute('aria-pressed', 'true');
    for (const p of [host, interpreter]) {
      await expect(p.getByTestId('video-people')).toContainText('muted by the host');
      await expect(p.locator('[data-testid="video-tile"][data-muted="true"]')).toHaveCount(1);
    }
  });

  test('low data lowers the resolution the guardian sends', async () => {
    // The fake camera is 640 px wide; low data sends a quarter of that, or less.
    await expect(phone.getByLabel('Uso de datos')).toHaveValue('0');
    await expect.poll(() => sentWidth(phone), { timeout: 20_000 }).toBeGreaterThanOrEqual(320);
    await phone.getByLabel('Uso de datos').selectOption('1');
    await expect.poll(() => sentWidth(phone), { timeout: 20_000 }).toBeLessThanOrEqual(160);
    // Audio only: no video leaves the phone at all.
    const sentVideoBytes = () => phone.evaluate(async () => {
      let bytes = 0;
      for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((p) => p.connectionState === 'connected')) {
        (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesSent?: number }) => {
          if (s.type === 'outbound-rtp' && s.kind === 'video') bytes += s.bytesSent ?? 0;
        });
      }
      return bytes;
    });
    await phone.getByLabel('Uso de datos').selectOption('2');
    await new Promise((r) => setTimeout(r, 1_000));
    const stopped = await sentVideoBytes();
    await new Promise((r) => setTimeout(r, 2_000));
    expect(await sentVideoBytes()).toBeLessThan(stopped + 2_000);
  });

  test('the host ends the call and every page shows it ended', async ({ shot }) => {
    await host.getByRole('button', { name: 'End call for all' }).click();
    for (const p of [host, phone, interpreter]) await expect(p.getByTestId('video-ended')).toHaveAttribute('data-reason', 'ended');
    await expect(phone.getByRole('heading', { name: 'La llamada terminó' })).toBeVisible();
    await check(host, shot, shotName('video-ended-en'));
    await check(phone, shot, shotName('video-ended-es'));
  });
  });
}

// A family event held by video: a family asked for an interpreter when answering; the organiser
// answers the request from the event's page with a one-time link, and the guardian on a phone
// joins from the event and is let in.
test.describe('a family event held by video', () => {
  const THERAPIST = { name: 'Omar Organiser', email: 'omar@event-video.example', password: 'harbour violet window 53' };
  const DAD = { name: 'Minh Parent', email: 'minh@event-video.example', password: 'silver meadow ribbon 24' };
  let therapist: BrowserContext;
  let dad: BrowserContext;
  let eventId = '';

  test.beforeAll(async ({ browser, server }) => {
    const admin = await adminContext(browser, server);
    await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
    therapist = await acceptInvitation(browser, server, THERAPIST, /join/);
    await admin.close();
    const child = await call(therapist, 'POST', '/api/children', { firstName: 'Bao', lastName: 'Tran', therapyTypes: ['speech'] });
    await call(therapist, 'POST', `/api/children/${child.id}/invitations`, { email: DAD.email, name: DAD.name, role: 'guardian' });
    dad = await acceptInvitation(browser, server, DAD, /care team/, { width: 390, height: 844 });
    await call(dad, 'PATCH', '/api/me', { locale: 'es' });
    const { clinicTimeZone } = await call(therapist, 'GET', '/api/family-events');
    const [date, time] = new Intl.DateTimeFormat('sv-SE', { timeZone: clinicTimeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .format(new Date(Date.now() + 5 * 60_000)).split(' ');
    const created = await call(therapist, 'POST', '/api/family-events', {
      kind: 'parent_group', title: 'Talking about bedtime', description: 'Parents share what helps at bedtime.', date, time, durationMinutes: 45,
      place: 'video', placeNote: '', audience: { kind: 'children', childIds: [child.id] }, capacity: null, askInterpreter: true,
    });
    eventId = created.id;
    await call(dad, 'PUT', `/api/family-events/${eventId}/rsvp`, { answer: 'yes', adults: 1, children: 0, interpreterLanguage: 'vi' });
  });

  test.afterAll(async () => {
    await Promise.all([therapist?.close(), dad?.close()]);
  });

  test('the organiser answers the interpreter request from the event; the guardian joins from the event and is let in', async ({ server, shot }) => {
    const host = await therapist.newPage();
    await host.goto(`/events/${eventId}`);
    await host.getByTestId('video-interpreters-toggle').click();
    const requested = host.getByTestId('video-requested');
    await expect(requested).toContainText('Vietnamese');
    await requested.getByRole('button', { name: 'Send a Vietnamese interpreter a link' }).click();
    await expect(host.getByLabel('Language', { exact: true })).toHaveValue('vi');
    await expect(host.getByLabel('Name', { exact: true })).toBeFocused();
    await host.getByLabel('Name', { exact: true }).fill('Lan Interpreter');
    await host.getByLabel('Email', { exact: true }).fill('lan@event-video.example');
    await host.getByRole('button', { name: 'Send the link' }).click();
    await expect(requested).toContainText('Vietnamese: link sent to Lan Interpreter');
    await check(host, shot, 'video-event-interpreters-en');
    const mail = await server.mailbox.waitFor('lan@event-video.example', /Talking about bedtime/);
    expect(mail.text).not.toContain('Bao');
    expect(Mailbox.link(mail, '/video/')).toContain(`/video/${eventId}/guest#`);

    const phone = await dad.newPage();
    await phone.goto(`/events/${eventId}`);
    await check(phone, shot, 'video-event-join-es');
    await phone.getByTestId('video-join-link').click();
    await phone.getByTestId('video-join').click();
    await expect(phone.getByTestId('video-waiting')).toContainText('sala de espera');

    await host.getByTestId('video-join-link').click();
    await host.getByTestId('video-join').click();
    await host.getByRole('button', { name: `Let ${DAD.name} in` }).click();
    await expect(phone.getByRole('heading', { name: 'Videollamada' })).toBeVisible();
    await expect(phone.getByTestId('video-tile')).toHaveCount(2);
    await expect(host.getByTestId('video-tile')).toHaveCount(2);
    await host.getByRole('button', { name: 'End call for all' }).click();
    await expect(phone.getByTestId('video-ended')).toHaveAttribute('data-reason', 'ended');
  });
});
