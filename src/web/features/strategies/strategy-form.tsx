import { ActionIcon, Alert, Button, Checkbox, FileInput, Group, Stack, Tabs, Text, TextInput, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowDown, IconArrowUp, IconPhoto, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dirOf, isLocale, type Locale, localeOf, LOCALES } from '../../../contract/locales.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { LanguagesField, useLanguageName } from '../../components/languages-field.tsx';
import { SETTINGS, type CreateStrategyRequest, type Setting, type Strategy, type StrategyText } from './strategies-api.ts';

const MAX_PICTURE = 2 * 1024 * 1024;

interface LangValues {
  name: string;
  purpose: string;
  steps: string[];
  tips: string[];
}

interface FormValues {
  [key: string]: unknown;
  settings: Setting[];
  /** The languages it is written in, each with its words. */
  content: Partial<Record<Locale, LangValues>>;
}

const emptyLang = (): LangValues => ({ name: '', purpose: '', steps: [''], tips: [] });
const fromText = (text: StrategyText | undefined): LangValues =>
  text ? { name: text.name, purpose: text.purpose, steps: text.steps.length ? [...text.steps] : [''], tips: [...text.tips] } : emptyLang();

/** The languages it is written in, in the app's order. */
const languagesOf = (content: FormValues['content']): Locale[] => LOCALES.filter((l) => content[l] !== undefined);

/** A language with nothing in it yet, one half-written (a mistake to point at), or its text. */
function toText(v: LangValues): StrategyText | 'empty' | 'incomplete' {
  const steps = v.steps.map((s) => s.trim()).filter(Boolean);
  const tips = v.tips.map((s) => s.trim()).filter(Boolean);
  const name = v.name.trim();
  const purpose = v.purpose.trim();
  if (!name && !purpose && steps.length === 0 && tips.length === 0) return 'empty';
  if (!name || !purpose || steps.length === 0) return 'incomplete';
  return { name, purpose, steps, tips };
}

export interface StrategyFormResult {
  body: CreateStrategyRequest;
  picture: File | null;
  removePicture: boolean;
}

interface StrategyFormProps {
  strategy?: Strategy;
  pending: boolean;
  error: unknown;
  onSubmit: (result: StrategyFormResult) => void;
  onCancel: () => void;
}

/**
 * Add or edit one of the clinic's strategies: in any of the app's languages (a new one starts in
 * the clinician's own), steps in order, tips, settings, picture.
 */
