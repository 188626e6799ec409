// DeepL as the clinic's translation service (TRANSLATE_PROVIDER=deepl, against a stand-in speaking
// DeepL's API v2 on loopback): the admin sees in Settings that it works and that families' words
// go to DeepL, tries a sentence, and sees the service fail, and why, when DeepL refuses.
import { adminContext, expect, test } from './fixtures.ts';

test.use({ translateProvider: 'deepl' });

test('the admin sees DeepL working in Settings, tries a sentence, and sees why it stopped', async ({ browser, server, shot }) => {
  const deepl = server.deepl;
  if (!deepl) throw new Error('the server was started without the DeepL stand-in');
  const admin = await adminContext(browser, server);
  const page = await admin.newPage();
  await page.goto('/admin/settings');
  const section = page.getByRole('region', { name: 'Message translation' });
  const status = section.getByRole('status').first();
  await expect(status.getByText('Working', { exact: true })).toBeVisible();
  await expect(status.getByText(`Messages are translated into each reader’s language by DeepL (${deepl.url}). Families’ words are sent to DeepL to be translated.`)).toBeVisible();
  await expect(status.getByText('0 characters translated for the clinic this month.')).toBeVisible();

  await section.getByRole('textbox', { name: 'Sentence' }).fill('He slept well last night.');
  await section.getByRole('combobox', { name: 'Translate into' }).selectOption('es');
  await section.getByRole('button', { name: 'Translate', exact: true }).click();
  const result = section.getByRole('region', { name: 'Try a sentence' }).getByRole('status');
  await expect(result.getByText('Durmió bien anoche.')).toBeVisible();
  await expect(result.getByText('Written in English.')).toBeVisible();
  await expect(status.getByText('25 characters translated for the clinic this month.')).toBeVisible();
  await shot(page, 'settings-translation-deepl');

  deepl.mode = 'quota';
  await section.getByRole('button', { name: 'Check again' }).click();
  await expect(status.getByText('Not working', { exact: true })).toBeVisible();
  await expect(status.getByText(`The translation server at ${deepl.url} did not translate when checked: the account has used all its characters for this period (HTTP 456).`)).toBeVisible();
  await expect(status.getByText(/The DeepL account has used all its characters/)).toBeVisible();
  await expect(status.getByText(/^Last failure, .*: the account has used all its characters for this period \(HTTP 456\)\.$/)).toBeVisible();
  await admin.close();
});
