import { Alert, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formLanguages } from '../../../contract/checkin-values.ts';
import { writtenIn, type Locale } from '../../../contract/locales.ts';
import { useLanguageName } from '../../components/languages-field.tsx';
import { Written } from '../../components/written.tsx';
import { currentLocale } from '../../i18n.ts';
import { Question } from './checkin-answer.tsx';
import type { Answers, FormDefinition, Localized } from './checkins.api.ts';
import './checkins.css';

/** The form as a respondent sees it, in any of its languages; answers tried here are not kept. */
export function FormPreview({ def }: { def: FormDefinition }) {
  const { t } = useTranslation();
  const languageName = useLanguageName();
  const languages = formLanguages(def);
  const [chosen, setChosen] = useState<Locale>(currentLocale());
  // The language chosen while the form has it; otherwise the one a reader of that language gets.
  const lang = (writtenIn(Object.fromEntries(languages.map((l) => [l, l])), chosen)?.value ?? chosen) as Locale;
  const [answers, setAnswers] = useState<Answers>({});
  const inText = (text: Localized) => <Written text={text} locale={lang} />;
  return (
    <Stack gap="lg">
      <Alert variant="light" color="blue" icon={<IconEye size={20} aria-hidden />}>{t('checkinForms.preview.note')}</Alert>
      {languages.length > 1 ? (
        <NativeSelect
          label={t('checkinForms.preview.language')}
          value={lang}
          onChange={(e) => setChosen(e.currentTarget.value as Locale)}
          data={languages.map((l) => ({ value: l, label: languageName(l) }))}
          maw={320}
        />
      ) : null}
      <Stack gap={4}>
        <Title order={2}>{writtenIn(def.title, lang) ? inText(def.title) : t('checkinForms.preview.untitled')}</Title>
        <Text>{inText(def.intro)}</Text>
      </Stack>
      <Stack gap="lg">
        {def.items.map((item) => (
          <Paper key={item.key} withBorder radius="lg" p="md" className="checkin-question">
            <Question item={item} value={answers[item.key]} inText={inText} onChange={(v) => setAnswers((a) => ({ ...a, [item.key]: v }))} />
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
