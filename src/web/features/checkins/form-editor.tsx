import {
  ActionIcon, Button, Checkbox, Fieldset, Group, NativeSelect, NumberInput, Paper, Radio, SimpleGrid, Stack, Switch, Text, Textarea, TextInput, Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconDeviceFloppy, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formLanguages, formTexts, mapFormTexts, withoutLanguage } from '../../../contract/checkin-values.ts';
import { dirOf, type Locale } from '../../../contract/locales.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LanguagesField, useLanguageName } from '../../components/languages-field.tsx';
import { applyServerErrors } from '../../lib/errors.ts';
import { inLocale, type FormDefinition, type FormItem, type Localized } from './checkins.api.ts';

// The check-in form editor: the form's words in the languages the clinician chooses (any of the
// app's seven, at least one; every text in each), its questions of every kind in order (moved by
// buttons, so the keyboard does it), and optional scoring. The server checks it all again and
// names the field it refuses; that field is marked here.

type Kind = FormItem['kind'];
const KINDS: readonly Kind[] = ['scale', 'yes_no', 'single', 'multiple', 'number', 'text'];
const emptyText = (languages: readonly Locale[]): Localized => Object.fromEntries(languages.map((l) => [l, '']));
/** Keys the server accepts (a small letter, then letters and digits), unique enough within a form. */
const newKey = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;

/** A question of this kind keeping its key and words; what the kind does not take is dropped. */
function withKind(item: FormItem, kind: Kind, languages: readonly Locale[]): FormItem {
  const base = { key: item.key, kind, text: item.text };
  switch (kind) {
    case 'scale':
      return { ...base, low: item.low ?? emptyText(languages), high: item.high ?? emptyText(languages), ...(item.reversed ? { reversed: true } : {}) };
    case 'single':
    case 'multiple':
      return { ...base, options: item.options ?? [{ key: newKey('o'), text: emptyText(languages) }, { key: newKey('o'), text: emptyText(languages) }] };
    case 'number':
      return { ...base, min: item.min ?? 0, max: item.max ?? 10 };
    case 'yes_no':
    case 'text':
      return base;
  }
}

export const canScore = (item: FormItem) => item.kind === 'scale' || item.kind === 'yes_no' || (item.kind === 'number' && item.min !== undefined && item.max !== undefined);

/** A new form, to be written first in the clinician's own language. */
export const blankForm = (lang: Locale): FormDefinition => ({
  title: emptyText([lang]), intro: emptyText([lang]), respondent: 'family', privacy: 'team',
  items: [withKind({ key: newKey('q'), kind: 'scale', text: emptyText([lang]) }, 'scale', [lang])], scoring: null,
});

/** Every field path of the values, so a refusal from the server lands on its input. */
function paths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return prefix ? [prefix] : [];
  const own = prefix ? [prefix] : [];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => paths(v, prefix ? `${prefix}.${k}` : k))];
}

/** One text in each of the form's languages, two side by side on a wide screen. */
function LocalizedInput({ form, path, label, multiline, maxLength, languages }: {
  form: { getInputProps: (path: string) => object }; path: string; label: string; multiline?: boolean; maxLength: number; languages: readonly Locale[];
}) {
  const { t } = useTranslation();
  const languageName = useLanguageName();
  return (
    <SimpleGrid cols={{ base: 1, sm: Math.min(languages.length, 2) }} spacing="sm">
      {languages.map((lang) => {
        const props = { label: t('checkinForms.editor.inLanguage', { label, language: languageName(lang) }), maxLength, withAsterisk: true, ...form.getInputProps(`${path}.${lang}`), lang, dir: dirOf(lang) };
        return multiline ? <Textarea key={lang} autosize minRows={2} {...props} /> : <TextInput key={lang} {...props} />;
      })}
    </SimpleGrid>
  );
}

