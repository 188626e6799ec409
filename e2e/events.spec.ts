// Family events: a therapist publishes a parent workshop for two families of their caseload, a
// Spanish-speaking guardian on a phone answers yes for two adults and a child and asks for a
// Spanish interpreter (a Vietnamese family asks for Vietnamese), the organiser sees the counts
// and the interpreters per language, and prints a clean list for the door.
import { readFile } from 'node:fs/promises';
import type { BrowserContext } from '@playwright/test';
import ICAL from 'ical.js';
import { acceptInvitation, adminContext, apiCall, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Ines Organiser', email: 'ines@events.example', password: 'amber harbour window 58' };
const MUM = { name: 'Carmen Ruiz', email: 'carmen@events.example', password: 'velvet river morning 14' };
const DAD = { name: 'Vu Tran', email: 'vu@events.example', password: 'paper kite lantern 77' };

const call = <T = any>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);

let admin: BrowserContext;
let therapist: BrowserContext;
let mum: BrowserContext;
let dad: BrowserContext;
let eventId = '';
let eventDate = '';

test.beforeAll(async ({ browser, server }) => {
  admin = await adminContext(browser, server);
  await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  therapist = await acceptInvitation(browser, server, THERAPIST, /join/);
  const sofia = await call(therapist, 'POST', '/api/children', { firstName: 'Sofía', lastName: 'Ruiz', therapyTypes: ['speech'] });
  const bao = await call(therapist, 'POST', '/api/children', { firstName: 'Bao', lastName: 'Tran', therapyTypes: ['speech'] });
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date());
  eventDate = new Date(Date.parse(`${today}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
  await call(therapist, 'POST', `/api/children/${sofia.id}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian' });
  await call(therapist, 'POST', `/api/children/${bao.id}/invitations`, { email: DAD.email, name: DAD.name, role: 'guardian' });
  mum = await acceptInvitation(browser, server, MUM, /care team/, { width: 390, height: 844 });
  dad = await acceptInvitation(browser, server, DAD, /care team/);
  await call(mum, 'PATCH', '/api/me', { locale: 'es' });
});

test.afterAll(async () => {
  await Promise.all([admin.close(), therapist.close(), mum.close(), dad.close()]);
});

test('the therapist publishes a parent workshop for two families of their caseload', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto('/events');
  await expect(page.getByRole('heading', { name: 'No events coming up' })).toBeVisible();
  await page.getByRole('button', { name: 'Publish an event' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Publish an event' })).toBeVisible();
  await page.getByLabel('Kind of event').selectOption({ label: 'Parent group' });
  await page.getByLabel('Title', { exact: true }).fill('Calm mornings: a parent group');
  await page.getByLabel('Description', { exact: true }).fill('How to make **school mornings** calmer, with a visual schedule.\n\n- Bring a photo of your morning\n- Coffee and tea for everyone');
  await page.getByLabel('Date', { exact: true }).fill(eventDate);
  await page.getByLabel('Start time').fill('17:30');
  await page.getByLabel('Length in minutes').fill('90');
  await page.getByLabel('Address').fill('Harbour Kids Therapy, 12 Quay Street, Room 3');
  await page.getByLabel('Sofía Ruiz').check();
  await page.getByLabel('Bao Tran').check();
  await expect(page.getByTestId('event-recipients')).toHaveText('2 family members will be told.');
  await page.getByLabel('Capacity (optional)').fill('20');
  await expect(page.getByLabel('Ask families if they need an interpreter')).toBeChecked();
  await expect(page.getByText('The date and time are on the clinic\'s clock (America/Chicago).')).toBeVisible();
  await shot(page, 'events-form');
  await page.getByRole('button', { name: 'Publish and tell the families' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calm mornings: a parent group' })).toBeVisible();
  await expect(page.getByText('5:30 PM')).toBeVisible();
  eventId = page.url().split('/events/')[1] ?? '';
  expect(eventId).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.getByTestId('event-counts')).toContainText('Seats left20');
  await page.close();
});

test('a Spanish-speaking guardian on a phone answers yes for two adults and a child, with a Spanish interpreter', async ({ shot }) => {
  const page = await mum.newPage();
  await page.goto('/today');
  const card = page.getByRole('region', { name: 'Un evento para familias de su clínica' });
  await expect(card).toContainText('Próximo: Calm mornings: a parent group');
  await shot(page, 'events-today-guardian-es');
  await card.getByRole('link', { name: 'Ver los eventos' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Eventos para familias' })).toBeVisible();
  const row = page.getByTestId('event-row');
  await expect(row).toContainText('Grupo de padres');
  await expect(row).toContainText('Sin responder');
  await shot(page, 'events-list-guardian-es');
  await row.getByRole('link', { name: 'Calm mornings: a parent group' }).click();
  await expect(page.getByText('Quedan 20 plazas')).toBeVisible();
  await expect(page.locator('.newsletter-body strong')).toHaveText('school mornings');

  const form = page.getByTestId('rsvp-form');
  await form.getByRole('button', { name: 'Sí' }).click();
  await form.getByLabel('Adultos').fill('2');
  await form.getByLabel('Niños').fill('1');
  await form.getByLabel('Necesitamos intérprete').check();
  await form.getByLabel('Idioma del intérprete').selectOption({ label: 'español' });
  await form.getByRole('button', { name: 'Enviar mi respuesta' }).click();
  await expect(page.getByText('Su respuesta está guardada.')).toBeVisible();
  await expect(form.getByRole('button', { name: 'Sí' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('Quedan 17 plazas')).toBeVisible();
  await shot(page, 'events-rsvp-guardian-es');

  // The calendar file: downloaded from the page, one event with its UID, confirmed.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Añadir a mi calendario' }).click();
  const file = await (await download).path();
  const vevent = new ICAL.Component(ICAL.parse(await readFile(file, 'utf8'))).getFirstSubcomponent('vevent');
  expect(vevent?.getFirstPropertyValue('summary')).toBe('Calm mornings: a parent group');
  expect(vevent?.getFirstPropertyValue('uid')).toBe(`family-event-${eventId}@careteam`);
  expect(vevent?.getFirstPropertyValue('status')).toBe('CONFIRMED');
  await page.close();

  // The Vietnamese family answers too (through the API: their page is the same).
  await call(dad, 'PUT', `/api/family-events/${eventId}/rsvp`, { answer: 'yes', adults: 1, children: 2, interpreterLanguage: 'vi' });
});

test('the organiser sees the counts and the interpreters per language, and prints a clean list', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/events/${eventId}`);
  const counts = page.getByTestId('event-counts');
  await expect(counts).toContainText('Yes2');
  await expect(counts).toContainText('Adults3');
  await expect(counts).toContainText('Children3');
  await expect(counts).toContainText('Seats left14');
  const interpreters = page.getByTestId('interpreter-requests');
  await expect(interpreters).toContainText('Spanish: 1 family (3 people)');
  await expect(interpreters).toContainText('Vietnamese: 1 family (3 people)');
  await shot(page, 'events-organiser');

  await page.getByRole('link', { name: 'Printable list' }).click();
  const list = page.getByTestId('event-print-list');
  await expect(list.getByRole('row')).toHaveCount(3);
  await expect(list.getByRole('row', { name: /Carmen Ruiz/ })).toContainText('Sofía');
  await expect(list.getByRole('row', { name: /Carmen Ruiz/ })).toContainText('Spanish');
  await expect(list.getByRole('row', { name: /Vu Tran/ })).toContainText('Vietnamese');
  await shot(page, 'events-print');
  // On paper: the title, the date and the list; no navigation, no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('heading', { level: 1, name: 'Calm mornings: a parent group' })).toBeVisible();
  await expect(list).toBeVisible();
  await expect(page.locator('header.app-header')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Print' })).toBeHidden();
  await expect(page.getByRole('link', { name: 'Back to the event' })).toBeHidden();
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.screenshot({ path: 'screenshots/events-print-paper.png', fullPage: true });
  await page.close();
});

test('the organiser cancels with a reason; the family reads it and can no longer answer', async ({ shot }) => {
  const page = await therapist.newPage();
  await page.goto(`/events/${eventId}`);
  await page.getByRole('button', { name: 'Cancel the event' }).click();
  const dialog = page.getByRole('dialog', { name: 'Cancel: Calm mornings: a parent group' });
  await dialog.getByRole('button', { name: 'Cancel the event' }).click();
  await expect(dialog.getByText('Please fill this in.')).toBeVisible();
  await dialog.getByLabel('Reason').fill('The room is being painted; we will choose a new date.');
  await dialog.getByRole('button', { name: 'Cancel the event' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('This event is cancelled')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Change' })).toHaveCount(0);
  await page.close();

  const phone = await mum.newPage();
  await phone.goto(`/events/${eventId}`);
  await expect(phone.getByText('Este evento está cancelado')).toBeVisible();
  await expect(phone.getByText('Motivo: The room is being painted; we will choose a new date.')).toBeVisible();
  await expect(phone.getByTestId('rsvp-form')).toHaveCount(0);
  await expect(phone.getByText('Usted había respondido: Sí')).toBeVisible();
  await shot(phone, 'events-cancelled-guardian-es');
  await phone.close();
});
