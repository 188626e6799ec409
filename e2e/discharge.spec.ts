// Leaving the clinic: the admin sets how long a discharged child's record is kept; the therapist
// discharges the child with a reason; the record is read-only for everyone (no writing controls
// anywhere), the family still reads it in Spanish on a phone, and the therapist can take the
// discharge back.
import type { BrowserContext } from '@playwright/test';
import { apiCall, clinicFamily, expect, test, type ClinicFamily } from './fixtures.ts';

test.describe.configure({ mode: 'serial' });

let family: ClinicFamily;
let host: BrowserContext;

test.beforeAll(async ({ browser, server }) => {
  family = await clinicFamily(browser, server, {
    therapist: { name: 'Dana Therapist', email: 'dana@discharge.example', password: 'harbour violet window 61' },
    child: { firstName: 'Iker', lastName: 'Soto', therapyTypes: ['speech'] },
    mum: { name: 'Lucía Soto', email: 'lucia@discharge.example', password: 'silver meadow ribbon 61', locale: 'es', viewport: { width: 390, height: 844 } },
  });
  host = family.therapist;
  await apiCall(host.request, 'POST', `/api/children/${family.childId}/goals`, { area: 'communication', statement: 'Asks for help with words', measure: 'count', target: 5, settings: ['therapy', 'home'] });
});
test.afterAll(async () => family?.close());

test('the admin keeps discharged records for a year', async ({ shot }) => {
  const page = await family.admin.newPage();
  await page.goto('/admin/settings');
  const days = page.getByLabel('Keep a discharged child’s record for (days)');
  await days.fill('365');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Saved', { exact: false }).first()).toBeVisible();
  await shot(page, 'admin-settings-retention-en');
  await page.close();
});

test('the therapist discharges the child; the record is read-only, the family still reads it; taken back, it opens again', async ({ shot }) => {
  const page = await host.newPage();
  await page.goto(`/children/${family.childId}`);
  await page.getByRole('button', { name: 'Discharge…' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Discharge' }).click();
  await expect(dialog.getByText('Why is therapy ending?')).toBeVisible();
  await shot(page, 'discharge-modal-en');
  await dialog.getByLabel('Why is therapy ending?').fill('Goals met; moving to school support.');
  await dialog.getByRole('button', { name: 'Discharge' }).click();
  const notice = page.getByTestId('discharged-notice');
  await expect(notice).toContainText('Goals met; moving to school support.');
  await expect(page.getByRole('button', { name: /^Edit Iker.*profile$/ })).toHaveCount(0);
  await shot(page, 'discharged-overview-en');
  await page.goto(`/children/${family.childId}/plan`);
  await expect(page.getByText('Asks for help with words')).toBeVisible();
  await expect(page.getByRole('button', { name: 'New goal' })).toHaveCount(0);

  const phone = await family.mum.newPage();
  await phone.goto(`/children/${family.childId}/plan`);
  await expect(phone.getByTestId('discharged-notice')).toContainText('Dado de alta');
  await expect(phone.getByText('Asks for help with words')).toBeVisible();
  await shot(phone, 'discharged-plan-es');

  await page.goto(`/children/${family.childId}`);
  await page.getByRole('button', { name: 'Take back the discharge' }).click();
  await expect(page.getByTestId('discharged-notice')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Discharge…' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Edit Iker.*profile$/ })).toBeVisible();
  await page.goto(`/children/${family.childId}/plan`);
  await expect(page.getByRole('button', { name: 'New goal' })).toBeVisible();
  await page.close();
  await phone.close();
});