export function FormEditor({ initial, answered, answeredOptions, onSave, onChange }: {
  initial: FormDefinition;
  /** Questions with answers: they cannot be removed nor change kind. */
  answered: readonly string[];
  answeredOptions: Record<string, string[]>;
  onSave: (def: FormDefinition) => Promise<void>;
  /** Each change, for the preview. */
  onChange: (def: FormDefinition) => void;
}) {
  const { t } = useTranslation();
  const [moved, setMoved] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const languageName = useLanguageName();
  const form = useForm<FormDefinition>({
    mode: 'controlled',
    initialValues: initial,
    onValuesChange: onChange,
    validate: (values) => {
      // What a person most often misses: a text left empty in one language. The rest the server checks.
      const errors: Record<string, string> = {};
      const languages = formLanguages(values);
      for (const { path, text } of formTexts(values)) {
        for (const lang of languages) {
          if ((text[lang] ?? '').trim() === '') errors[`${path.join('.')}.${lang}`] = t('checkinForms.editor.needText', { language: languageName(lang) });
        }
      }
      return errors;
    },
  });
  const v = form.getValues();
  const languages = formLanguages(v);
  // A question is named in the reader's language, else in any language it has, else by its place.
  const name = (item: FormItem, i: number) =>
    inLocale(item.text).trim() || languages.map((l) => item.text[l]?.trim()).find(Boolean) || t('checkinForms.editor.questionN', { n: i + 1 });

  const move = (i: number, to: number) => {
    const item = v.items[i];
    if (!item) return;
    form.reorderListItem('items', { from: i, to });
    setMoved(t('checkinForms.editor.moved', { name: name(item, i), n: to + 1, count: v.items.length }));
    // Focus stays on the same button of the question that moved, so moving again is one more key press.
    requestAnimationFrame(() => document.getElementById(`${to < i ? 'up' : 'down'}-${item.key}`)?.focus());
  };
  const remove = (i: number) => {
    const item = v.items[i];
    if (!item) return;
    form.removeListItem('items', i);
    const scoring = form.getValues().scoring;
    if (scoring) {
      form.setFieldValue('scoring', {
        ...scoring,
        items: scoring.items.filter((k) => k !== item.key),
        subscores: scoring.subscores.map((s) => ({ ...s, items: s.items.filter((k) => k !== item.key) })),
      });
    }
  };
  const setKind = (i: number, kind: Kind) => {
    const item = v.items[i];
    if (!item) return;
    const next = withKind(item, kind, languages);
    form.setFieldValue(`items.${i}`, next);
    const scoring = form.getValues().scoring;
    if (scoring && !canScore(next)) form.setFieldValue('scoring', { ...scoring, items: scoring.items.filter((k) => k !== item.key), subscores: scoring.subscores.map((s) => ({ ...s, items: s.items.filter((k) => k !== item.key) })) });
  };
  const scoreable = v.items.filter(canScore);

  return (
    <form
      noValidate
      onSubmit={form.onSubmit(async (values) => {
        setError(null);
        setSaving(true);
        try {
          await onSave(values);
        } catch (e) {
          // A refusal that names a field marks it; anything else shows above the button.
          if (!applyServerErrors(form, e, paths(values), t('checkinForms.editor.refused'))) setError(e);
        } finally {
          setSaving(false);
        }
      })}
      aria-label={t('checkinForms.editor.formLabel')}
    >
      <Stack gap="lg">
        <LanguagesField
          value={languages}
          onAdd={(lang) => form.setValues(mapFormTexts(form.getValues(), (text) => ({ ...text, [lang]: '' })))}
          onRemove={(lang) => {
            form.setValues(mapFormTexts(form.getValues(), (text) => withoutLanguage(text, lang)));
            form.clearErrors();
          }}
          written={(lang) => formTexts(form.getValues()).some(({ text }) => (text[lang] ?? '').trim() !== '')}
        />
        <Fieldset legend={t('checkinForms.editor.about')} radius="lg">
          <Stack gap="sm">
            <LocalizedInput form={form} path="title" label={t('checkinForms.editor.title')} maxLength={120} languages={languages} />
            <LocalizedInput form={form} path="intro" label={t('checkinForms.editor.intro')} multiline maxLength={600} languages={languages} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <NativeSelect
                label={t('checkinForms.editor.respondent')}
                data={[{ value: 'family', label: t('checkinForms.respondent.family') }, { value: 'teacher', label: t('checkinForms.respondent.teacher') }]}
                {...form.getInputProps('respondent')}
              />
              <NativeSelect
                label={t('checkinForms.editor.privacy')}
                data={(['team', 'clinicians', 'aggregate'] as const).map((p) => ({ value: p, label: t(`checkinForms.privacy.${p}`) }))}
                {...form.getInputProps('privacy')}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>

        <Stack gap="sm">
          <Title order={2} size="h3">{t('checkinForms.editor.questions')}</Title>
          <Text size="sm" c="dimmed">{t('checkinForms.editor.questionsLead')}</Text>
          <div aria-live="polite" className="visually-hidden">{moved}</div>
          {v.items.map((item, i) => {
            const locked = answered.includes(item.key);
            const label = name(item, i);
            return (
              <Paper key={item.key} withBorder radius="lg" p="md" component="section" aria-label={t('checkinForms.editor.questionN', { n: i + 1 })}>
                <Stack gap="sm">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <Text fw={650}>{t('checkinForms.editor.questionN', { n: i + 1 })}</Text>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon id={`up-${item.key}`} variant="subtle" color="gray" size="lg" disabled={i === 0} aria-label={t('checkinForms.editor.moveUp', { name: label })} onClick={() => move(i, i - 1)}>
                        <IconArrowUp size={18} aria-hidden />
                      </ActionIcon>
                      <ActionIcon id={`down-${item.key}`} variant="subtle" color="gray" size="lg" disabled={i === v.items.length - 1} aria-label={t('checkinForms.editor.moveDown', { name: label })} onClick={() => move(i, i + 1)}>
                        <IconArrowDown size={18} aria-hidden />
                      </ActionIcon>
                      <ActionIcon variant="subtle" color="red" size="lg" disabled={locked || v.items.length === 1} aria-label={t('checkinForms.editor.remove', { name: label })} onClick={() => remove(i)}>
                        <IconTrash size={18} aria-hidden />
                      </ActionIcon>
                    </Group>
                  </Group>
                  <NativeSelect
                    label={t('checkinForms.editor.kind')}
                    data={KINDS.map((k) => ({ value: k, label: t(`checkinForms.kinds.${k}`) }))}
                    value={item.kind}
                    disabled={locked}
                    description={locked ? t('checkinForms.editor.answeredHint') : undefined}
                    onChange={(e) => setKind(i, e.currentTarget.value as Kind)}
                    error={form.errors[`items.${i}.kind`]}
                  />
                  <LocalizedInput form={form} path={`items.${i}.text`} label={t('checkinForms.editor.question')} maxLength={300} languages={languages} />
                  {item.kind === 'scale' ? (
                    <>
                      <LocalizedInput form={form} path={`items.${i}.low`} label={t('checkinForms.editor.low')} maxLength={60} languages={languages} />
                      <LocalizedInput form={form} path={`items.${i}.high`} label={t('checkinForms.editor.high')} maxLength={60} languages={languages} />
                    </>
                  ) : null}
                  {item.kind === 'single' || item.kind === 'multiple' ? (
                    <Fieldset legend={t('checkinForms.editor.options')} radius="md" variant="filled">
                      <Stack gap="sm">
                        {(item.options ?? []).map((o, oi) => {
                          const chosen = answeredOptions[item.key]?.includes(o.key) ?? false;
                          return (
                            <Stack key={o.key} gap={4}>
                              <LocalizedInput form={form} path={`items.${i}.options.${oi}.text`} label={t('checkinForms.editor.optionN', { n: oi + 1 })} maxLength={120} languages={languages} />
                              <Group justify="flex-end">
                                <ActionIcon
                                  variant="subtle" color="red" size="lg"
                                  disabled={chosen || (item.options ?? []).length <= 2}
                                  aria-label={t('checkinForms.editor.removeOption', { n: oi + 1 })}
                                  onClick={() => form.removeListItem(`items.${i}.options`, oi)}
                                >
                                  <IconTrash size={18} aria-hidden />
                                </ActionIcon>
                              </Group>
                            </Stack>
                          );
                        })}
                        {form.errors[`items.${i}.options`] ? <Text size="sm" c="red">{form.errors[`items.${i}.options`]}</Text> : null}
                        <Button variant="subtle" size="sm" leftSection={<IconPlus size={16} aria-hidden />} disabled={(item.options ?? []).length >= 12}
                          onClick={() => form.insertListItem(`items.${i}.options`, { key: newKey('o'), text: emptyText(languages) })}>
                          {t('checkinForms.editor.addOption')}
                        </Button>
                      </Stack>
                    </Fieldset>
                  ) : null}
                  {item.kind === 'number' ? (
                    <SimpleGrid cols={2} spacing="sm">
                      <NumberInput label={t('checkinForms.editor.min')} {...form.getInputProps(`items.${i}.min`)} />
                      <NumberInput label={t('checkinForms.editor.max')} {...form.getInputProps(`items.${i}.max`)} />
                    </SimpleGrid>
                  ) : null}
                  {canScore(item) ? (
                    <Checkbox label={t('checkinForms.editor.reversed')} description={t('checkinForms.editor.reversedHint')} {...form.getInputProps(`items.${i}.reversed`, { type: 'checkbox' })} />
                  ) : null}
                </Stack>
              </Paper>
            );
          })}
          <Group>
            <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} disabled={v.items.length >= 40}
              onClick={() => form.insertListItem('items', withKind({ key: newKey('q'), kind: 'scale', text: emptyText(languages) }, 'scale', languages))}>
              {t('checkinForms.editor.addQuestion')}
            </Button>
          </Group>
        </Stack>

        <Fieldset legend={t('checkinForms.editor.scoring')} radius="lg">
          <Stack gap="sm">
            <Switch
              label={t('checkinForms.editor.scored')}
              description={t('checkinForms.editor.scoredHint')}
              checked={v.scoring !== null}
              disabled={scoreable.length === 0}
              onChange={(e) => form.setFieldValue('scoring', e.currentTarget.checked ? { method: 'mean', direction: 'higher_better', items: scoreable.map((x) => x.key), subscores: [] } : null)}
            />
            {v.scoring ? (
              <>
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                  <Radio.Group label={t('checkinForms.editor.method')} {...form.getInputProps('scoring.method')}>
                    <Stack gap={6} mt={6}>
                      <Radio value="mean" label={t('checkinForms.method.mean')} />
                      <Radio value="sum" label={t('checkinForms.method.sum')} />
                    </Stack>
                  </Radio.Group>
                  <Radio.Group label={t('checkinForms.editor.direction')} {...form.getInputProps('scoring.direction')}>
                    <Stack gap={6} mt={6}>
                      <Radio value="higher_better" label={t('checkinForms.direction.higher_better')} />
                      <Radio value="higher_worse" label={t('checkinForms.direction.higher_worse')} />
                    </Stack>
                  </Radio.Group>
                </SimpleGrid>
                <Checkbox.Group label={t('checkinForms.editor.scoredItems')} {...form.getInputProps('scoring.items')}>
                  <Stack gap={6} mt={6}>
                    {scoreable.map((item) => <Checkbox key={item.key} value={item.key} label={name(item, v.items.indexOf(item))} />)}
                  </Stack>
                </Checkbox.Group>
                {v.scoring.subscores.map((sub, si) => (
                  <Paper key={sub.key} withBorder radius="md" p="sm" component="section" aria-label={t('checkinForms.editor.subscoreN', { n: si + 1 })}>
                    <Stack gap="sm">
                      <Group justify="space-between">
                        <Text fw={650}>{t('checkinForms.editor.subscoreN', { n: si + 1 })}</Text>
                        <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('checkinForms.editor.removeSubscore', { n: si + 1 })} onClick={() => form.removeListItem('scoring.subscores', si)}>
                          <IconTrash size={18} aria-hidden />
                        </ActionIcon>
                      </Group>
                      <LocalizedInput form={form} path={`scoring.subscores.${si}.label`} label={t('checkinForms.editor.subscoreLabel')} maxLength={80} languages={languages} />
                      <Checkbox.Group label={t('checkinForms.editor.subscoreItems')} {...form.getInputProps(`scoring.subscores.${si}.items`)}>
                        <Stack gap={6} mt={6}>
                          {scoreable.map((item) => <Checkbox key={item.key} value={item.key} label={name(item, v.items.indexOf(item))} />)}
                        </Stack>
                      </Checkbox.Group>
                    </Stack>
                  </Paper>
                ))}
                <Group>
                  <Button variant="subtle" size="sm" leftSection={<IconPlus size={16} aria-hidden />} disabled={v.scoring.subscores.length >= 8}
                    onClick={() => form.insertListItem('scoring.subscores', { key: newKey('s'), label: emptyText(languages), items: [] })}>
                    {t('checkinForms.editor.addSubscore')}
                  </Button>
                </Group>
              </>
            ) : null}
          </Stack>
        </Fieldset>

        <ErrorAlert error={error} />
        <Group>
          <Button type="submit" leftSection={<IconDeviceFloppy size={18} aria-hidden />} loading={saving}>{t('checkinForms.editor.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
