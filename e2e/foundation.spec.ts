// The foundation, walked in a real browser against a real server and a real SMTP server:
// a clinic is created, a therapist invited, a child added, two guardians in two households and a
// caregiver join by the links in their emails, and the second household sees only what it may.
// Every page visited passes axe and is photographed at phone and desktop width.
import type { Page } from '@playwright/test';
import { ADMIN, Mailbox, expect, test } from './fixtures.ts';

// The first visit must find no clinic yet: a server no other spec has used.
test.use({ freshServer: 'foundation' });

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Sam Therapist', email: 'sam@clinic.example', password: 'orchard violet mountain 17' };
const DAD = { name: 'Diego Parent', email: 'diego@family.example', password: 'copper kettle morning 58' };
const MUM = { name: 'Laura Parent', email: 'laura@family.example', password: 'silver meadow ribbon 23' };
const GRANDMA = { name: 'Rosa Grandma', email: 'rosa@family.example', password: 'garden teapot sunday 61' };

async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Account menu' })).toBeVisible();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
}

/** Opens the invitation link from the mail and creates the account; lands where the app sends. */
async function acceptInvitation(page: Page, link: string, who: { name: string; password: string }, shot?: (p: Page, n: string) => Promise<void>, name?: string) {
  await page.goto(link);
  await expect(page.getByLabel('Your name')).toBeVisible();
  if (shot && name) await shot(page, name);
  await page.getByLabel('Your name').fill(who.name);
  await page.getByLabel('Choose a password').fill(who.password);
  await page.getByRole('button', { name: 'Create account and join' }).click();
}