export function StrategyForm({ strategy, pending, error, onSubmit, onCancel }: StrategyFormProps) {
  const { t, i18n } = useTranslation();
  const languageName = useLanguageName();
  const started: Locale[] = strategy ? LOCALES.filter((l) => strategy.content[l]) : [localeOf(i18n.language)];
  const [tab, setTab] = useState<Locale>(started.includes(localeOf(i18n.language)) ? localeOf(i18n.language) : (started[0] ?? 'en'));
  const [problem, setProblem] = useState<string | null>(null);
  const [picture, setPicture] = useState<File | null>(null);
  const [removePicture, setRemovePicture] = useState(false);
  const form = useForm<FormValues>({
    mode: 'controlled',
    initialValues: {
      settings: strategy ? [...strategy.settings] : ['home', 'school'],
      content: Object.fromEntries(started.map((l) => [l, fromText(strategy?.content[l])])),
    },
    validate: {
      settings: (value) => (value.length === 0 ? t('strategies.form.pickSetting') : null),
    },
  });
  const languages = languagesOf(form.values.content);
  const shownTab = languages.includes(tab) ? tab : (languages[0] ?? 'en');

  const submit = form.onSubmit((values) => {
    const content: CreateStrategyRequest['content'] = {};
    for (const lang of languagesOf(values.content)) {
      const words = values.content[lang];
      const text = words ? toText(words) : 'empty';
      // Every language listed is written in full; one not wanted is removed from the list.
      if (text === 'incomplete' || text === 'empty') {
        setTab(lang);
        setProblem(t('strategies.form.unfinished', { language: languageName(lang) }));
        return;
      }
      content[lang] = text;
    }
    if (picture && picture.size > MAX_PICTURE) {
      setProblem(t('strategies.form.pictureTooBig'));
      return;
    }
    setProblem(null);
    onSubmit({ body: { settings: values.settings, content }, picture, removePicture });
  });

  // A render helper, not a component: a component defined here would remount (and lose focus) on every keystroke.
  function listEditor(lang: Locale, field: 'steps' | 'tips') {
    const items = form.values.content[lang]?.[field] ?? [];
    const path = `content.${lang}.${field}`;
    const isSteps = field === 'steps';
    return (
      <Stack gap="xs">
        <Text fw={600} id={`${lang}-${field}-label`}>
          {isSteps ? t('strategies.form.steps') : t('strategies.form.tips')}
        </Text>
        {isSteps ? (
          <Text size="sm" c="dimmed" mt={-6}>
            {t('strategies.form.stepsHint')}
          </Text>
        ) : null}
        <ol className={isSteps ? 'step-editor' : 'step-editor tips'} aria-labelledby={`${lang}-${field}-label`}>
          {items.map((_item, i) => {
            const n = i + 1;
            return (
              <li key={i}>
                <Group gap="xs" align="flex-start" wrap="nowrap">
                  <Textarea
                    style={{ flex: 1 }}
                    autosize
                    minRows={1}
                    maxRows={6}
                    maxLength={600}
                    label={isSteps ? t('strategies.form.step', { n }) : t('strategies.form.tip', { n })}
                    lang={lang}
                    dir={dirOf(lang)}
                    {...form.getInputProps(`${path}.${i}`)}
                  />
                  <Group gap={2} wrap="nowrap" mt={26}>
                    {isSteps ? (
                      <>
                        <ActionIcon variant="subtle" color="gray" disabled={i === 0} aria-label={t('strategies.form.moveUp', { n })} onClick={() => form.reorderListItem(path, { from: i, to: i - 1 })}>
                          <IconArrowUp size={18} aria-hidden />
                        </ActionIcon>
                        <ActionIcon variant="subtle" color="gray" disabled={i === items.length - 1} aria-label={t('strategies.form.moveDown', { n })} onClick={() => form.reorderListItem(path, { from: i, to: i + 1 })}>
                          <IconArrowDown size={18} aria-hidden />
                        </ActionIcon>
                      </>
                    ) : null}
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      disabled={isSteps && items.length === 1}
                      aria-label={isSteps ? t('strategies.form.removeStep', { n }) : t('strategies.form.removeTip', { n })}
                      onClick={() => form.removeListItem(path, i)}
                    >
                      <IconTrash size={18} aria-hidden />
                    </ActionIcon>
                  </Group>
                </Group>
              </li>
            );
          })}
        </ol>
        <Group>
          <Button
            variant="light"
            size="xs"
            leftSection={<IconPlus size={16} aria-hidden />}
            disabled={items.length >= (isSteps ? 12 : 6)}
            onClick={() => form.insertListItem(path, '')}
          >
            {isSteps ? t('strategies.form.addStep') : t('strategies.form.addTip')}
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {problem ? (
          <Alert color="red" variant="light" role="alert">
            {problem}
          </Alert>
        ) : null}
        <ErrorAlert error={error} />
        <Checkbox.Group label={t('strategies.form.settings')} {...form.getInputProps('settings')}>
          <Group gap="lg" mt={6}>
            {SETTINGS.map((s) => (
              <Checkbox key={s} value={s} label={t(`strategies.settings.${s}`)} />
            ))}
          </Group>
        </Checkbox.Group>
        <LanguagesField
          value={languages}
          onAdd={(lang) => {
            form.setFieldValue(`content.${lang}`, emptyLang());
            setTab(lang);
          }}
          onRemove={(lang) => {
            const { [lang]: _removed, ...rest } = form.getValues().content;
            form.setFieldValue('content', rest);
            setProblem(null);
          }}
          written={(lang) => {
            const words = form.getValues().content[lang];
            return words !== undefined && toText(words) !== 'empty';
          }}
        />
        <Tabs value={shownTab} onChange={(v) => isLocale(v) && setTab(v)} keepMounted>
          <Tabs.List aria-label={t('strategies.form.languages')}>
            {languages.map((lang) => (
              <Tabs.Tab key={lang} value={lang} tt="capitalize">
                {languageName(lang)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {languages.map((lang) => (
            <Tabs.Panel key={lang} value={lang} pt="md">
              <Stack gap="md">
                <TextInput label={t('strategies.form.name')} maxLength={120} lang={lang} dir={dirOf(lang)} {...form.getInputProps(`content.${lang}.name`)} />
                <TextInput
                  label={t('strategies.form.purpose')}
                  description={t('strategies.form.purposeHint')}
                  maxLength={240}
                  lang={lang}
                  dir={dirOf(lang)}
                  {...form.getInputProps(`content.${lang}.purpose`)}
                />
                {listEditor(lang, 'steps')}
                {listEditor(lang, 'tips')}
              </Stack>
            </Tabs.Panel>
          ))}
        </Tabs>
        <Group gap="sm" align="flex-end">
          <FileInput
            size="md"
            style={{ flex: '1 1 240px' }}
            label={t('strategies.form.picture')}
            description={t('strategies.form.pictureHint')}
            placeholder={t('strategies.form.pictureChoose')}
            accept="image/png,image/jpeg,image/webp"
            leftSection={<IconPhoto size={18} aria-hidden />}
            clearable
            clearButtonProps={{ 'aria-label': t('strategies.form.pictureRemove') }}
            value={picture}
            onChange={(file) => {
              setPicture(file);
              if (file) setRemovePicture(false);
            }}
          />
          {strategy?.hasImage && !picture ? (
            <Checkbox label={t('strategies.form.pictureRemove')} checked={removePicture} onChange={(e) => setRemovePicture(e.currentTarget.checked)} mb={8} />
          ) : null}
        </Group>
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            {t('strategies.form.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {t('strategies.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
