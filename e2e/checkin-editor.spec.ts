// The check-in form editor in a real browser: the clinic's admin builds a form on a desktop (words
// in English, then Spanish added beside it, a 1–5 scale, a yes/no and several choices, one question moved up with
// the keyboard, a mean score), looks at it in the preview, and saves; the therapist assigns it and
// the mother answers it on her phone. The therapist's own partnership summary explains why it shows
// nothing below five families. A form written in English and Arabic reaches the mother in Arabic,
// once she reads CareTeam in Arabic. Each page passes axe and is photographed at phone and desktop width.
import type { BrowserContext, Locator, Page } from '@playwright/test';
import { acceptInvitation, apiCall, clinicFamily, expect, test, type ClinicFamily } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const PHONE = { width: 390, height: 844 };
let f: ClinicFamily;

const weekdayName = (date: string) => new Intl.DateTimeFormat('en-US', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

test.beforeAll(async ({ browser, server }) => {
  f = await clinicFamily(browser, server, {
    therapist: { name: 'Elena Editor', email: 'elena@checkin-editor.example', password: 'copper willow signal 58' },
    child: { firstName: 'Teo', lastName: 'Vargas', therapyTypes: ['occupational'] },
    mum: { name: 'Lucia Vargas', email: 'lucia@checkin-editor.example', password: 'amber tide lantern 27', viewport: PHONE },
  });
});
test.afterAll(async () => {
  await f?.close();
});

/** Fills a text in each language given by name: the inputs are labelled "<label> (English)", "<label> (Arabic)"… */
async function fill(scope: Locator, label: string, words: Record<string, string>) {
  for (const [language, text] of Object.entries(words)) await scope.getByRole('textbox', { name: `${label} (${language})` }).fill(text);
}
const both = (scope: Locator, label: string, en: string, es: string) => fill(scope, label, { English: en, Spanish: es });

/** Adds a language to what the form is written in, from the list of the seven. */
async function addLanguage(page: Page, language: string) {
  await page.getByRole('combobox', { name: 'Add a language' }).selectOption({ label: language });
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByText(`${language} added: each text now has a box for it.`)).toBeAttached();
}