async function inviteToTeam(page: Page, invitee: { name: string; email: string }, opts: { preset?: string; role?: string; household?: string; untick?: string[] } = {}) {
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Their name').fill(invitee.name);
  await dialog.getByLabel('Their email address').fill(invitee.email);
  if (opts.preset) await dialog.getByRole('radio', { name: opts.preset }).check();
  // A role or single permissions are behind "Customise access"; the named presets come first.
  if (opts.role || opts.untick) await dialog.getByRole('button', { name: 'Customise access' }).click();
  if (opts.role) await dialog.getByRole('radio', { name: opts.role }).check();
  if (opts.household) await dialog.getByLabel('Household (optional)').fill(opts.household);
  for (const label of opts.untick ?? []) await dialog.getByRole('checkbox', { name: label }).uncheck();
  await dialog.getByRole('button', { name: 'Send invitation' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('main').getByText(invitee.email)).toBeVisible();
}

let childUrl = '';

test('a clinic is created, a therapist invited, a child added and the family joins, each household seeing what it may', async ({ page, server, shot }) => {
  await test.step('the first visit offers to create the clinic', async () => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/setup/);
    await expect(page.getByRole('heading', { name: 'Create your clinic' })).toBeVisible();
    await shot(page, 'setup');
    await page.getByLabel('Clinic name').fill('Harbour Kids Therapy');
    await page.getByLabel('Your name').fill(ADMIN.name);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Create clinic' }).click();
    await expect(page.getByRole('heading', { name: 'Caseload' })).toBeVisible();
    await expect(page.getByText('No children yet')).toBeVisible();
    await shot(page, 'home-admin-empty');
  });

  await test.step('the admin invites a therapist by email', async () => {
    await page.goto('/admin/clinicians');
    await expect(page.getByRole('heading', { name: 'Invite a clinician' })).toBeVisible();
    await shot(page, 'admin-clinicians');
    await page.getByLabel('Name', { exact: true }).fill(THERAPIST.name);
    await page.getByLabel('Email address').fill(THERAPIST.email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('cell', { name: THERAPIST.name }).or(page.getByText(THERAPIST.name)).first()).toBeVisible();
    for (const tab of ['outbox', 'audit', 'settings']) {
      await page.goto(`/admin/${tab}`);
      await expect(page.getByRole('tab', { selected: true }).or(page.locator('[aria-current="page"]')).first()).toBeVisible();
      await page.waitForLoadState('networkidle');
      await shot(page, `admin-${tab}`);
    }
    await signOut(page);
  });

  await test.step('the therapist accepts from the email and adds a child', async () => {
    const mail = await server.mailbox.waitFor(THERAPIST.email, /invited to join Harbour Kids Therapy/);
    await acceptInvitation(page, Mailbox.link(mail, '/invite/'), THERAPIST, shot, 'invite-clinician');
    await expect(page.getByRole('heading', { name: 'Caseload' })).toBeVisible();
    await page.getByRole('link', { name: 'Add a child' }).or(page.getByRole('button', { name: 'Add a child' })).first().click();
    await expect(page.getByRole('heading', { name: 'Add a child' })).toBeVisible();
    await shot(page, 'child-new');
    await page.getByLabel('First name').fill('Leo');
    await page.getByLabel('Last name').fill('Martínez');
    await page.getByLabel('Date of birth').fill('2020-03-14');
    await page.getByRole('checkbox', { name: 'Speech and language' }).check();
    await page.getByLabel('Languages spoken at home').fill('English, Spanish');
    await page.getByLabel('What Leo loves').fill('Trains, bubbles and high fives');
    await page.getByRole('button', { name: 'Add child' }).click();
    // A new child's page opens on the team, ready to invite the family.
    await expect(page.getByRole('heading', { name: 'Leo Martínez' })).toBeVisible();
    await expect(page).toHaveURL(/\/children\/[0-9a-f-]{36}\/team$/);
    childUrl = new URL(page.url()).pathname.replace(/\/team$/, '');
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByText('Trains, bubbles and high fives')).toBeVisible();
    await shot(page, 'child-overview-therapist');
  });

  await test.step('the therapist invites two guardians, the second household without the other home’s contacts or the team thread', async () => {
    await page.goto(`${childUrl}/team`);
    await expect(page.getByText('No parents or guardians yet')).toBeVisible();
    await shot(page, 'child-team-empty');
    await page.getByRole('button', { name: 'Invite a parent or guardian' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await shot(page, 'team-invite-dialog');
    await inviteToTeam(page, DAD, { household: 'Dad’s home' });
    await page.getByRole('button', { name: 'Invite someone' }).click();
    await inviteToTeam(page, MUM, { preset: 'Second household — own conversations only', household: 'Mum’s home' });
    await shot(page, 'child-team-invited');
    for (const tab of ['plan', 'practice', 'journal', 'messages', 'sessions']) {
      await page.goto(`${childUrl}/${tab}`);
      await expect(page.getByRole('main').getByRole('heading').nth(1)).toBeVisible();
      await shot(page, `child-${tab}-empty`);
    }
    await signOut(page);
  });

  await test.step('the first guardian joins from the email and lands on the child’s page', async () => {
    const mail = await server.mailbox.waitFor(DAD.email, /invited to Leo's care team/);
    await acceptInvitation(page, Mailbox.link(mail, '/invite/'), DAD, shot, 'invite-guardian');
    await expect(page).toHaveURL(new RegExp(`${childUrl}/?$`));
    await expect(page.getByRole('heading', { name: 'Leo Martínez' })).toBeVisible();
    await shot(page, 'child-overview-guardian');
  });

  await test.step('the guardian invites a caregiver', async () => {
    await page.goto(`${childUrl}/team`);
    await expect(page.getByText(MUM.email)).toBeVisible();
    await page.getByRole('button', { name: 'Invite someone' }).click();
    await inviteToTeam(page, GRANDMA, { role: 'Caregiver', household: 'Grandma’s' });
    await shot(page, 'child-team-guardian');
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Your children' })).toBeVisible();
    await shot(page, 'home-family');
    await signOut(page);
  });

  await test.step('the second-household guardian joins and sees the team without the other home’s contacts', async () => {
    const mail = await server.mailbox.waitFor(MUM.email, /invited to Leo's care team/);
    await acceptInvitation(page, Mailbox.link(mail, '/invite/'), MUM);
    await expect(page.getByRole('heading', { name: 'Leo Martínez' })).toBeVisible();
    await page.goto(`${childUrl}/team`);
    await expect(page.getByText(DAD.name)).toBeVisible();
    await expect(page.getByText('Contact hidden').first()).toBeVisible();
    await expect(page.getByText(DAD.email)).toHaveCount(0);
    await expect(page.getByText(GRANDMA.email)).toHaveCount(0);
    // One parent cannot shut the other out: only the clinic changes a parent's access.
    await expect(page.getByRole('button', { name: `Remove ${DAD.name} from the team` })).toHaveCount(0);
    await expect(page.getByRole('button', { name: `Change what ${DAD.name} can see and do` })).toHaveCount(0);
    // The clinic's own staff stay reachable for every family.
    await expect(page.getByRole('main').getByText(THERAPIST.email)).toBeVisible();
    // Not only hidden on screen: the server never sends them.
    const childId = childUrl.split('/').at(-1) ?? '';
    const team = await page.request.get(`/api/children/${childId}/team`);
    expect(team.status()).toBe(200);
    const body = await team.text();
    expect(body).not.toContain(DAD.email);
    expect(body).not.toContain(GRANDMA.email);
    await shot(page, 'child-team-restricted');
    await signOut(page);
  });

  await test.step('the caregiver joins and sees the child', async () => {
    const mail = await server.mailbox.waitFor(GRANDMA.email, /invited to Leo's care team/);
    await acceptInvitation(page, Mailbox.link(mail, '/invite/'), GRANDMA);
    await expect(page.getByRole('heading', { name: 'Leo Martínez' })).toBeVisible();
    await shot(page, 'child-overview-caregiver');
    await signOut(page);
  });

  await test.step('the therapist sees the whole family on the caseload', async () => {
    await signIn(page, THERAPIST);
    const row = page.getByRole('row', { name: /Leo Martínez/ }).or(page.locator('.caseload-card', { hasText: 'Leo Martínez' })).first();
    await expect(row).toContainText(DAD.name);
    await expect(row).toContainText(MUM.name);
    await shot(page, 'home-caseload');
    await page.goto('/account');
    await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
    await shot(page, 'account');
    await signOut(page);
  });
});

test('a sign-in link from the email signs a family member in', async ({ page, server, shot }) => {
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Email me a sign-in link' })).toBeVisible();
  await shot(page, 'login');
  await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
  await page.getByLabel('Email').fill(DAD.email);
  await page.getByRole('button', { name: 'Send me the link' }).click();
  await expect(page.getByText('Check your email')).toBeVisible();
  await shot(page, 'login-link-sent');
  const mail = await server.mailbox.waitFor(DAD.email, /sign-in link/);
  const link = Mailbox.link(mail, '/signin/link');
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'Your children' })).toBeVisible();
  await signOut(page);
  // The link works once.
  await page.goto(link);
  await expect(page.getByRole('heading', { name: 'This sign-in link doesn’t work' })).toBeVisible();
  await shot(page, 'signin-link-used');
});

