import { Alert, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n.ts';
import { Question } from './checkin-answer.tsx';
import type { Answers, FormDefinition, Localized } from './checkins.api.ts';
import { FORM_LANGUAGES } from './form-editor.tsx';
import { inLanguage, localeAmong, localeOf, LOCALES, type Locale } from '../../../contract/locales.ts';
import { languageName } from '../../lib/format.ts';
import './checkins.css';

/** The form as a respondent sees it, in any of its languages; answers tried here are not kept. */
export function FormPreview({ def }: { def: FormDefinition }) {
  const { t } = useTranslation();
  // The languages the form is written in: the two every form has, and any other its title is given in.
  const languages = LOCALES.filter((l) => (FORM_LANGUAGES as readonly string[]).includes(l) || def.title[l]?.trim()) as [Locale, ...Locale[]];
  const [lang, setLang] = useState<Locale>(localeAmong(languages, currentLocale()));
  const [answers, setAnswers] = useState<Answers>({});
  const inText = (text: Localized) => inLanguage(text, lang) ?? '';
  return (
    <Stack gap="lg">
      <Alert variant="light" color="blue" icon={<IconEye size={20} aria-hidden />}>{t('checkinForms.preview.note')}</Alert>
      <SegmentedControl
        aria-label={t('checkinForms.preview.language')}
        value={lang}
        onChange={(l) => setLang(localeOf(l))}
        data={languages.map((l) => ({ value: l, label: languageName(l) }))}
      />
      <Stack gap={4} lang={lang}>
        <Title order={2}>{inText(def.title) || t('checkinForms.preview.untitled')}</Title>
        <Text>{inText(def.intro)}</Text>
      </Stack>
      <Stack gap="lg" lang={lang}>
        {def.items.map((item) => (
          <Paper key={item.key} withBorder radius="lg" p="md" className="checkin-question">
            <Question item={item} value={answers[item.key]} inText={inText} onChange={(v) => setAnswers((a) => ({ ...a, [item.key]: v }))} />
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
