// A clinic's first day with no mail server, as its people live it: the owner creates the clinic and
// follows the first steps, invites a therapist and passes the link on by hand (nothing is emailed);
// the therapist joins, adds a child with themselves on the team and invites a parent with a preset;
// the parent joins from the copied link on a phone in Spanish, logs practice and sees the button
// say so, and sends a first message with the Send button after Enter made a new line.
import type { BrowserContext, Page } from '@playwright/test';
import { apiCall, expect, test } from './fixtures.ts';

test.use({ smtp: false });
test.describe.configure({ mode: 'serial' });

const OWNER = { name: 'Ines Owner', email: 'ines@firstday.example', password: 'harbour lantern walnut 64' };
const THERAPIST = { name: 'Omar Therapist', email: 'omar@firstday.example', password: 'meadow copper violin 38' };
const PARENT = { name: 'Lucía Madre', email: 'lucia@firstday.example', password: 'naranja tranquila puerta 52' };
const TEACHER = { name: 'Tomás Maestro', email: 'tomas@school.example', password: 'pizarra ventana mañana 71' };

/** Opens "Copy invitation link" for this person and reads the link from the dialog, as the sender would copy it. */
async function copyInvitationLink(page: Page, name: string): Promise<string> {
  await page.getByRole('button', { name: `Copy the invitation link for ${name}` }).click();
  const dialog = page.getByRole('dialog', { name: `Invitation link for ${name}` });
  await expect(dialog).toBeVisible();
  const link = await dialog.getByLabel('Invitation link').inputValue();
  expect(link).toMatch(/\/invite\/[\w-]{20,}$/);
  return link;
}

/** A first-steps item and whether it reads as done (its state is spoken, not only drawn). */
const step = (page: Page, label: string) => page.getByRole('listitem').filter({ hasText: label });