test('a forgotten password is reset from the emailed link, and the old one stops working', async ({ page, server, shot }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(page.getByRole('heading', { name: 'Reset your password' })).toBeVisible();
  await shot(page, 'reset-request');
  await page.getByLabel('Email').fill(MUM.email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByText('Check your email')).toBeVisible();
  const mail = await server.mailbox.waitFor(MUM.email, /Reset your CareTeam password/);
  await page.goto(Mailbox.link(mail, '/reset'));
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await shot(page, 'reset-new-password');
  const newPassword = 'blue harbour window 77';
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Type the new password again').fill(newPassword);
  await page.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByText('Your password is changed')).toBeVisible();

  await page.goto('/login');
  await page.getByLabel('Email').fill(MUM.email);
  await page.getByLabel('Password', { exact: true }).fill(MUM.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByText('We couldn’t sign you in')).toBeVisible();
  await signIn(page, { email: MUM.email, password: newPassword });
  await signOut(page);
});

test('the language switch turns the app into Spanish and remembers it', async ({ page, shot }) => {
  await signIn(page, DAD);
  await page.getByRole('button', { name: 'Language: English' }).click();
  await page.getByRole('button', { name: 'Español' }).or(page.getByRole('menuitem', { name: 'Español' })).first().click();
  await expect(page.getByRole('heading', { name: 'Sus hijos' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await expect(page.getByRole('button', { name: /Idioma/ })).toBeVisible();
  await page.goto(childUrl);
  await expect(page.getByRole('heading', { name: 'Leo Martínez' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Resumen' })).toBeVisible();
  // The languages typed as "English, Spanish" read as a Spanish reader names them.
  await expect(page.getByText('inglés y español')).toBeVisible();
  await shot(page, 'child-overview-es');
  // Remembered for the person, not only in this browser: a fresh browser signs in in Spanish.
  const fresh = await page.context().browser()?.newPage({ baseURL: page.url() });
  if (!fresh) throw new Error('No browser');
  await fresh.goto('/login');
  await fresh.getByLabel('Email').fill(DAD.email);
  await fresh.getByLabel('Password', { exact: true }).fill(DAD.password);
  await fresh.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(fresh.getByRole('heading', { name: 'Sus hijos' })).toBeVisible();
  await fresh.close();
});

test('a page that does not exist says so, politely', async ({ page, shot }) => {
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading').first()).toBeVisible();
  await shot(page, 'not-found');
});
