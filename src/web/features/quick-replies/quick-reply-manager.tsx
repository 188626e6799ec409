import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconMessage2Bolt, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ConfirmModal } from '../../components/confirm-modal.tsx';
import { EmptyState } from '../../components/empty-state.tsx';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { FormActions } from '../../components/form-actions.tsx';
import { Loading } from '../../components/loading.tsx';
import { toast } from '../../lib/toast.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { LOCALES, dirOf, localeOf, type Locale } from '../../../contract/locales.ts';
import { LanguagesField, useLanguageName } from '../../components/languages-field.tsx';
import { basePath, quickRepliesQuery, quickReplyKeys, titleIn, type QuickReply, type QuickReplyInput, type QuickReplyScope } from './quick-replies-api.ts';

type PerLanguage = { [L in Locale]?: string | undefined };

interface FormValues {
  [key: string]: unknown;
  title: PerLanguage;
  text: PerLanguage;
}

/** The languages a reply is written in, in the app's order. */
const languagesOf = (text: PerLanguage): Locale[] => LOCALES.filter((l) => text[l] !== undefined);
/** The words given, trimmed, in these languages; an empty short name is left out. */
const trimmed = (values: PerLanguage, languages: readonly Locale[], keepEmpty: boolean): PerLanguage =>
  Object.fromEntries(languages.flatMap((l) => {
    const v = (values[l] ?? '').trim();
    return v || keepEmpty ? [[l, v]] : [];
  }));

function QuickReplyForm({ scope, editing, onDone }: { scope: QuickReplyScope; editing: QuickReply | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const languageName = useLanguageName();
  const queryClient = useQueryClient();
  const started: Locale[] = editing ? languagesOf(editing.text) : [localeOf(i18n.language)];
  const form = useForm<FormValues>({
    initialValues: {
      title: Object.fromEntries(started.map((l) => [l, editing?.title[l] ?? ''])),
      text: Object.fromEntries(started.map((l) => [l, editing?.text[l] ?? ''])),
    },
    validate: (values) => Object.fromEntries(languagesOf(values.text).flatMap((l) =>
      (values.text[l] ?? '').trim() === '' ? [[`text.${l}`, t('quickReplies.form.needText', { language: languageName(l) })]] : [])),
  });
  const languages = languagesOf(form.getValues().text);
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (body: QuickReplyInput) =>
      editing
        ? api<QuickReply>(`${basePath(scope)}/${encodeURIComponent(editing.id)}`, { method: 'PUT', body })
        : api<QuickReply>(basePath(scope), { method: 'POST', body, idempotencyKey: crypto.randomUUID() }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: quickReplyKeys.usable });
      await queryClient.invalidateQueries({ queryKey: quickReplyKeys.templates });
      toast(scope === 'clinic' ? (editing ? t('quickReplies.templateSaved') : t('quickReplies.templateAdded')) : editing ? t('quickReplies.saved') : t('quickReplies.added'));
      onDone();
    },
    onError: serverError.onError,
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((v) => {
        serverError.clear();
        const written = languagesOf(v.text);
        mutation.mutate({ title: trimmed(v.title, written, false), text: trimmed(v.text, written, true) });
      })}
    >
      <Stack gap="md">
        <ErrorAlert error={serverError.error} />
        <Text size="sm" c="dimmed">
          {t('quickReplies.form.hint')}
        </Text>
        <LanguagesField
          value={languages}
          onAdd={(lang) => {
            form.setFieldValue(`title.${lang}`, '');
            form.setFieldValue(`text.${lang}`, '');
          }}
          onRemove={(lang) => {
            const v = form.getValues();
            const keep = languagesOf(v.text).filter((l) => l !== lang);
            form.setValues({ title: trimmed(v.title, keep, true), text: trimmed(v.text, keep, true) });
            form.clearErrors();
          }}
          written={(lang) => (form.getValues().text[lang] ?? '').trim() !== '' || (form.getValues().title[lang] ?? '').trim() !== ''}
        />
        <SimpleGrid cols={{ base: 1, sm: Math.min(languages.length, 2) }} spacing="lg">
          {languages.map((lang) => (
            <fieldset key={lang} className="plan-fieldset">
              <legend>
                <Text component="span" fw={650} tt="capitalize">{languageName(lang)}</Text>
              </legend>
              <Stack gap="sm">
                <TextInput label={t('quickReplies.form.title')} description={t('quickReplies.form.titleHint')} maxLength={80} lang={lang} dir={dirOf(lang)} {...form.getInputProps(`title.${lang}`)} />
                <Textarea label={t('quickReplies.form.text')} autosize minRows={4} maxRows={12} maxLength={2000} lang={lang} dir={dirOf(lang)} withAsterisk {...form.getInputProps(`text.${lang}`)} />
              </Stack>
            </fieldset>
          ))}
        </SimpleGrid>
        <FormActions submit={editing ? t('common.saveChanges') : scope === 'clinic' ? t('quickReplies.addTemplate') : t('quickReplies.add')} pending={mutation.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}

