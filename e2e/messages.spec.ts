// Secure messages in a real browser: a therapist and a parent in two browsers, the parent's page
// showing the therapist's message without a reload; "seen by"; a message retracted; a smaller
// conversation a caregiver on the same team cannot open; a message written offline sent once the
// connection returns; and a browser on a SECOND server instance receiving a message sent on the
// first. Each page passes axe and is photographed at phone and desktop width.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { drawPng } from '../src/server/uploads/png.ts';
import { Mailbox, adminContext, apiCall, expect, secondInstance, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Sam Therapist', email: 'sam@messages.example', password: 'orchard violet mountain 17' };
const MUM = { name: 'Laura Parent', email: 'laura@messages.example', password: 'silver meadow ribbon 23' };
const NANA = { name: 'Rosa Nana', email: 'rosa@messages.example', password: 'copper willow evening 58' };
const PHONE = { width: 390, height: 844 };

async function accept(browser: Browser, url: string, mailbox: Mailbox, who: typeof MUM, subject: RegExp, phone = false) {
  const link = Mailbox.link(await mailbox.waitFor(who.email, subject), '/invite/');
  const token = link.split('/invite/')[1] ?? '';
  const ctx = await browser.newContext({ baseURL: url, ...(phone ? { viewport: PHONE, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 900 } }) });
  await apiCall(ctx.request, 'POST', `/api/invitations/${token}/accept`, { name: who.name, password: who.password });
  await apiCall(ctx.request, 'POST', '/api/auth/login', { email: who.email, password: who.password });
  return ctx;
}

let therapist: BrowserContext;
let mum: BrowserContext;
let nana: BrowserContext;
let childId = '';
let teamId = '';

