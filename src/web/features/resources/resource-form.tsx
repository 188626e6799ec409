import { Checkbox, FileInput, Group, NumberInput, Progress, SegmentedControl, Stack, TagsInput, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { THERAPY_TYPES, therapyTypeLabel } from '../../lib/roles.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { AddLanguage } from '../../components/languages-field.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { languageName } from '../../lib/format.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid } from '../../lib/validate.ts';
import { localeOf, LOCALES, type Locale } from '../../../contract/locales.ts';
import { KINDS, uploadResourceFile, type CreateResourceRequest, type Resource, type ResourceKind } from './resources.api.ts';

type LangValues = { title: string; summary: string; body: string };
type Values = Record<Locale, LangValues> & {
  [key: string]: unknown;
  kind: ResourceKind;
  url: string;
  therapyTypes: string[];
  ageMin: number | string;
  ageMax: number | string;
  tags: string[];
};

const empty: LangValues = { title: '', summary: '', body: '' };
const age = (v: number | string) => (v === '' ? null : Number(v));

interface ResourceFormProps {
  resource?: Resource;
  pending: boolean;
  onSubmit: (body: CreateResourceRequest) => Promise<unknown>;
  onCancel: () => void;
}

/** Add or change a resource of the clinic's library: its words in each language, what it is, who it suits. */
export function ResourceForm({ resource, pending, onSubmit, onCancel }: ResourceFormProps) {
  const { t, i18n } = useTranslation();
  // The languages written in: a resource's own, or the clinician's for a new one; more can be added.
  const [languages, setLanguages] = useState<Locale[]>(() => {
    const written = LOCALES.filter((l) => resource?.content[l]);
    return written.length > 0 ? written : [localeOf(i18n.language)];
  });
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      kind: resource?.kind ?? 'article',
      ...(Object.fromEntries(LOCALES.map((l) => [l, { ...empty, ...resource?.content[l] }])) as Record<Locale, LangValues>),
      url: resource?.url ?? '',
      therapyTypes: resource?.therapyTypes ?? [],
      ageMin: resource?.ageMin ?? '',
      ageMax: resource?.ageMax ?? '',
      tags: resource?.tags ?? [],
    },
    validate: {
      ...Object.fromEntries(LOCALES.map((l) => [l, {
        title: (_v: string, values: Values) => (l === languages[0] && languages.every((w) => !values[w].title.trim()) ? t('resources.form.needTitle') : null),
      }])),
      url: (v, values) => ((values.kind === 'link' && !v.trim()) ? t('resources.form.needUrl') : null),
    },
  });
  const server = useServerError(form);
  const kind = form.getValues().kind;
  const needsFile = !resource && (kind === 'pdf' || (kind === 'video' && !form.getValues().url.trim()));

  const submit = async (values: Values) => {
    const content: CreateResourceRequest['content'] = {};
    for (const l of languages) {
      const v = values[l];
      if (v.title.trim()) content[l] = { title: v.title.trim(), summary: v.summary.trim(), body: v.body.trim() };
    }
    let fileId: string | null = null;
    if (needsFile) {
      if (!file) {
        form.setFieldError('file', t('resources.form.needFile'));
        return;
      }
      setProgress(0);
      fileId = (await uploadResourceFile(file, setProgress).finally(() => setProgress(null))).id;
    }
    await onSubmit({
      kind: values.kind, content, url: values.url.trim() || null, fileId, therapyTypes: values.therapyTypes as CreateResourceRequest['therapyTypes'],
      ageMin: age(values.ageMin), ageMax: age(values.ageMax), tags: values.tags,
    });
  };

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        server.clear();
        submit(values).catch(server.onError);
      }, focusFirstInvalid)}
    >
      <Stack gap="md">
        <ErrorAlert error={server.error} />
        {resource ? null : (
          <Stack gap={4}>
            <Text fw={500} size="sm" id="resource-kind">
              {t('resources.form.kind')}
            </Text>
            <SegmentedControl
              aria-labelledby="resource-kind"
              data={KINDS.map((k) => ({ value: k, label: t(`resources.kinds.${k}`) }))}
              {...form.getInputProps('kind')}
            />
          </Stack>
        )}
        {languages.map((l) => (
          <Stack key={l} gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Title order={3} size="h5" component="legend">
              {t('resources.form.inLanguage', { language: languageName(l) })}
            </Title>
            <TextInput label={t('resources.form.title')} maxLength={160} lang={l} {...form.getInputProps(`${l}.title`)} />
            <TextInput label={t('resources.form.summary')} maxLength={400} lang={l} {...form.getInputProps(`${l}.summary`)} />
            <Textarea
              label={kind === 'article' ? t('resources.form.article') : t('resources.form.about')}
              description={kind === 'article' ? t('resources.form.markdownHint') : undefined}
              autosize
              minRows={kind === 'article' ? 6 : 2}
              maxRows={18}
              maxLength={20000}
              lang={l}
              {...form.getInputProps(`${l}.body`)}
            />
          </Stack>
        ))}
        {languages.length < LOCALES.length ? (
          <AddLanguage
            label={t('resources.form.addLanguage')}
            languages={LOCALES.filter((l) => !languages.includes(l))}
            onAdd={(l) => setLanguages((shown) => [...shown, l])}
          />
        ) : null}
        {kind === 'link' || kind === 'video' ? (
          <TextInput
            type="url"
            label={kind === 'video' ? t('resources.form.videoUrl') : t('resources.form.url')}
            description={kind === 'video' && !resource ? t('resources.form.videoHint') : undefined}
            placeholder="https://"
            maxLength={2000}
            {...form.getInputProps('url')}
          />
        ) : null}
        {needsFile ? (
          <Stack gap={4}>
            <FileInput
              label={kind === 'pdf' ? t('resources.form.pdf') : t('resources.form.videoFile')}
              accept={kind === 'pdf' ? 'application/pdf' : 'video/mp4,video/webm,video/quicktime'}
              leftSection={<IconUpload size={18} aria-hidden />}
              clearable
              value={file}
              onChange={(f) => {
                setFile(f);
                form.clearFieldError('file');
              }}
              error={form.errors.file ?? form.errors.fileId}
            />
            {progress !== null ? <Progress value={progress * 100} aria-label={t('resources.form.uploading')} /> : null}
          </Stack>
        ) : null}
        <Checkbox.Group label={t('resources.form.therapyTypes')} description={t('resources.form.therapyTypesHint')} {...form.getInputProps('therapyTypes')}>
          <Group gap="md" mt={6}>
            {THERAPY_TYPES.map((x) => (
              <Checkbox key={x} value={x} label={therapyTypeLabel(x, t)} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group grow gap="md" align="flex-start">
          <NumberInput label={t('resources.form.ageMin')} min={0} max={25} allowDecimal={false} {...form.getInputProps('ageMin')} />
          <NumberInput label={t('resources.form.ageMax')} min={0} max={25} allowDecimal={false} {...form.getInputProps('ageMax')} />
        </Group>
        <TagsInput label={t('resources.form.tags')} description={t('resources.form.tagsHint')} maxTags={12} {...form.getInputProps('tags')} />
        <FormActions submit={resource ? t('resources.form.save') : t('resources.form.add')} pending={pending || progress !== null} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
