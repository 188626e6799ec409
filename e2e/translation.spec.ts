// Each person reads in their own language, in a real browser against a real server whose
// translation server is a LibreTranslate stand-in on loopback: the clinic's admin keeps message
// templates and the therapist their own quick replies, in English with Spanish added.
import { request as apiRequest, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { Mailbox, adminContext, apiCall, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Tara Therapist', email: 'tara@translation.example', password: 'harbour lantern pebble 31' };
const MAMA = { name: 'Lucía Madre', email: 'lucia@family.example', password: 'naranja ventana tranquila 64' };

type Person = { email: string; password: string };

async function session(baseURL: string, who: Person): Promise<{ ctx: APIRequestContext; send: (method: string, url: string, data?: object) => Promise<{ id?: string }> }> {
  const ctx = await apiRequest.newContext({ baseURL });
  const login = await ctx.post('/api/auth/login', { data: { email: who.email, password: who.password } });
  expect(login.ok(), await login.text()).toBe(true);
  const me = (await (await ctx.get('/api/me')).json()) as { csrfToken: string };
  const send = async (method: string, url: string, data: object = {}) => {
    const res = await ctx.fetch(url, { method, data, headers: { 'x-csrf-token': me.csrfToken } });
    expect(res.ok(), `${method} ${url}: ${await res.text()}`).toBe(true);
    return (await res.json()) as { id?: string };
  };
  return { ctx, send };
}

async function accept(baseURL: string, mailbox: Mailbox, who: Person & { name: string }, locale: 'en' | 'es' = 'en') {
  const mail = await mailbox.waitFor(who.email, /./);
  const token = Mailbox.link(mail, '/invite/').split('/invite/')[1]?.split(/[?#\s]/)[0] ?? '';
  const ctx = await apiRequest.newContext({ baseURL });
  const res = await ctx.post(`/api/invitations/${token}/accept`, { data: { name: who.name, password: who.password, locale } });
  expect(res.ok(), await res.text()).toBe(true);
  await ctx.dispose();
}

async function browserFor(browser: Browser, baseURL: string, who: Person, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const { ctx } = await session(baseURL, who);
  const context = await browser.newContext({ baseURL, viewport, storageState: await ctx.storageState() });
  await ctx.dispose();
  return context.newPage();
}

let childId = '';

test('quick replies and clinic templates are written in English and Spanish', async ({ browser, server, shot }) => {
  const base = server.url;

  await test.step('a clinic, a therapist, and a child whose guardian speaks Spanish', async () => {
    const admin = await adminContext(browser, server);
    await apiCall(admin.request, 'POST', '/api/admin/invitations', { email: THERAPIST.email, name: THERAPIST.name, role: 'therapist' });
    await admin.close();
    await accept(base, server.mailbox, THERAPIST);
    const therapist = await session(base, THERAPIST);
    childId = (await therapist.send('POST', '/api/children', { firstName: 'Mateo', lastName: 'García', therapyTypes: ['speech'] })).id ?? '';
    await therapist.send('POST', `/api/children/${childId}/invitations`, { email: MAMA.email, name: MAMA.name, role: 'guardian', locale: 'es' });
    await accept(base, server.mailbox, MAMA, 'es');
    await therapist.ctx.dispose();
  });

  await test.step('the admin adds a clinic template in English, then adds its Spanish', async () => {
    const admin = await adminContext(browser, server);
    const page = await admin.newPage();
    await page.goto('/admin/templates');
    await expect(page.getByRole('heading', { name: 'Message templates' })).toBeVisible();
    await page.getByRole('button', { name: 'Add template' }).click();
    const dialog = page.getByRole('dialog', { name: 'New message template' });
    const english = dialog.getByRole('group', { name: 'English' });
    await english.getByLabel('Short name').fill('Session reminder');
    await english.getByLabel('Message').fill('Yes, 3 pm works. See you then.');
    await expect(dialog.getByRole('group', { name: 'Spanish' })).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Add template' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('list', { name: 'Message templates' }).getByText('Yes, 3 pm works. See you then.')).toHaveAttribute('lang', 'en');
    await page.getByRole('button', { name: 'Edit “Session reminder”' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit message template' });
    await edit.getByRole('combobox', { name: 'Add a language' }).selectOption({ label: 'Spanish' });
    await edit.getByRole('button', { name: 'Add', exact: true }).click();
    const spanish = edit.getByRole('group', { name: 'Spanish' });
    await spanish.getByLabel('Short name').fill('Recordatorio de sesión');
    await spanish.getByLabel('Message').fill('Sí, a las 3 de la tarde está bien. Nos vemos.');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(edit).toBeHidden();
    await expect(page.getByText('Sí, a las 3 de la tarde está bien. Nos vemos.')).toHaveAttribute('lang', 'es');
    await shot(page, 'translation-admin-templates');
    await admin.close();
  });

  await test.step('the therapist keeps her own quick replies beside the clinic’s', async () => {
    const page = await browserFor(browser, base, THERAPIST);
    await page.goto('/');
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('link', { name: 'Quick replies' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Quick replies' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'No quick replies yet' })).toBeVisible();
    await page.getByRole('button', { name: 'Add quick reply' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New quick reply' });
    await dialog.getByRole('button', { name: 'Add quick reply' }).click();
    await expect(dialog.getByText('Write the message in English, or remove that language.')).toBeVisible();
    await dialog.getByRole('group', { name: 'English' }).getByLabel('Short name').fill('Praise');
    await dialog.getByRole('group', { name: 'English' }).getByLabel('Message').fill('Great job this week! Keep it up.');
    await dialog.getByRole('combobox', { name: 'Add a language' }).selectOption({ label: 'Spanish' });
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByRole('group', { name: 'Spanish' }).getByLabel('Message').fill('¡Buen trabajo esta semana! Sigan así.');
    await dialog.getByRole('button', { name: 'Add quick reply' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('list', { name: 'My quick replies' }).getByText('Praise')).toBeVisible();
    const clinic = page.getByRole('list', { name: 'Clinic templates' });
    await expect(clinic.getByText('Session reminder')).toBeVisible();
    await expect(clinic.getByRole('button', { name: /Edit/ })).toHaveCount(0);
    await shot(page, 'translation-quick-replies');
    await page.context().close();
  });
});

test('a Spanish-speaking guardian and an English-speaking therapist each read the other in their own language', async ({ browser, server, shot }) => {
  const base = server.url;
  const therapistApi = await session(base, THERAPIST);
  const list = (await (await therapistApi.ctx.get(`/api/children/${childId}/conversations`)).json()) as { conversations: { id: string; kind: string }[] };
  const teamId = list.conversations.find((c) => c.kind === 'team')?.id ?? '';
  await therapistApi.ctx.dispose();
  const conversation = `/children/${childId}/messages/${teamId}`;
  const mama = await browserFor(browser, base, MAMA, { width: 390, height: 844 });
  const tara = await browserFor(browser, base, THERAPIST);
  await mama.goto(conversation);
  await tara.goto(conversation);
  const log = (page: Page) => page.getByRole('log');

  await test.step('the guardian writes in Spanish; the therapist reads it in English and can see the original', async () => {
    const composer = mama.getByRole('textbox', { name: /Mensaje para/ });
    await composer.fill('Usó el tablero de primero–después en el desayuno y pidió más jugo con dos palabras.');
    await composer.press('Enter');
    await expect(log(mama).getByText('Usó el tablero de primero–después en el desayuno y pidió más jugo con dos palabras.')).toBeVisible();
    const translated = log(tara).getByText('He used the first–then board at breakfast and asked for more juice with two words.');
    await expect(translated).toBeVisible();
    await expect(log(tara).locator('[lang="en"]').filter({ hasText: 'He used the first–then board' })).toBeVisible();
    await expect(log(tara).getByText('Translated from Spanish')).toBeVisible();
    // Keyboard: the toggle is a button reached and pressed like any other.
    const toggle = log(tara).getByRole('button', { name: 'Show original' });
    await toggle.focus();
    await tara.keyboard.press('Enter');
    await expect(log(tara).locator('[lang="es"]').filter({ hasText: 'Usó el tablero de primero–después' })).toBeVisible();
    await expect(log(tara).getByText('Original in Spanish')).toBeVisible();
    await log(tara).getByRole('button', { name: 'Show translation' }).click();
    await expect(translated).toBeVisible();
  });

  await test.step('the therapist answers in English; the guardian reads it in Spanish', async () => {
    const composer = tara.getByRole('textbox', { name: /Message to/ });
    await composer.fill('That is wonderful news! Keep practising at snack time this week.');
    await composer.press('Enter');
    await expect(log(mama).getByText('¡Qué buena noticia! Sigan practicando a la hora de la merienda esta semana.')).toBeVisible();
    await expect(log(mama).getByText('Traducido del inglés')).toBeVisible();
    await expect(log(mama).getByRole('button', { name: 'Ver original' })).toBeVisible();
  });

  await test.step('a quick reply goes with the therapist’s own Spanish wording', async () => {
    await tara.getByRole('combobox', { name: 'Insert a quick reply' }).click();
    await tara.getByRole('option', { name: 'Praise' }).click();
    const composer = tara.getByRole('textbox', { name: /Message to/ });
    await expect(composer).toHaveValue('Great job this week! Keep it up.');
    await composer.press('Enter');
    await expect(log(mama).getByText('¡Buen trabajo esta semana! Sigan así.')).toBeVisible();
    await expect(log(mama).getByText('Traducido del inglés por quien lo envió')).toBeVisible();
    await shot(mama, 'translation-conversation-guardian');
    await shot(tara, 'translation-conversation-therapist');
  });

  await test.step('with the translation server down, the message still arrives, as written, with a note; the translation follows', async () => {
    await server.translator.setMode('refused');
    const composer = mama.getByRole('textbox', { name: /Mensaje para/ });
    await composer.fill('¿Podemos mover la sesión del jueves a la tarde?');
    await composer.press('Enter');
    await expect(log(tara).getByText('¿Podemos mover la sesión del jueves a la tarde?')).toBeVisible();
    await expect(log(tara).getByText('Not translated — shown as it was written.')).toBeVisible();
    await shot(tara, 'translation-conversation-unavailable');
    await server.translator.setMode('up');
    // The background job retries with backoff and the open page hears when it is done.
    await expect(log(tara).getByText('Can we move Thursday’s session to the afternoon?')).toBeVisible({ timeout: 120_000 });
  });
  await mama.context().close();
  await tara.context().close();
});

test('the admin sees in Settings whether messages are translated, and checks again', async ({ browser, server, shot }) => {
  const admin = await adminContext(browser, server);
  const page = await admin.newPage();
  await page.goto('/admin/settings');
  const section = page.getByRole('region', { name: 'Message translation' });
  const status = section.getByRole('status');
  await expect(status.getByText('Working', { exact: true })).toBeVisible();
  await expect(status.getByText(`Messages are translated into each reader’s language by the server at ${server.translator.url}.`)).toBeVisible();
  await expect(status.getByText('It offers 7 languages: English, Spanish, Arabic, Vietnamese, Chinese, Portuguese, and French.')).toBeVisible();

  await server.translator.setMode('refused');
  try {
    // Keyboard: the button is reached and pressed like any other, and keeps focus while it checks.
    const again = section.getByRole('button', { name: 'Check again' });
    await again.focus();
    await page.keyboard.press('Enter');
    await expect(status.getByText('Not working', { exact: true })).toBeVisible();
    await expect(status.getByText(`The translation server at ${server.translator.url} did not translate when checked: nothing answered at this address.`)).toBeVisible();
    await expect(status.getByText(/Check that the server is running and that TRANSLATE_URL is its address/)).toBeVisible();
    await expect(again).toBeFocused();
    await shot(page, 'settings-translation');
  } finally {
    await server.translator.setMode('up');
  }
  await section.getByRole('button', { name: 'Check again' }).click();
  await expect(status.getByText('Working', { exact: true })).toBeVisible();
  await shot(page, 'settings-translation-working');
  await admin.close();
});
