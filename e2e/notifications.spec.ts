// Notifications in a real browser: a therapist proposes a goal and the parent's bell counts it
// without a reload; the parent opens the notification centre and follows the sentence to the plan;
// then changes her notification settings in Spanish. Each page passes axe and is photographed.
import type { BrowserContext } from '@playwright/test';
import { acceptInvitation, adminContext, apiCall, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Nora Therapist', email: 'nora@notifications.example', password: 'copper willow lantern 31' };
const MUM = { name: 'Elena Parent', email: 'elena@notifications.example', password: 'amber river garden 58' };
const GOAL = { area: 'communication', statement: 'Asks for a break with words', measure: 'count', baseline: 0, target: 3, settings: ['therapy', 'home'] };

const call = <T = Record<string, unknown>>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);

let admin: BrowserContext;
let therapist: BrowserContext;
let mum: BrowserContext;
let childId = '';

test.beforeAll(async ({ browser, server }) => {
  admin = await adminContext(browser, server);
  await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  therapist = await acceptInvitation(browser, server, THERAPIST, /join/);
  const child = await call<{ id: string }>(therapist, 'POST', '/api/children', { firstName: 'Lucía', lastName: 'Ortega', therapyTypes: ['speech'] });
  childId = child.id;
  await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
  mum = await acceptInvitation(browser, server, MUM, /care team/, { width: 390, height: 844 });
});

test.afterAll(async () => {
  await admin.close();
  await therapist.close();
  await mum.close();
});

test('a proposed goal reaches the parent’s bell without a reload, and the centre leads to the plan', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto('/');
  const bell = page.getByRole('link', { name: /^Notifications,/ });
  await expect(bell).toHaveAccessibleName('Notifications, none unread');

  await test.step('the therapist proposes a goal: the bell counts it at once', async () => {
    await call(therapist, 'POST', `/api/children/${childId}/goals`, GOAL);
    await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
    await expect(page.getByRole('status').filter({ hasText: 'Notifications, 1 unread' })).toBeAttached();
  });

  await test.step('the centre lists it as a sentence, grouped under today', async () => {
    await bell.click();
    await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Today' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Nora Therapist proposed a new goal for Lucía' })).toBeVisible();
    await shot(page, 'notifications-centre');
  });

  await test.step('following it opens the plan and marks it read', async () => {
    await page.getByRole('link', { name: 'Nora Therapist proposed a new goal for Lucía' }).click();
    await expect(page).toHaveURL(new RegExp(`/children/${childId}/plan$`));
    await expect(page.getByText(GOAL.statement).first()).toBeVisible();
    await expect(bell).toHaveAccessibleName('Notifications, none unread');
  });
});

test('the parent chooses a daily digest for messages, in Spanish', async ({ shot }) => {
  await call(mum, 'PATCH', '/api/me', { locale: 'es', timeZone: 'America/Chicago', quietHours: { start: '21:00', end: '07:00' } });
  const page = await mum.newPage();
  await page.goto('/account');
  const section = page.getByRole('region', { name: 'Avisos' });
  await expect(section).toBeVisible();
  await expect(section.getByText('Horas de silencio: 21:00–07:00, America/Chicago. Los correos esperan hasta que terminen.')).toBeVisible();
  await section.getByLabel('Mensajes nuevos', { exact: true }).selectOption({ label: 'Resumen diario' });
  await section.getByLabel('Hora del resumen diario').fill('19:30');
  await section.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByText('Su configuración de avisos está guardada.')).toBeVisible();
  const saved = await call<{ digestTime: string; kinds: { kind: string; mode: string }[] }>(mum, 'GET', '/api/notifications/settings');
  expect(saved.digestTime).toBe('19:30');
  expect(saved.kinds).toContainEqual({ kind: 'message', mode: 'digest', channel: null });
  await section.scrollIntoViewIfNeeded();
  await shot(page, 'notification-settings');
});

test('the parent adds her mobile number and chooses text messages for session reminders', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto('/account');
  const section = page.getByRole('region', { name: 'Avisos' });
  // No number yet: no texts offered, and a pointer to where the number goes.
  await expect(section.getByText('Para recibir mensajes de texto, añada su número de móvil en Sus datos.')).toBeVisible();
  await expect(section.getByRole('radio', { name: /Mensaje de texto/ })).toHaveCount(0);

  const details = page.getByRole('region', { name: 'Sus datos' });
  await details.getByLabel('Número de móvil (opcional)').fill('+34 600 111 222');
  await details.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByText('Sus datos están guardados.')).toBeVisible();

  await page.reload();
  await expect(section.getByRole('radio', { name: 'Mensaje de texto al +34600111222' })).toBeVisible();
  await section.getByRole('combobox', { name: 'Cómo avisarme de: Recordatorios de sesiones' }).selectOption({ label: 'Mensaje de texto al +34600111222' });
  await section.getByRole('button', { name: 'Guardar cambios' }).click();
  await expect(page.getByText('Su configuración de avisos está guardada.')).toBeVisible();
  const saved = await call<{ channel: string; kinds: { kind: string; channel: string | null }[]; texts: unknown }>(mum, 'GET', '/api/notifications/settings');
  expect(saved.channel).toBe('email');
  expect(saved.kinds.filter((k) => k.channel === 'sms')).toEqual([{ kind: 'session_reminder', mode: 'immediately', channel: 'sms' }]);
  expect(saved.texts).toEqual({ configured: true, phone: '+34600111222', stopped: false });
  await section.scrollIntoViewIfNeeded();
  await shot(page, 'notification-settings-texts');
});

test('a clinic admin sends an urgent notice that the parent finds in her centre', async ({ shot }) => {
  const page = await admin.newPage();
  await page.goto('/admin/notices');
  await page.getByLabel('Send to').selectOption({ label: 'All families' });
  await page.getByRole('textbox', { name: 'Notice' }).fill('The clinic is closed today because of the storm.');
  await shot(page, 'notifications-admin-notice');
  await page.getByRole('button', { name: 'Send the urgent notice' }).click();
  await page.getByRole('dialog', { name: 'Send this notice now?' }).getByRole('button', { name: 'Send the urgent notice' }).click();
  // Every family of the clinic: the browser tests share one clinic, so earlier specs add families.
  await expect(page.getByText(/The notice was sent to \d+ (person|people)\./)).toBeVisible();

  const mumPage = await mum.newPage();
  await mumPage.goto('/notifications');
  await expect(mumPage.getByText('The clinic is closed today because of the storm.')).toBeVisible();
  await expect(mumPage.getByText('Urgente', { exact: true })).toBeVisible();
});