test('the first day, with no mail server: from creating the clinic to a parent’s first message', async ({ browser, server, shot }) => {
  const contexts: BrowserContext[] = [];
  const open = async (options: Parameters<typeof browser.newContext>[0] = {}) => {
    const ctx = await browser.newContext({ baseURL: server.url, ...options });
    contexts.push(ctx);
    return ctx.newPage();
  };
  const owner = await open();
  let therapistLink = '';
  let parentLink = '';
  let childId = '';

  await test.step('the owner creates the clinic and sees the first steps, mail not set up', async () => {
    await owner.goto('/');
    await expect(owner).toHaveURL(/\/setup/);
    await owner.getByLabel('Clinic name').fill('Sunny Steps Therapy');
    await owner.getByLabel('Your name').fill(OWNER.name);
    await owner.getByLabel('Email').fill(OWNER.email);
    await owner.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await owner.getByRole('button', { name: 'Create clinic' }).click();
    await expect(owner.getByRole('heading', { name: 'First steps' })).toBeVisible();
    await expect(step(owner, 'Invite your therapists')).toContainText('Not done yet');
    await expect(step(owner, 'Set up mail')).toContainText('Not done yet');
    await shot(owner, 'first-day-owner-home');
  });

  await test.step('the owner invites a therapist: told nothing was emailed, and copies the link', async () => {
    await owner.goto('/admin/clinicians');
    await expect(owner.getByText('Emails are not being sent')).toBeVisible();
    await owner.getByLabel('Name', { exact: true }).fill(THERAPIST.name);
    await owner.getByLabel('Email address').fill(THERAPIST.email);
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await expect(owner.getByText('Invitation ready — not emailed')).toBeVisible();
    therapistLink = await copyInvitationLink(owner, THERAPIST.name);
    await shot(owner, 'first-day-copy-link');
    await owner.keyboard.press('Escape');
    expect(server.mailbox.mails).toEqual([]);
  });

  await test.step('the therapist joins from the link and adds a child, on the team by default', async () => {
    const page = await open();
    await page.goto(therapistLink);
    await page.getByLabel('Your name').fill(THERAPIST.name);
    await page.getByLabel('Choose a password').fill(THERAPIST.password);
    await page.getByRole('button', { name: 'Create account and join' }).click();
    await expect(page.getByRole('heading', { name: 'Caseload' })).toBeVisible();
    await page.getByRole('link', { name: 'Add a child' }).or(page.getByRole('button', { name: 'Add a child' })).first().click();
    await page.getByLabel('First name').fill('Mateo');
    await page.getByLabel('Last name').fill('García');
    const me = page.getByRole('checkbox', { name: `${THERAPIST.name} (you)` });
    await expect(me).toBeChecked();
    await expect(me).toBeDisabled();
    await shot(page, 'first-day-child-new');
    await page.getByRole('button', { name: 'Add child' }).click();
    await expect(page).toHaveURL(/\/children\/[0-9a-f-]{36}\/team$/);
    childId = /\/children\/([0-9a-f-]{36})\//.exec(page.url())?.[1] ?? '';
    await expect(page.getByRole('main').getByText(THERAPIST.name).first()).toBeVisible();

    await test.step('and invites a parent with the "full guardian" preset, then copies the link', async () => {
      await page.getByRole('button', { name: 'Invite a parent or guardian' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Their name').fill(PARENT.name);
      await dialog.getByLabel('Their email address').fill(PARENT.email);
      await expect(dialog.getByRole('radio', { name: 'Full guardian' })).toBeChecked();
      await expect(dialog.getByRole('checkbox')).toHaveCount(0);
      await dialog.getByRole('button', { name: 'Send invitation' }).click();
      await expect(dialog).toBeHidden();
      await expect(page.getByText('Invitation ready — not emailed')).toBeVisible();
      parentLink = await copyInvitationLink(page, PARENT.name);
      await page.keyboard.press('Escape');
    });
    // Practice for the family, so there is something to log tonight.
    await apiCall(page.request, 'POST', `/api/children/${childId}/practice`, {
      title: 'Burbujas: pedir «más»', steps: ['Sople tres burbujas y espere.'], schedule: { rule: 'FREQ=DAILY', timesPerWeek: null },
      startDate: new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date()),
    });
  });

  await test.step('the parent joins from the copied link on a phone, in Spanish, and logs practice', async () => {
    const phone = await open({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'es-US' });
    await phone.goto(parentLink);
    await expect(phone.getByRole('heading', { name: 'Únase al equipo de Mateo' }).or(phone.getByRole('heading', { level: 1 }))).toBeVisible();
    await phone.getByLabel('Su nombre').fill(PARENT.name);
    await phone.getByLabel('Elija una contraseña').fill(PARENT.password);
    await shot(phone, 'first-day-parent-joins-es');
    await phone.getByRole('button', { name: 'Crear cuenta y unirme' }).click();
    await expect(phone).toHaveURL(new RegExp(`/children/${childId}`));
    await phone.getByRole('link', { name: 'Hoy' }).first().click();
    const group = phone.getByRole('group', { name: 'Anotar «Burbujas: pedir «más»»' });
    await expect(group.getByRole('button', { name: 'Hecho' })).toHaveAttribute('aria-pressed', 'false');
    await group.getByRole('button', { name: 'Hecho' }).click();
    await expect(group.getByRole('button', { name: 'Hecho' })).toHaveAttribute('aria-pressed', 'true');
    await expect(phone.getByText('Anotado hoy: hecha', { exact: false }).first()).toBeVisible();
    await shot(phone, 'first-day-parent-logged-es');

    await test.step('and sends a first message: Enter makes a new line, the Send button sends', async () => {
      const list = await apiCall<{ conversations: { id: string; kind: string }[] }>(phone.context().request, 'GET', `/api/children/${childId}/conversations`);
      const teamId = list.conversations.find((c) => c.kind === 'team')?.id ?? '';
      await phone.goto(`/children/${childId}/messages/${teamId}`);
      const composer = phone.getByRole('textbox', { name: /Mensaje para/ });
      await composer.fill('Hola, soy la mamá de Mateo.');
      await composer.press('Enter');
      await composer.pressSequentially('Hoy hicimos las burbujas.');
      await expect(composer).toHaveValue('Hola, soy la mamá de Mateo.\nHoy hicimos las burbujas.');
      await phone.getByRole('button', { name: 'Enviar' }).click();
      await expect(composer).toHaveValue('');
      await expect(phone.getByRole('log').getByText('Hoy hicimos las burbujas.')).toBeVisible();
      await shot(phone, 'first-day-parent-message-es');
    });
  });

  await test.step('the owner’s first steps have ticked themselves from what happened', async () => {
    await owner.goto('/');
    await expect(step(owner, 'Invite your therapists')).toContainText('Done');
    await expect(step(owner, 'Add the first child')).toContainText('Done');
    await expect(step(owner, 'Invite the family')).toContainText('Done');
    await expect(step(owner, 'Assign home practice')).toContainText('Done');
    await expect(step(owner, 'Set up mail')).toContainText('Not done yet');
    await shot(owner, 'first-day-owner-home-later');
  });

  await test.step('in Spanish, the owner’s first steps and the clinic’s mail and translation settings read as well', async () => {
    await apiCall(owner.request, 'PATCH', '/api/me', { locale: 'es' });
    await owner.reload();
    await expect(owner.getByRole('heading', { name: 'Primeros pasos' })).toBeVisible();
    await shot(owner, 'first-day-owner-home-es');
    await owner.goto('/admin/settings');
    await expect(owner.getByText('Los correos no se están enviando')).toBeVisible();
    await shot(owner, 'first-day-admin-settings-es');
    await apiCall(owner.request, 'PATCH', '/api/me', { locale: 'en' });
  });

  for (const ctx of contexts) await ctx.close();
});

test('with no mail server, a sign-in link or a new password asked for says it waits in the clinic’s outbox, and the admin passes it on', async ({ browser, server, shot }) => {
  for (const [lang, locale, kept, keptBody, sent] of [
    ['en', 'en-US', 'Ask your clinic for the link', 'the link is kept in the clinic’s outbox', 'Check your email'],
    ['es', 'es-US', 'Pida el enlace a su clínica', 'el enlace se guarda en la bandeja de salida de la clínica', 'Revise su correo'],
  ] as const) {
    const ctx = await browser.newContext({ baseURL: server.url, locale, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: lang === 'en' ? 'Email me a sign-in link' : 'Recibir un enlace para entrar' }).click();
    await page.getByLabel(lang === 'en' ? 'Email' : 'Correo electrónico').fill(lang === 'en' ? PARENT.email : 'nadie@firstday.example');
    await page.getByRole('button', { name: lang === 'en' ? 'Send me the link' : 'Enviarme el enlace' }).click();
    const status = page.getByRole('status').filter({ hasText: kept });
    await expect(status).toContainText(keptBody);
    await expect(page.getByText(sent)).toHaveCount(0);
    await shot(page, `first-day-signin-link-kept-${lang}`);

    await page.goto('/reset');
    // Not the parent's address: a newer link would make the sign-in link in the outbox useless.
    await page.getByLabel(lang === 'en' ? 'Email' : 'Correo electrónico').fill('nobody@firstday.example');
    await page.getByRole('button', { name: lang === 'en' ? 'Send reset link' : /enlace/ }).click();
    await expect(page.getByRole('status').filter({ hasText: kept })).toContainText(keptBody);
    await expect(page.getByText(sent)).toHaveCount(0);
    await shot(page, `first-day-reset-kept-${lang}`);
    await ctx.close();
  }

  await test.step('the owner finds the sign-in link in the outbox, and it signs the parent in', async () => {
    const ctx = await browser.newContext({ baseURL: server.url });
    await apiCall(ctx.request, 'POST', '/api/auth/login', { email: OWNER.email, password: OWNER.password });
    const owner = await ctx.newPage();
    await owner.goto('/admin/outbox');
    await expect(async () => {
      await owner.reload();
      await expect(owner.getByRole('heading', { name: 'Outbox' })).toBeVisible();
      await expect(owner.getByRole('button', { name: /sign-in link|enlace para entrar/i }).first()).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    await owner.getByRole('button', { name: /sign-in link|enlace para entrar/i }).first().click();
    const link = await owner.getByRole('dialog').getByLabel('Link in this email').inputValue();
    expect(link).toContain('/signin/link');
    await shot(owner, 'first-day-outbox-mail');
    await ctx.close();

    const parent = await browser.newContext({ baseURL: server.url, locale: 'es-US' });
    const phone = await parent.newPage();
    await phone.goto(link);
    await expect(phone.getByRole('link', { name: 'Hoy' }).first()).toBeVisible();
    await parent.close();
  });
});

test('the first-day pages read well in English and Spanish, at a phone’s width and a desk’s', async ({ browser, server, shot }) => {
  const signedIn = async (who: { email: string; password: string }, locale: 'en' | 'es') => {
    const ctx = await browser.newContext({ baseURL: server.url });
    await apiCall(ctx.request, 'POST', '/api/auth/login', { email: who.email, password: who.password });
    await apiCall(ctx.request, 'PATCH', '/api/me', { locale });
    return ctx.newPage();
  };
  const omar = await signedIn(THERAPIST, 'en');
  const { children } = await apiCall<{ children: { id: string; firstName: string }[] }>(omar.request, 'GET', '/api/children');
  const childId = children.find((c) => c.firstName === 'Mateo')?.id ?? '';
  expect(childId).not.toBe('');
  await omar.context().close();

  await test.step('a teacher joins Mateo’s team with his mother’s consent', async () => {
    const mother = await signedIn(PARENT, 'es');
    const inv = await apiCall<{ id: string }>(mother.request, 'POST', `/api/children/${childId}/invitations`, {
      email: TEACHER.email, name: TEACHER.name, role: 'teacher', locale: 'es', consentNote: 'El maestro de Mateo puede ver las estrategias para la escuela.',
    });
    const { url } = await apiCall<{ url: string }>(mother.request, 'POST', `/api/children/${childId}/invitations/${inv.id}/link`);
    const teacherCtx = await browser.newContext({ baseURL: server.url });
    await apiCall(teacherCtx.request, 'POST', `/api/invitations/${url.split('/invite/')[1] ?? ''}/accept`, { name: TEACHER.name, password: TEACHER.password });
    await teacherCtx.close();
    await mother.context().close();
  });

  for (const lang of ['en', 'es'] as const) {
    await test.step(`in ${lang}`, async () => {
      const owner = await signedIn(OWNER, lang);
      await owner.goto('/');
      await expect(owner.getByRole('heading', { name: lang === 'en' ? 'First steps' : 'Primeros pasos' })).toBeVisible();
      await shot(owner, `first-day-checklist-${lang}`);

      await owner.goto('/admin/clinicians');
      await expect(owner.getByText(lang === 'en' ? 'Emails are not being sent' : 'Los correos no se están enviando')).toBeVisible();
      const name = lang === 'en' ? 'Ana Therapist' : 'Ana Terapeuta';
      await apiCall(owner.request, 'POST', '/api/admin/invitations', { email: `ana.${lang}@firstday.example`, name, role: 'therapist' });
      await owner.reload();
      await shot(owner, `first-day-mail-banner-${lang}`);
      await owner.getByRole('button', { name: lang === 'en' ? `Copy the invitation link for ${name}` : `Copiar el enlace de invitación para ${name}` }).first().click();
      await expect(owner.getByRole('dialog')).toBeVisible();
      await shot(owner, `first-day-copy-link-${lang}`);
      await owner.keyboard.press('Escape');

      await owner.goto('/admin/settings');
      await shot(owner, `first-day-settings-${lang}`);

      await owner.goto('/children/new');
      await expect(owner.getByRole('checkbox', { name: THERAPIST.name })).toBeVisible();
      await shot(owner, `first-day-therapist-picker-${lang}`);

      await owner.context().close();

      const therapist = await signedIn(THERAPIST, lang);
      await therapist.goto(`/children/${childId}/team`);
      await therapist.getByRole('button', { name: lang === 'en' ? 'Invite someone' : 'Invitar a alguien' }).click();
      const dialog = therapist.getByRole('dialog');
      await expect(dialog.getByRole('radio').first()).toBeVisible();
      await shot(therapist, `first-day-invite-presets-${lang}`);
      await dialog.getByRole('button', { name: lang === 'en' ? 'Customise access' : 'Personalizar el acceso' }).click();
      await expect(dialog.getByRole('checkbox').first()).toBeVisible();
      await shot(therapist, `first-day-invite-customise-${lang}`);
      await therapist.context().close();

      const teacher = await signedIn(TEACHER, lang);
      await teacher.goto('/');
      await expect(teacher.getByRole('heading', { name: lang === 'en' ? 'Your school children' : 'Sus alumnos' })).toBeVisible();
      await expect(teacher.getByRole('heading', { name: 'Mateo García' })).toBeVisible();
      // The navigation offers no family pages: no Today (nothing of hers to log there), no families' news.
      const nav = teacher.getByRole('navigation', { name: lang === 'en' ? 'Main' : 'Principal' });
      await expect(nav.getByRole('link', { name: lang === 'en' ? 'Students' : 'Alumnos' })).toBeVisible();
      await expect(nav.getByRole('link', { name: lang === 'en' ? 'Today' : 'Hoy' })).toHaveCount(0);
      await expect(nav.getByRole('link', { name: lang === 'en' ? 'News' : 'Noticias' })).toHaveCount(0);
      await shot(teacher, `first-day-school-home-${lang}`);
      await teacher.context().close();
    });
  }
});
