// The clinician's editor for the translations of written content (a goal, a practice item, a
// session summary, a clinic strategy, a newsletter, an urgent notice); the reader's side is content-text.tsx.
// Types only from the contract: the zod schemas stay out of the bundle.
import type { TFunction } from 'i18next';
import { Alert, Button, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconLanguage } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { LOCALES, LOCALE_NAMES, localeOf, type Locale } from '../../../contract/locales.ts';
import type * as Contract from '../../../contract/translation.ts';
import { api } from '../../api/client.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Loading } from '../../components/loading.tsx';
import { toast } from '../../lib/toast.ts';

type Editor = z.infer<typeof Contract.ContentTranslationEditor>;
type SubjectType = Editor['subjectType'];

/** A child's content is edited under the child; the clinic's own (strategies…) without one. */
const editorPath = (childId: string | null, type: SubjectType, id: string, language: string) =>
  `/api${childId === null ? '' : `/children/${encodeURIComponent(childId)}`}/translations/${type}/${encodeURIComponent(id)}/${language}`;

/** A field's name as the clinician reads it: "Goal", "Step 2"… */
function fieldLabel(name: string, t: TFunction): string {
  const step = /^steps\.(\d+)$/.exec(name);
  if (step) return t('contentTranslation.fieldStep', { number: Number(step[1]) + 1 });
  const tip = /^tips\.(\d+)$/.exec(name);
  if (tip) return t('contentTranslation.clinicFieldTip', { number: Number(tip[1]) + 1 });
  switch (name) {
    case 'statement':
      return t('contentTranslation.fieldStatement');
    case 'whyItMatters':
      return t('contentTranslation.fieldWhyItMatters');
    case 'title':
      return t('contentTranslation.fieldTitle');
    case 'watchFor':
      return t('contentTranslation.fieldWatchFor');
    case 'name':
      return t('contentTranslation.clinicFieldName');
    case 'purpose':
      return t('contentTranslation.clinicFieldPurpose');
    case 'body':
      return t('contentTranslation.clinicFieldBody');
    case 'workedOn':
      return t('sessionRecord.workedOn');
    case 'wentWell':
      return t('sessionRecord.wentWell');
    case 'toPractise':
      return t('sessionRecord.toPractise');
    default:
      return name;
  }
}

function EditorForm({ childId, type, id, language, refresh, onDone }: { childId: string | null; type: SubjectType; id: string; language: Locale; refresh: QueryKey; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const key = ['translations', childId, type, id, language];
  const editor = useQuery({ queryKey: key, queryFn: () => api<Editor>(editorPath(childId, type, id, language)) });
  const [draft, setDraft] = useState<Record<string, string> | null>(null);
  useEffect(() => {
    if (!editor.data) return;
    const e = editor.data;
    // The clinician's words when they still fit the wording, else the machine's draft to correct.
    setDraft(Object.fromEntries(Object.entries(e.source.fields).filter(([, v]) => v.trim() !== '').map(([name]) => [
      name, (e.human && !e.human.outdated ? e.human.fields[name] : undefined) ?? e.machine?.[name] ?? e.human?.fields[name] ?? '',
    ])));
  }, [editor.data]);
  const save = useMutation({
    mutationFn: (fields: Record<string, string>) => api<Editor>(editorPath(childId, type, id, language), { method: 'PUT', body: { fields } }),
    onSuccess: async (data) => {
      queryClient.setQueryData(key, data);
      await queryClient.invalidateQueries({ queryKey: refresh });
      toast(t('contentTranslation.saved'));
      onDone();
    },
  });
  if (editor.isPending || !draft) return editor.isError ? <ErrorAlert error={editor.error} /> : <Loading />;
  if (editor.isError) return <ErrorAlert error={editor.error} />;
  const e = editor.data;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    save.mutate(draft);
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="md">
        <ErrorAlert error={save.error} />
        {e.human?.outdated ? (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            {t('contentTranslation.outdated')}
          </Alert>
        ) : e.human ? (
          <Text size="sm">{t('contentTranslation.current', { name: e.human.byName })}</Text>
        ) : null}
        {e.machine === null && !e.human ? <Text size="sm" c="dimmed">{t('contentTranslation.machineNone')}</Text> : null}
        {Object.keys(draft).map((name) => (
          <Stack key={name} gap={4}>
            <Text size="sm" fw={650}>
              {fieldLabel(name, t)}
            </Text>
            <Text size="sm" c="dimmed" lang={e.source.language ?? undefined} dir="auto" style={{ overflowWrap: 'anywhere' }}>
              {t('contentTranslation.original')}: {e.source.fields[name]}
            </Text>
            <Textarea
              aria-label={`${fieldLabel(name, t)} · ${t('contentTranslation.yourTranslation')}`}
              lang={language}
              dir="auto"
              autosize
              minRows={1}
              maxLength={10_000}
              value={draft[name] ?? ''}
              onChange={(ev) => {
                const value = ev.currentTarget.value;
                setDraft((d) => ({ ...d, [name]: value }));
              }}
            />
          </Stack>
        ))}
        <FormActions submit={t('contentTranslation.save')} pending={save.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/**
 * "Translations" on a goal, practice item, session summary or clinic strategy: pick a language, see the machine's
 * draft, correct it, save. `childId` null for the clinic's own content; `written`: the languages it
 * is already written in, which need no translation.
 */
export function TranslationsButton({ childId, type, id, title, refresh, written = [] }: {
  childId: string | null; type: SubjectType; id: string; title: string; refresh: QueryKey; written?: readonly string[];
}) {
  const { t, i18n } = useTranslation();
  const [opened, setOpened] = useState(false);
  const mine = localeOf(i18n.language);
  const choices = LOCALES.filter((l) => l !== mine && !written.includes(l));
  const [language, setLanguage] = useState<Locale>(choices[0] ?? 'es');
  if (choices.length === 0) return null;
  return (
    <>
      <Button size="sm" variant="subtle" leftSection={<IconLanguage size={16} aria-hidden />} onClick={() => setOpened(true)}>
        {t('contentTranslation.open')}
      </Button>
      <AppModal opened={opened} onClose={() => setOpened(false)} title={`${t('contentTranslation.title')}: ${title}`}>
        <Stack gap="md">
          <Text size="sm">{t('contentTranslation.intro')}</Text>
          <NativeSelect
            label={t('contentTranslation.language')}
            value={language}
            onChange={(e) => setLanguage(localeOf(e.currentTarget.value))}
            data={choices.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          />
          {opened ? <EditorForm key={language} childId={childId} type={type} id={id} language={language} refresh={refresh} onDone={() => setOpened(false)} /> : null}
        </Stack>
      </AppModal>
    </>
  );
}
