// Newsletters and the weekly summary, walked in a real browser against a real SMTP server: the
// clinic admin writes a newsletter with a preview and sends it; a parent (in Spanish) reads it in
// the app and by email, and the admin sees it emailed and read; the parent's unsubscribe link
// stops newsletter mail. The therapist leaves a note for the family's summary, the parent sets
// the summary's day and hour, and the summary that arrives is opened in the browser and looked at.
import type { BrowserContext } from '@playwright/test';
import { acceptInvitation, adminContext, apiCall, expect, Mailbox, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Sam Therapist', email: 'sam@news.example', password: 'orchard violet mountain 17' };
const MUM = { name: 'Laura Parent', email: 'laura@news.example', password: 'silver meadow ribbon 23' };
const TITLE = 'Summer reading club';
/** The title as the Spanish-speaking mother reads it, translated by the translation stand-in. */
const TITLE_ES = 'Club de lectura de verano';

const call = <T = Record<string, unknown>>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH' | 'PUT', path: string, data?: unknown) => apiCall<T>(ctx.request, method, path, data);

let admin: BrowserContext;
let therapist: BrowserContext;
let mum: BrowserContext;
let childId = '';

test.beforeAll(async ({ browser, server }) => {
  admin = await adminContext(browser, server);
  await call(admin, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
  therapist = await acceptInvitation(browser, server, THERAPIST, /join/);
  const child = await call<{ id: string }>(therapist, 'POST', '/api/children', { firstName: 'Maya', lastName: 'López', therapyTypes: ['feeding'] });
  childId = child.id;
  await call(therapist, 'POST', `/api/children/${childId}/invitations`, { email: MUM.email, name: MUM.name, role: 'guardian', locale: 'es' });
  mum = await acceptInvitation(browser, server, MUM, /equipo|care team/, { width: 390, height: 844 });
  await call(mum, 'PATCH', '/api/me', { locale: 'es' });
  // A week with something to tell: practice assigned and logged, a goal agreed with data, a win.
  // The child's calendar is in the clinic's zone, whatever the earlier walks set it to.
  const { profile: { timeZone } } = await call<{ profile: { timeZone: string } }>(therapist, 'GET', `/api/children/${childId}`);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date());
  const start = new Date(Date.parse(`${today}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  const item = await call<{ id: string }>(therapist, 'POST', `/api/children/${childId}/practice`, {
    title: 'Respiración de globo', steps: ['Mano en la barriga', 'Inspirar contando hasta cuatro'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null }, startDate: start,
  });
  // Days before today: a morning summary tells about the seven days before it, an evening one includes its day.
  const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  for (const back of [1, 2, 4]) {
    const date = new Date(Date.parse(`${today}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
    await call(mum, 'POST', `/api/children/${childId}/practice/${item.id}/logs`, { date, outcome: 'done', howItWent: 4 });
  }
  await call(mum, 'POST', `/api/children/${childId}/milestones`, { title: 'Pidió «más zumo» en el desayuno', date: yesterday });
});

test.afterAll(async () => {
  await admin.close();
  await therapist.close();
  await mum.close();
});

test('the admin writes and sends a newsletter; the parent reads it in the app and by email; the counts follow', async ({ server, shot }) => {
  const page = await admin.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });

  await test.step('compose with a preview, for the families in feeding therapy, and send now', async () => {
    await page.goto('/admin/newsletters');
    await page.getByRole('button', { name: 'Write a newsletter' }).first().click();
    await page.getByLabel('Title', { exact: true }).fill(TITLE);
    await page.getByRole('textbox', { name: 'Newsletter' }).fill('Every **Friday** at 4 pm in the library.\n\n- Books in English and Spanish\n- Snacks for everyone\n\nSee [the library](https://example.org/library).');
    await page.getByRole('tab', { name: 'Preview' }).click();
    await expect(page.getByTestId('newsletter-preview').locator('strong')).toHaveText('Friday');
    await page.getByRole('radio', { name: 'Families of one therapy type' }).check();
    await page.getByRole('combobox', { name: 'Therapy type' }).selectOption('feeding');
    await expect(page.getByTestId('newsletter-recipients')).toHaveText('Goes to 1 family member');
    await shot(page, 'newsletters-compose');
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByTestId('newsletter-row').filter({ hasText: TITLE })).toContainText('Sent');
  });

  // The mother reads Spanish: the newsletter reaches her in her language.
  const mail = await server.mailbox.waitFor(MUM.email, /Club de lectura de verano/);
  expect(mail.subject).toBe(`Harbour Kids Therapy: ${TITLE_ES}`);
  expect(mail.text).toContain('Cada **viernes** a las 4 de la tarde en la biblioteca.');
  expect(mail.text).toContain('Hola, Laura Parent:');

  await test.step('the parent finds it under News, reads it, and it counts as read', async () => {
    const mumPage = await mum.newPage();
    await mumPage.goto('/');
    await mumPage.getByRole('link', { name: 'Noticias' }).click();
    await expect(mumPage.getByRole('heading', { name: 'Noticias de la clínica' })).toBeVisible();
    // The list says the title in her language too, marked as Spanish.
    const row = mumPage.getByRole('listitem').filter({ hasText: TITLE_ES });
    await expect(row).toContainText('Nuevo');
    await expect(row.getByRole('link', { name: TITLE_ES })).toHaveAttribute('lang', 'es');
    await shot(mumPage, 'newsletters-list');
    await row.getByRole('link', { name: TITLE_ES }).click();
    await expect(mumPage.getByRole('heading', { name: TITLE_ES, level: 1 })).toBeVisible();
    await expect(mumPage.locator('.newsletter-body li')).toHaveCount(2);
    await expect(mumPage.locator('.newsletter-body strong')).toHaveText('viernes');
    await mumPage.getByRole('button', { name: 'Ver original' }).click();
    await expect(mumPage.getByRole('heading', { name: TITLE, level: 1 })).toBeVisible();
    await expect(mumPage.locator('.newsletter-body strong')).toHaveText('Friday');
    await shot(mumPage, 'newsletters-read');
    await mumPage.getByRole('link', { name: 'Todos los boletines' }).click();
    await expect(mumPage.getByRole('listitem').filter({ hasText: TITLE_ES })).not.toContainText('Nuevo');
    await mumPage.close();
  });

  await test.step('the admin sees it emailed and read', async () => {
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('newsletter-counts')).toHaveText('1 recipient · 1 emailed · 1 read', { timeout: 1000 });
    }).toPass({ timeout: 20_000 });
    await shot(page, 'newsletters-admin-list');
  });

  await test.step('the unsubscribe link in the email stops newsletter mail, after asking', async () => {
    const link = Mailbox.link(mail, '/unsubscribe/');
    const mumPage = await mum.newPage();
    await mumPage.goto(link);
    await expect(mumPage.getByText('¿Dejar de recibir los boletines por correo de Harbour Kids Therapy?')).toBeVisible();
    await shot(mumPage, 'newsletters-unsubscribe');
    await mumPage.getByRole('button', { name: 'Sí, dejar de recibir estos correos' }).click();
    await expect(mumPage.getByRole('main').getByRole('status')).toContainText('Ya no recibirá los boletines por correo de Harbour Kids Therapy.');
    await mumPage.goto('/account#email');
    await expect(mumPage.getByRole('switch', { name: 'Boletines de la clínica por correo' })).not.toBeChecked();
    await mumPage.close();
  });
});

