// Did it help? In a real browser against a real server: the teacher logs "used it, it helped" for a
// strategy at school; the parent, in Spanish on a phone, logs it at home from Today without signal,
// and it is sent once when the signal returns; the Support page then shows both settings.
import { acceptInvitation, apiCall, clinicFamily, expect, test } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

const THERAPIST = { name: 'Sam Therapist', email: 'sam@strategy-use.example', password: 'orchard violet mountain 17' };
const MUM = { name: 'Carmen Madre', email: 'carmen@strategy-use.example', password: 'copper kettle morning 58' };
const TEACHER = { name: 'Hannah Teacher', email: 'hannah@strategy-use.example', password: 'silver meadow ribbon 23' };
const CALM = 'Calms down within five minutes';

type ChildStrategies = { strategies: { id: string; strategy: { content: { en?: { name: string } } }; uses: { setting: string; used: number; helped: number }[] }[] };

test('a teacher logs a strategy that helped at school, the parent at home, and the Support page shows both', async ({ browser, server, shot }) => {
  const family = await clinicFamily(browser, server, {
    therapist: THERAPIST,
    child: { firstName: 'Leo', lastName: 'Rivera', therapyTypes: ['occupational'] },
    mum: { ...MUM, viewport: { width: 390, height: 844 }, locale: 'es' },
  });
  const { therapist, mum, childId } = family;

  await test.step('the therapist attaches the visual timer for home and school, and first–then for home', async () => {
    const goal = await apiCall<{ id: string }>(therapist.request, 'POST', `/api/children/${childId}/goals`, {
      area: 'emotional_regulation', statement: CALM, measure: 'duration', baseline: 20, target: 5, lowerIsBetter: true, settings: ['home', 'school'],
    });
    for (const [q, settings] of [['Visual timer', ['home', 'school']], ['First', ['home']]] as const) {
      const found = await apiCall<{ strategies: { id: string; starter: boolean }[] }>(therapist.request, 'GET', `/api/strategies?q=${encodeURIComponent(q)}`);
      await apiCall(therapist.request, 'POST', `/api/children/${childId}/strategies`, { strategyId: found.strategies.find((s) => s.starter)?.id, goalIds: [goal.id], settings });
    }
    await apiCall(mum.request, 'POST', `/api/children/${childId}/invitations`, {
      email: TEACHER.email, name: TEACHER.name, role: 'teacher', consentNote: 'Leo’s teacher may see the strategies we use.',
    });
  });

  await test.step('the teacher taps “Used it today”, then “Yes”, on the Support page', async () => {
    const teacher = await acceptInvitation(browser, server, TEACHER, /./);
    await apiCall(teacher.request, 'PATCH', '/api/me', { locale: 'en' });
    const page = await teacher.newPage();
    await page.goto(`/children/${childId}/support`);
    const school = page.getByRole('region', { name: 'At school' });
    await expect(school.getByRole('heading', { name: 'Visual timer' })).toBeVisible();
    // First–then is for home only: not the teacher's.
    await expect(page.getByRole('heading', { name: 'First–then' })).toHaveCount(0);
    await expect(page.getByText('it counts for school')).toBeVisible();
    await expect(school.getByText('Nobody has said yet whether it helped.')).toBeVisible();
    await page.getByRole('button', { name: 'Used Visual timer today' }).click();
    await page.getByRole('group', { name: 'Did Visual timer help today?' }).getByRole('button', { name: 'Yes' }).click();
    await expect(school.getByText('Used today: it helped.')).toBeVisible();
    await expect(school.getByTestId('use-count-school')).toContainText('At school: used once');
    await page.getByRole('button', { name: 'Add a note' }).click();
    await page.getByLabel('Note for the team (optional)').fill('Set it before lining up; he waited calmly.');
    await page.getByRole('button', { name: 'Save note' }).click();
    await expect(school.getByText('Your note: Set it before lining up; he waited calmly.')).toBeVisible();
    // The note is the teacher's newer word on the day, not a second use.
    await expect(school.getByTestId('use-count-school')).toContainText('At school: used once');
    await shot(page, 'strategy-use-teacher');
    await teacher.close();
  });

  await test.step('the parent, on a phone in Spanish, logs it at home from Today with no signal; it is sent once', async () => {
    const page = await mum.newPage();
    await page.goto('/today');
    const section = page.getByRole('region', { name: 'Estrategias en casa' });
    await expect(section.getByRole('heading', { name: 'Temporizador visual' })).toBeVisible();
    await expect(section.getByRole('heading', { name: 'Primero–después' })).toBeVisible();
    await mum.setOffline(true);
    await section.getByRole('button', { name: 'Usé Temporizador visual hoy' }).click();
    await section.getByRole('group', { name: '¿Le ayudó Temporizador visual hoy?' }).getByRole('button', { name: 'Sí' }).click();
    await expect(section.getByText('Guardado en este teléfono: le ayudó.')).toBeVisible();
    await mum.setOffline(false);
    await expect(section.getByText('Usada hoy: le ayudó.')).toBeVisible({ timeout: 40_000 });
    const uses = await apiCall<ChildStrategies>(therapist.request, 'GET', `/api/children/${childId}/strategies`);
    const timer = uses.strategies.find((s) => s.strategy.content.en?.name === 'Visual timer');
    expect(timer?.uses).toEqual([
      { setting: 'home', used: 1, helped: 1, aBit: 0, notHelped: 0 },
      { setting: 'school', used: 1, helped: 1, aBit: 0, notHelped: 0 },
    ]);
    await shot(page, 'strategy-use-today-es');
    await page.close();
  });

  await test.step('the parent’s Support page, in Spanish, shows home and school', async () => {
    const page = await mum.newPage();
    await page.goto(`/children/${childId}/support`);
    const home = page.getByRole('region', { name: 'En casa' });
    const timer = home.getByRole('article').filter({ has: page.getByRole('heading', { name: 'Temporizador visual' }) });
    await expect(timer.getByTestId('use-count-home')).toContainText('En casa: usada una vez');
    await expect(timer.getByTestId('use-count-school')).toContainText('En la escuela: usada una vez');
    await expect(timer.getByRole('button', { name: 'Sí', pressed: true })).toBeVisible();
    // The drawing is CareTeam's own, decorative beside the name.
    await expect(timer.locator('img[data-illustration="visual-timer"]')).toHaveAttribute('alt', '');
    await shot(page, 'strategy-use-support-es');
    await page.close();
  });

  await test.step('the parent browses the strategies shared with Leo: by place, by a word, and jumps to one', async () => {
    const page = await mum.newPage();
    await page.goto(`/children/${childId}/support`);
    const browse = page.getByRole('region', { name: 'Buscar una estrategia' });
    await expect(browse.getByText('Se muestran 2 de 2 estrategias')).toBeVisible();
    await browse.getByLabel('Dónde se usa').selectOption({ label: 'En la escuela' });
    await expect(browse.getByText('Se muestran 1 de 2 estrategias')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Primero–después' })).toHaveCount(0);
    await browse.getByLabel('Dónde se usa').selectOption({ label: 'En todas partes' });
    await browse.getByLabel('Buscar en estas estrategias').fill('primero');
    await expect(page.getByRole('heading', { name: 'Temporizador visual' })).toHaveCount(0);
    await browse.getByLabel('Buscar en estas estrategias').fill('zanahoria');
    await expect(page.getByRole('heading', { name: 'Ninguna estrategia coincide' })).toBeVisible();
    await shot(page, 'strategy-browse-empty-es');
    await page.getByRole('button', { name: 'Mostrar todas las estrategias' }).click();
    await browse.getByRole('navigation', { name: 'Ir a una estrategia' }).getByRole('link', { name: 'Primero–después' }).click();
    await expect(page).toHaveURL(/#support-item-/);
    await expect(page.getByRole('heading', { name: 'Primero–después' })).toBeInViewport();
    await shot(page, 'strategy-browse-es');
    await page.close();
  });

  await test.step('the therapist sees both settings on the Support page, in English', async () => {
    const page = await therapist.newPage();
    await page.goto(`/children/${childId}/support`);
    const timer = page.getByRole('region', { name: 'At home' }).getByRole('article').filter({ has: page.getByRole('heading', { name: 'Visual timer' }) });
    await expect(timer.getByTestId('use-count-home')).toContainText('At home: used once · helped 1, a bit 0, not 0');
    await expect(timer.getByTestId('use-count-school')).toContainText('At school: used once · helped 1, a bit 0, not 0');
    // What the teacher wrote reaches the therapist, with who wrote it and where.
    await expect(timer.getByText('Set it before lining up; he waited calmly.')).toBeVisible();
    await expect(timer.getByText(/— Hannah Teacher, at school, .*: it helped/)).toBeVisible();
    await shot(page, 'strategy-use-support');
    await page.getByLabel('Search these strategies').fill('timer');
    await expect(page.getByText('Showing 1 of 2 strategies')).toBeVisible();
    await shot(page, 'strategy-browse');
    await page.goto('/strategies');
    // The strategy's picture in its row (its open panel draws a larger one when it is shown).
    await expect(page.getByRole('button', { name: 'Read First–then' }).locator('img[data-illustration="first-then"]')).toBeVisible();
    await shot(page, 'strategy-library-illustrated');
    await page.close();
  });

  await test.step('Today in English, for a parent who reads it in English', async () => {
    await apiCall(mum.request, 'PATCH', '/api/me', { locale: 'en' });
    const page = await mum.newPage();
    await page.goto('/today');
    const section = page.getByRole('region', { name: 'Strategies at home' });
    await expect(section.getByText('Used today: it helped.')).toBeVisible();
    await expect(section.getByRole('button', { name: 'Used First–then today' })).toBeVisible();
    await shot(page, 'strategy-use-today');
    await page.close();
  });

  await family.close();
});