test('the admin builds a form on a desktop, previews it in both languages, and saves it', async ({ shot }) => {
  const page = await f.admin.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/checkin-forms');
  await expect(page.getByRole('heading', { name: 'Check-in forms', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Make a copy of Weekly home check-in to edit' })).toBeVisible();
  await shot(page, 'checkin-forms');

  await page.getByRole('link', { name: 'New form' }).click();
  await expect(page.getByRole('heading', { name: 'A new check-in form' })).toBeVisible();
  // A new form starts in the admin's own language; Spanish is added beside it.
  await expect(page.getByRole('textbox', { name: 'Title (Spanish)' })).toHaveCount(0);
  await addLanguage(page, 'Spanish');
  const about = page.getByRole('group', { name: 'The form' });
  await both(about, 'Title', 'Evenings at home', 'Las tardes en casa');
  await both(about, 'Introduction', 'A minute about your evenings this week.', 'Un minuto sobre sus tardes esta semana.');

  const q1 = page.getByRole('region', { name: 'Question 1' });
  await both(q1, 'Question', 'How calm were the evenings?', '¿Qué tan tranquilas fueron las tardes?');
  await both(q1, 'Words at 1', 'Stormy', 'Agitadas');
  await both(q1, 'Words at 5', 'Calm', 'Tranquilas');

  await page.getByRole('button', { name: 'Add a question' }).click();
  const q2 = page.getByRole('region', { name: 'Question 2' });
  await q2.getByLabel('Kind of question').selectOption('multiple');
  await both(q2, 'Question', 'What helped?', '¿Qué ayudó?');
  await both(q2, 'Choice 1', 'A timer', 'Un temporizador');
  await both(q2, 'Choice 2', 'Two choices', 'Dos opciones');

  await page.getByRole('button', { name: 'Add a question' }).click();
  const q3 = page.getByRole('region', { name: 'Question 3' });
  await q3.getByLabel('Kind of question').selectOption('yes_no');
  await q3.getByRole('textbox', { name: 'Question (English)' }).fill('Did the bedtime routine hold?');
  // Spanish left out: saving says where.
  await page.getByRole('button', { name: 'Save form' }).click();
  await expect(q3.getByText('Write this in Spanish.')).toBeVisible();
  await q3.getByRole('textbox', { name: 'Question (Spanish)' }).fill('¿Se mantuvo la rutina de dormir?');

  // The yes/no question moves up with the keyboard: focus stays on its button, so Enter again moves it on.
  const up = page.getByRole('button', { name: 'Move “Did the bedtime routine hold?” up' });
  await up.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('“Did the bedtime routine hold?” is now question 2 of 3.')).toBeAttached();
  await expect(up).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Question 1' }).getByRole('textbox', { name: 'Question (English)' })).toHaveValue('Did the bedtime routine hold?');

  await page.getByRole('switch', { name: 'Give this form a score' }).check();
  const scoring = page.getByRole('group', { name: 'Score' });
  await expect(scoring.getByRole('checkbox', { name: 'How calm were the evenings?' })).toBeChecked();
  await expect(scoring.getByRole('checkbox', { name: 'Did the bedtime routine hold?' })).toBeChecked();
  await shot(page, 'checkin-editor');

  await page.getByRole('tab', { name: 'Preview' }).click();
  await expect(page.getByRole('heading', { name: 'Evenings at home', level: 2 })).toBeVisible();
  await expect(page.getByRole('group', { name: 'How calm were the evenings?' })).toBeVisible();
  await shot(page, 'checkin-preview');
  await page.getByRole('combobox', { name: 'Language of the preview' }).selectOption({ label: 'Spanish' });
  await expect(page.getByRole('heading', { name: 'Las tardes en casa', level: 2 })).toBeVisible();
  await expect(page.getByRole('group', { name: '¿Qué tan tranquilas fueron las tardes?' })).toBeVisible();
  await shot(page, 'checkin-preview-es');

  await page.getByRole('tab', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Save form' }).click();
  await expect(page.getByRole('heading', { name: 'Edit: Evenings at home' })).toBeVisible();
  const forms = await apiCall<{ forms: { definition: { title: { en: string }; items: { key: string; kind: string }[]; scoring: { method: string; items: string[] } | null } }[] }>(f.admin.request, 'GET', '/api/checkin-forms');
  const made = forms.forms.find((x) => x.definition.title.en === 'Evenings at home');
  expect(made?.definition.items.map((i) => i.kind)).toEqual(['yes_no', 'scale', 'multiple']);
  expect(made?.definition.scoring?.method).toBe('mean');
  await page.close();
});

test('a starter form is read-only: it is previewed, and copied to be edited', async ({ shot }) => {
  const page = await f.therapist.newPage();
  await page.goto('/checkin-forms');
  await page.getByRole('link', { name: 'Preview Before the session' }).click();
  await expect(page.getByText(/cannot be changed: make a copy to edit it/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Save form' })).toHaveCount(0);
  await shot(page, 'checkin-starter');
  await page.getByRole('button', { name: 'Make a copy to edit' }).click();
  await expect(page.getByRole('heading', { name: 'Edit: Before the session' })).toBeVisible();
  // In Spanish: the library and the copy's editor.
  await apiCall(f.therapist.request, 'PATCH', '/api/me', { locale: 'es' });
  await page.goto('/checkin-forms');
  await expect(page.getByRole('heading', { name: 'Formularios de seguimiento', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Los formularios de su clínica' })).toBeVisible();
  await shot(page, 'checkin-forms-es');
  await page.getByRole('link', { name: 'Editar Antes de la sesión' }).click();
  await expect(page.getByRole('heading', { name: 'Editar: Antes de la sesión' })).toBeVisible();
  await shot(page, 'checkin-editor-es');
  await apiCall(f.therapist.request, 'PATCH', '/api/me', { locale: 'en' });
  await page.close();
});

test('the therapist assigns the new form and the mother answers it on her phone', async ({ shot }) => {
  const page = await f.therapist.newPage();
  await page.goto(`/children/${f.childId}/plan`);
  const section = page.getByRole('region', { name: 'Check-ins' });
  await section.getByRole('button', { name: 'Assign a check-in' }).click();
  const dialog = page.getByRole('dialog', { name: /Assign a check-in/ });
  await dialog.getByRole('combobox', { name: 'Check-in' }).click();
  await page.getByRole('option', { name: 'Evenings at home' }).click();
  await dialog.getByRole('combobox', { name: 'Day of the week' }).click();
  await page.getByRole('option', { name: weekdayName(f.today) }).click();
  await dialog.getByRole('checkbox', { name: /Each household/ }).check();
  await dialog.getByRole('button', { name: 'Assign' }).click();
  await expect(dialog).toBeHidden();
  await page.close();

  const mum = await f.mum.newPage();
  await mum.goto('/today');
  await mum.getByRole('link', { name: 'Answer Evenings at home about Teo' }).click();
  await expect(mum.getByRole('heading', { name: 'Evenings at home' })).toBeVisible();
  await mum.getByRole('group', { name: 'Did the bedtime routine hold?' }).getByText('Yes').click();
  await mum.getByRole('group', { name: 'How calm were the evenings?' }).locator('label', { hasText: /^4/ }).click();
  await mum.getByRole('checkbox', { name: 'A timer' }).check();
  await shot(mum, 'checkin-editor-answer');
  await mum.getByRole('button', { name: 'Send' }).click();
  await expect(mum).toHaveURL(/\/today$/);
  await mum.close();
  const trend = await apiCall<{ forms: { title: { en: string }; series: { points: { value: number }[] }[] }[] }>(f.therapist.request, 'GET', `/api/children/${f.childId}/checkins/trend`);
  // The mean of yes (1) and 4.
  expect(trend.forms.find((x) => x.title.en === 'Evenings at home')?.series[0]?.points[0]?.value).toBe(2.5);
});

test('a form written in English and Arabic reaches the mother in Arabic, marked as Arabic', async ({ shot }) => {
  const page = await f.therapist.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/checkin-forms');
  await page.getByRole('link', { name: 'New form' }).click();
  await addLanguage(page, 'Arabic');
  // A language added by mistake goes again; nothing was written in it, so nothing is asked.
  await addLanguage(page, 'French');
  await page.getByRole('button', { name: 'Remove French' }).click();
  await expect(page.getByText('French removed.')).toBeAttached();
  await expect(page.getByRole('textbox', { name: 'Title (French)' })).toHaveCount(0);

  const about = page.getByRole('group', { name: 'The form' });
  await fill(about, 'Title', { English: 'Mornings', Arabic: 'الصباحات' });
  await fill(about, 'Introduction', { English: 'A minute about your mornings this week.', Arabic: 'دقيقة عن صباحاتكم هذا الأسبوع.' });
  const q1 = page.getByRole('region', { name: 'Question 1' });
  await fill(q1, 'Question', { English: 'How smooth were the mornings?' });
  await fill(q1, 'Words at 1', { English: 'Rushed', Arabic: 'متعجّلة' });
  await fill(q1, 'Words at 5', { English: 'Smooth', Arabic: 'هادئة' });
  // The Arabic question left out: saving says which language is missing.
  await page.getByRole('button', { name: 'Save form' }).click();
  await expect(q1.getByText('Write this in Arabic.')).toBeVisible();
  await fill(q1, 'Question', { Arabic: 'كيف كانت الصباحات؟' });
  await expect(q1.getByRole('textbox', { name: 'Question (Arabic)' })).toHaveAttribute('lang', 'ar');
  // Each language's field is written in its direction, Arabic from the right, in this English page.
  await expect(q1.getByRole('textbox', { name: 'Question (Arabic)' })).toHaveCSS('direction', 'rtl');
  await expect(q1.getByRole('textbox', { name: 'Question (English)' })).toHaveCSS('direction', 'ltr');
  await shot(page, 'checkin-editor-ar-words');
  await page.getByRole('button', { name: 'Save form' }).click();
  await expect(page.getByRole('heading', { name: 'Edit: Mornings' })).toBeVisible();

  // The editor in Arabic, right to left.
  const editUrl = page.url();
  await apiCall(f.therapist.request, 'PATCH', '/api/me', { locale: 'ar' });
  await page.goto(editUrl);
  await expect(page.getByRole('heading', { name: /الصباحات/, level: 1 })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /العربية/ }).first()).toBeVisible();
  await shot(page, 'checkin-editor-ar');
  await apiCall(f.therapist.request, 'PATCH', '/api/me', { locale: 'en' });
  await page.close();

  const forms = await apiCall<{ forms: { id: string; definition: { title: Record<string, string> } }[] }>(f.therapist.request, 'GET', '/api/checkin-forms');
  const formId = forms.forms.find((x) => x.definition.title.en === 'Mornings')?.id;
  expect(forms.forms.find((x) => x.id === formId)?.definition.title).toEqual({ en: 'Mornings', ar: 'الصباحات' });
  const weekday = ((new Date(`${f.today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  await apiCall(f.therapist.request, 'POST', `/api/children/${f.childId}/checkins`, { formId, cadence: { kind: 'weekly', weekday }, respondents: [{ kind: 'households' }] });

  await apiCall(f.mum.request, 'PATCH', '/api/me', { locale: 'ar' });
  const mum = await f.mum.newPage();
  await mum.goto('/today');
  await mum.getByRole('link', { name: /الصباحات/ }).click();
  const title = mum.getByRole('heading', { name: 'الصباحات', level: 2 });
  await expect(title).toBeVisible();
  await expect(title.locator('[lang="ar"]')).toHaveAttribute('dir', 'auto');
  await expect(mum.getByText('دقيقة عن صباحاتكم هذا الأسبوع.')).toHaveAttribute('lang', 'ar');
  await expect(mum.getByRole('group', { name: 'كيف كانت الصباحات؟' })).toBeVisible();
  await shot(mum, 'checkin-answer-ar');
  await apiCall(f.mum.request, 'PATCH', '/api/me', { locale: 'en' });
  await mum.close();
});

test('the therapist’s own partnership summary says why nothing shows below five families, then shows means', async ({ shot, browser, server }) => {
  const page = await f.therapist.newPage();
  await page.goto('/');
  const card = page.getByRole('region', { name: 'Working together: what your families say' });
  await expect(card.getByText('Nothing to show yet: fewer than 5 families on your caseload have answered the partnership check.')).toBeVisible();
  await expect(card.getByText(/nothing shows until at least 5 families have answered/)).toBeVisible();
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'checkin-partnership-mine');

  // Five families of hers answer the partnership check (Teo's mother and four more): now means, and never a name.
  const forms = await apiCall<{ forms: { id: string; starterKey: string | null }[] }>(f.therapist.request, 'GET', '/api/checkin-forms');
  const formId = forms.forms.find((x) => x.starterKey === 'partnership')?.id;
  const weekday = ((new Date(`${f.today}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
  const answer = async (childId: string, parent: BrowserContext, values: Record<string, number>) => {
    const a = await apiCall<{ id: string }>(f.therapist.request, 'POST', `/api/children/${childId}/checkins`, { formId, cadence: { kind: 'weekly', weekday }, respondents: [{ kind: 'households' }] });
    await apiCall(parent.request, 'POST', `/api/children/${childId}/checkins/${a.id}/answers`, { occurrence: f.today, answers: values, submit: true });
  };
  await answer(f.childId, f.mum, { heard: 5, knowWhat: 4, fits: 4 });
  for (const [i, name] of ['Ana', 'Bea', 'Cruz', 'Dora'].entries()) {
    const child = await apiCall<{ id: string }>(f.therapist.request, 'POST', '/api/children', { firstName: `${name}kid`, lastName: 'Family', therapyTypes: ['occupational'] });
    const parent = { name: `${name} Parent`, email: `${name.toLowerCase()}@checkin-editor.example`, password: `quiet meadow lantern ${40 + i}` };
    await apiCall(f.therapist.request, 'POST', `/api/children/${child.id}/invitations`, { email: parent.email, name: parent.name, role: 'guardian' });
    const ctx = await acceptInvitation(browser, server, parent, /care team/);
    await answer(child.id, ctx, { heard: 4, knowWhat: 3 + (i % 2), fits: 4 });
    await ctx.close();
  }
  await page.reload();
  await expect(card.getByText('From 5 answers, on a scale of 1 to 5, as means only.')).toBeVisible();
  await expect(card.getByText('I feel heard')).toBeVisible();
  await expect(card.getByText('4.2 of 5')).toBeVisible();
  await expect(card.getByText(/Parent|Lucia/)).toHaveCount(0);
  await card.scrollIntoViewIfNeeded();
  await shot(page, 'checkin-partnership-mine-five');
  await page.close();
});