test.beforeAll(async ({ browser, server }) => {
  const admin = await adminContext(browser, server);
  await apiCall(admin.request, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  therapist = await accept(browser, server.url, server.mailbox, THERAPIST, /join/);
  const child = await apiCall<{ id: string }>(therapist.request, 'POST', '/api/children', { firstName: 'Leo', lastName: 'Martínez', therapyTypes: ['speech'] });
  childId = child.id;
  await apiCall(therapist.request, 'POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
  mum = await accept(browser, server.url, server.mailbox, MUM, /care team/, true);
  await apiCall(mum.request, 'POST', `/api/children/${childId}/invitations`, { email: NANA.email, name: NANA.name, role: 'caregiver', household: 'Nana’s' });
  nana = await accept(browser, server.url, server.mailbox, NANA, /care team/, true);
  const list = await apiCall<{ conversations: { id: string; kind: string }[] }>(therapist.request, 'GET', `/api/children/${childId}/conversations`);
  teamId = list.conversations.find((c) => c.kind === 'team')?.id ?? '';
  await admin.close();
});

const log = (page: Page) => page.getByRole('log');

test('a message from the therapist appears on the parent’s phone without a reload, and the therapist sees it was seen', async ({ shot }) => {
  const mumPage = await mum.newPage();
  await mumPage.goto(`/children/${childId}/messages`);
  await expect(mumPage.getByRole('link', { name: /Whole team/ })).toBeVisible();
  await mumPage.getByRole('link', { name: /Whole team/ }).click();
  await expect(mumPage.getByText(/Nothing here yet/)).toBeVisible();

  const samPage = await therapist.newPage();
  await samPage.goto(`/children/${childId}/messages/${teamId}`);
  const composer = samPage.getByRole('textbox', { name: /Message to Whole team/ });
  await composer.fill('We practised **two-word requests** today.\n\n- hold the snack up\n- wait five seconds\n\nMore: https://example.org/requests <img src=x onerror=alert(1)>');
  await composer.press('Enter');
  await expect(composer).toHaveValue('');

  // The parent's page updates by itself.
  await expect(log(mumPage).locator('strong', { hasText: 'two-word requests' })).toBeVisible();
  await expect(log(mumPage).locator('.message-body li', { hasText: 'wait five seconds' })).toBeVisible();
  const link = log(mumPage).getByRole('link', { name: 'https://example.org/requests' });
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer nofollow');
  await expect(link).toHaveAttribute('target', '_blank');
  await expect(log(mumPage).getByText('<img src=x onerror=alert(1)>')).toBeVisible();
  await expect(mumPage.locator('.message-body img')).toHaveCount(0);

  // Open on the parent's screen means read: the therapist sees who has seen it.
  await expect(samPage.getByText('Seen by Laura')).toBeVisible();
  await shot(mumPage, 'messages-conversation');

  // The parent answers from the phone with the Send button (Enter makes a new line on a phone).
  const mumComposer = mumPage.getByRole('textbox', { name: /Message to Whole team/ });
  await mumComposer.fill('Thank you!');
  await mumComposer.press('Enter');
  await expect(mumComposer).toHaveValue('Thank you!\n');
  await mumPage.getByRole('button', { name: 'Send' }).click();
  await expect(log(samPage).getByText('Thank you!')).toBeVisible();
  await samPage.close();
  await mumPage.close();
});

test('an unread message shows on the parent’s home and Messages tab; the conversation list shows the preview', async ({ shot }) => {
  await apiCall(therapist.request, 'POST', `/api/children/${childId}/conversations/${teamId}/messages`, { body: 'See you on *Wednesday*!' });
  const mumPage = await mum.newPage();
  await mumPage.goto('/');
  await expect(mumPage.getByText('1 unread message')).toBeVisible();
  await mumPage.goto(`/children/${childId}/messages`);
  await expect(mumPage.getByRole('link', { name: /Messages.*1 unread message/ })).toBeVisible();
  await expect(mumPage.getByRole('link', { name: /Whole team.*Sam: See you on Wednesday!/ })).toBeVisible();
  await shot(mumPage, 'messages-list');
  await mumPage.getByRole('link', { name: /Whole team/ }).click();
  await expect(log(mumPage).locator('em', { hasText: 'Wednesday' })).toBeVisible();
  await expect(mumPage.getByRole('link', { name: /^Messages$/ })).toBeVisible();
  await mumPage.close();
});

test('the author retracts a message within the window; everyone sees “Message retracted”', async () => {
  const mumPage = await mum.newPage();
  await mumPage.goto(`/children/${childId}/messages/${teamId}`);
  const samPage = await therapist.newPage();
  await samPage.goto(`/children/${childId}/messages/${teamId}`);
  const composer = samPage.getByRole('textbox', { name: /Message to Whole team/ });
  await composer.fill('This was meant for another family');
  await composer.press('Enter');
  await expect(log(mumPage).getByText('This was meant for another family')).toBeVisible();
  // Retract this message, once the author sees it sent (its own Retract button), not an earlier one.
  const retract = log(samPage).getByRole('listitem').filter({ hasText: 'This was meant for another family' }).getByRole('button', { name: 'Retract' });
  await expect(retract).toBeVisible();
  await retract.click();
  await samPage.getByRole('dialog').getByRole('button', { name: 'Retract' }).click();
  await expect(log(samPage).getByText('Message retracted')).toBeVisible();
  await expect(log(samPage).getByText('This was meant for another family')).toHaveCount(0);
  await expect(log(mumPage).getByText('Message retracted')).toBeVisible();
  await expect(log(mumPage).getByText('This was meant for another family')).toHaveCount(0);
  await samPage.close();
  await mumPage.close();
});

test('a smaller conversation is open to its members only', async ({ shot }) => {
  const samPage = await therapist.newPage();
  await samPage.goto(`/children/${childId}/messages`);
  await samPage.getByRole('button', { name: 'New conversation' }).click();
  const dialog = samPage.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(dialog.getByText('Choose at least one person.')).toBeVisible();
  await dialog.getByRole('checkbox', { name: /Laura Parent/ }).check();
  await dialog.getByRole('textbox', { name: /Name/ }).fill('Mum’s home');
  await shot(samPage, 'messages-new-conversation');
  await dialog.getByRole('button', { name: 'Start conversation' }).click();
  await expect(samPage).toHaveURL(/\/messages\/[0-9a-f-]{36}$/);
  const privateId = samPage.url().split('/').at(-1) ?? '';
  const composer = samPage.getByRole('textbox', { name: /Message to Mum’s home/ });
  await composer.fill('Just between us: how are evenings going?');
  await composer.press('Enter');
  await expect(log(samPage).getByText('Just between us')).toBeVisible();
  // A picture, sent on its own.
  const chooser = samPage.waitForEvent('filechooser');
  await samPage.getByRole('button', { name: 'Attach a file' }).click();
  await (await chooser).setFiles({ name: 'first-then.png', mimeType: 'image/png', buffer: drawPng(160, 120, (x, y) => [40 + (x % 120), 150, 90 + (y % 90)]) });
  await expect(samPage.getByRole('list', { name: 'Files to send' }).getByText('first-then.png')).toBeVisible();
  await samPage.getByRole('button', { name: 'Send' }).click();
  const picture = log(samPage).getByRole('img', { name: 'Picture from Sam Therapist' });
  await expect(picture).toBeVisible();
  const pictureUrl = (await picture.getAttribute('src')) ?? '';

  const mumPage = await mum.newPage();
  await mumPage.goto(`/children/${childId}/messages`);
  await expect(mumPage.getByRole('link', { name: /Mum’s home.*Sent a file/ })).toBeVisible();
  await mumPage.getByRole('link', { name: /Mum’s home/ }).click();
  await expect(log(mumPage).getByRole('img', { name: 'Picture from Sam Therapist' })).toBeVisible();
  await expect.poll(() => log(mumPage).getByRole('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
  await shot(mumPage, 'messages-private');

  const nanaPage = await nana.newPage();
  await nanaPage.goto(`/children/${childId}/messages`);
  await expect(nanaPage.getByRole('link', { name: /Whole team/ })).toBeVisible();
  await expect(nanaPage.getByRole('link', { name: /Mum’s home/ })).toHaveCount(0);
  await nanaPage.goto(`/children/${childId}/messages/${privateId}`);
  await expect(nanaPage.getByRole('alert')).toContainText('We couldn’t find that');
  await expect(nanaPage.getByText('Just between us')).toHaveCount(0);
  // Nor its picture.
  expect((await nana.request.get(pictureUrl)).status()).toBe(404);
  expect((await mum.request.get(pictureUrl)).status()).toBe(200);
  for (const p of [samPage, mumPage, nanaPage]) await p.close();
});

test('a message written offline waits on the phone and is sent once when the connection returns', async () => {
  const mumPage = await mum.newPage();
  await mumPage.goto(`/children/${childId}/messages/${teamId}`);
  await expect(log(mumPage).getByText('Thank you!')).toBeVisible();
  await mum.setOffline(true);
  await mumPage.getByRole('textbox', { name: /Message to Whole team/ }).fill('Written on the bus with no signal');
  await mumPage.getByRole('button', { name: 'Send' }).click();
  await expect(log(mumPage).getByText('Waiting to send')).toBeVisible();
  await mum.setOffline(false);
  await expect(log(mumPage).getByText('Waiting to send')).toHaveCount(0, { timeout: 40_000 });
  const page = await apiCall<{ messages: { body: string | null }[] }>(therapist.request, 'GET', `/api/children/${childId}/conversations/${teamId}/messages`);
  expect(page.messages.filter((m) => m.body === 'Written on the bus with no signal')).toHaveLength(1);
  await mumPage.close();
});

test('a browser connected to a second server instance receives a message sent on the first', async ({ server }) => {
  const second = await secondInstance(server);
  try {
    const mumPage = await mum.newPage();
    await mumPage.goto(`${second.url}/children/${childId}/messages/${teamId}`);
    await expect(log(mumPage).getByText('Thank you!')).toBeVisible();
    // Sent through the first server; the page is served, and its event stream held, by the second.
    await apiCall(therapist.request, 'POST', `/api/children/${childId}/conversations/${teamId}/messages`, { body: 'Sent through the first server' });
    await expect(log(mumPage).getByText('Sent through the first server')).toBeVisible();
    await mumPage.close();
  } finally {
    await second.stop();
  }
});