/**
 * A list of quick replies with add, edit and delete: a clinician's own ('mine', with the clinic's
 * templates shown read-only beside them) or the clinic's templates ('clinic', for its admins).
 */
export function QuickReplyManager({ scope }: { scope: QuickReplyScope }) {
  const { t, i18n } = useTranslation();
  const languageName = useLanguageName();
  const lang = localeOf(i18n.language);
  const queryClient = useQueryClient();
  const query = useQuery(quickRepliesQuery(scope));
  const [editing, setEditing] = useState<QuickReply | 'new' | null>(null);
  const [deleting, setDeleting] = useState<QuickReply | null>(null);
  const remove = useMutation({
    mutationFn: (q: QuickReply) => api(`${basePath(scope)}/${encodeURIComponent(q.id)}`, { method: 'DELETE' }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: quickReplyKeys.usable });
      await queryClient.invalidateQueries({ queryKey: quickReplyKeys.templates });
      setDeleting(null);
      toast(scope === 'clinic' ? t('quickReplies.templateDeleted') : t('quickReplies.deleted'));
    },
  });
  const items = query.data?.quickReplies ?? [];
  const own = items.filter((q) => q.editable);
  const clinic = scope === 'mine' ? items.filter((q) => !q.editable) : [];
  const title = scope === 'mine' ? t('quickReplies.mineTitle') : t('quickReplies.templatesTitle');

  const card = (q: QuickReply) => (
    <Paper key={q.id} withBorder radius="lg" p="md" component="li">
      <Stack gap="xs">
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Text fw={650}>{titleIn(q, lang)}</Text>
          {q.editable ? (
            <Group gap="xs">
              <Button variant="subtle" size="compact-sm" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(q)} aria-label={t('quickReplies.editNamed', { title: titleIn(q, lang) })}>
                {t('quickReplies.edit')}
              </Button>
              <Button variant="subtle" color="red" size="compact-sm" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(q)} aria-label={t('quickReplies.deleteNamed', { title: titleIn(q, lang) })}>
                {t('quickReplies.delete')}
              </Button>
            </Group>
          ) : (
            <Badge variant="light" color="gray">
              {t('quickReplies.clinicBadge')}
            </Badge>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {languagesOf(q.text).map((l) => (
            <Stack key={l} gap={2}>
              <Text size="xs" c="dimmed" fw={600} tt="capitalize">
                {languageName(l)}
              </Text>
              <Text size="sm" lang={l} dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                {q.text[l]}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
      </Stack>
    </Paper>
  );

  return (
    <Stack gap="lg">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Title order={2}>{title}</Title>
        <Button className="quick-reply-add" leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setEditing('new')}>
          {scope === 'clinic' ? t('quickReplies.addTemplate') : t('quickReplies.add')}
        </Button>
      </Group>
      <Text c="dimmed" maw={720}>
        {scope === 'mine' ? t('quickReplies.mineLead') : t('quickReplies.templatesLead')}
      </Text>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} /> : null}
      {query.data && own.length === 0 ? (
        <EmptyState order={3} icon={<IconMessage2Bolt size={28} aria-hidden />} title={scope === 'clinic' ? t('quickReplies.templatesEmptyTitle') : t('quickReplies.emptyTitle')} description={scope === 'clinic' ? t('quickReplies.templatesEmptyBody') : t('quickReplies.emptyBody')} />
      ) : null}
      {own.length > 0 ? (
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={title}>
          {own.map(card)}
        </Stack>
      ) : null}
      {clinic.length > 0 ? (
        <Stack gap="sm">
          <Title order={3}>{t('quickReplies.clinicTitle')}</Title>
          <Stack component="ul" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('quickReplies.clinicTitle')}>
            {clinic.map(card)}
          </Stack>
        </Stack>
      ) : null}
      <AppModal opened={editing !== null} onClose={() => setEditing(null)} title={scope === 'clinic' ? (editing === 'new' ? t('quickReplies.addTemplateTitle') : t('quickReplies.editTemplateTitle')) : editing === 'new' ? t('quickReplies.addTitle') : t('quickReplies.editTitle')} size="xl">
        {editing !== null ? <QuickReplyForm scope={scope} editing={editing === 'new' ? null : editing} onDone={() => setEditing(null)} /> : null}
      </AppModal>
      <ConfirmModal
        opened={deleting !== null}
        title={scope === 'clinic' ? t('quickReplies.deleteTemplateTitle') : t('quickReplies.deleteTitle')}
        body={deleting ? t('quickReplies.deleteBody', { title: titleIn(deleting, lang) }) : ''}
        cancelLabel={t('common.cancel')}
        confirmLabel={t('quickReplies.delete')}
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
      />
    </Stack>
  );
}