test('the therapist adds a note; the parent picks the summary’s day and hour; the summary arrives and reads well', async ({ server, shot }) => {
  test.setTimeout(300_000);
  await test.step('the therapist writes a note for the family’s summary on the child’s overview', async () => {
    const page = await therapist.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/children/${childId}`);
    const card = page.getByTestId('digest-note');
    await card.getByLabel('A few words for Maya’s family').fill('Maya was so brave with the balloon game this week. Try it at bath time!');
    await card.getByRole('button', { name: 'Save note' }).click();
    await expect(card).toContainText('From Sam Therapist; goes in summaries sent until');
    await shot(page, 'digest-note');
    await page.close();
  });

  await test.step('the parent sets the weekly summary for the next minute, in her time zone', async () => {
    const page = await mum.newPage();
    await page.goto('/account#email');
    const section = page.locator('#email');
    await expect(section.getByRole('switch', { name: 'Resumen semanal por correo' })).toBeChecked();
    // The page says which zone the hours are in (hers if she set one, else her child's).
    const zoneText = await section.getByText('Las horas están en su zona horaria:').textContent();
    const zone = /zona horaria: (.+)\.$/.exec(zoneText ?? '')?.[1]?.replaceAll(' ', '_') ?? '';
    // A whole minute 30 to 90 s ahead in that zone, and that day of the week: enough time to
    // save it before it passes on a busy machine.
    const soon = new Date(Date.now() + 90_000);
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(soon);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
    await section.getByLabel('Día', { exact: true }).selectOption(String(weekday));
    await section.getByLabel('Hora', { exact: true }).fill(`${get('hour')}:${get('minute')}`);
    // The summary itself comes by email only when she chooses it, told that email is not private.
    const details = section.getByRole('switch', { name: 'Incluir el resumen completo en el correo' });
    await expect(details).not.toBeChecked();
    await expect(section.getByText('El correo electrónico no es privado', { exact: false })).toBeVisible();
    await details.check();
    await section.getByRole('button', { name: 'Guardar cambios' }).click();
    await expect(section.getByTestId('digest-next')).toContainText('Próximo resumen');
    await shot(page, 'digest-settings');
    await page.close();
  });

  const digest = await server.mailbox.waitFor(MUM.email, /La semana de Maya/, 210_000);
  // The therapist's English note, machine-translated for the Spanish-reading parent, and said so.
  expect(digest.text).toContain('Maya fue muy valiente con el juego del globo esta semana.');
  expect(digest.text).toContain('— Sam Therapist (traducción automática del inglés)');
  expect(digest.text).toContain('Pidió «más zumo» en el desayuno');
  expect(digest.text).toContain('Respiración de globo');
  expect(digest.text).toMatch(/Dejar de recibir el resumen semanal: http:\/\/localhost:\d+\/unsubscribe\//);

  await test.step('the summary email, opened in a browser, at phone and desktop width', async () => {
    const page = await mum.newPage();
    await page.setContent(digest.html);
    await expect(page.getByRole('heading', { name: 'Maya' })).toBeVisible();
    await shot(page, 'digest-email');
    await page.close();
  });
});
