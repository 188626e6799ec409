import { Badge, Button, Group, Paper, Stack, Tabs, Text } from '@mantine/core';
import { IconClipboardList, IconCopy, IconEye, IconPencil, IconPlus } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import { Written } from '../components/written.tsx';
import {
  checkinKeys, copyForm, createForm, formQuery, formsQuery, inLocale, updateForm, type CheckinForm, type FormDefinition,
} from '../features/checkins/checkins.api.ts';
import { blankForm, FormEditor } from '../features/checkins/form-editor.tsx';
import { FormPreview } from '../features/checkins/form-preview.tsx';
import { currentLocale } from '../i18n.ts';
import { toast } from '../lib/toast.ts';

// The clinic's check-in forms: CareTeam's starter set (read-only, copied to be edited) and the
// clinic's own, each opened in the editor with a preview of what the respondent sees.

function useCopy() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: copyForm,
    onSuccess: async (copy) => {
      await queryClient.invalidateQueries({ queryKey: checkinKeys.forms });
      toast(t('checkinForms.copied'));
      await navigate({ to: '/checkin-forms/$formId', params: { formId: copy.id } });
    },
  });
}

function FormRow({ form }: { form: CheckinForm }) {
  const { t } = useTranslation();
  const copy = useCopy();
  const title = inLocale(form.definition.title);
  const starter = form.starterKey !== null;
  return (
    <Paper withBorder radius="lg" p="md" component="li">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 240px', minWidth: 0 }}>
          <Text fw={650} style={{ overflowWrap: 'anywhere' }}><Written text={form.definition.title} /></Text>
          <Group gap={6}>
            <Badge variant="light" radius="sm" color={starter ? 'care' : 'grape'}>{starter ? t('checkinForms.starter') : t('checkinForms.own')}</Badge>
            <Text size="sm" c="dimmed">{t('checkinForms.summary', { count: form.definition.items.length, who: t(`checkinForms.respondent.${form.definition.respondent}`) })}</Text>
          </Group>
        </Stack>
        <Group gap="xs">
          <Button renderRoot={(props) => <Link {...props} to="/checkin-forms/$formId" params={{ formId: form.id }} />} size="xs" variant="light"
            leftSection={starter ? <IconEye size={16} aria-hidden /> : <IconPencil size={16} aria-hidden />}
            aria-label={t(starter ? 'checkinForms.previewLabel' : 'checkinForms.editLabel', { title })}>
            {starter ? t('checkinForms.preview.tab') : t('checkinForms.edit')}
          </Button>
          {starter ? (
            <Button size="xs" variant="light" leftSection={<IconCopy size={16} aria-hidden />} loading={copy.isPending} onClick={() => copy.mutate(form.id)} aria-label={t('checkinForms.copyLabel', { title })}>
              {t('checkinForms.copy')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <ErrorAlert error={copy.error} />
    </Paper>
  );
}

export function CheckinFormsPage() {
  const { t } = useTranslation();
  const query = useQuery(formsQuery);
  const forms = query.data?.forms ?? [];
  const own = forms.filter((f) => f.starterKey === null);
  const starters = forms.filter((f) => f.starterKey !== null);
  return (
    <Page
      title={t('checkinForms.title')}
      description={t('checkinForms.lead')}
      actions={<Button component={Link} to="/checkin-forms/new" leftSection={<IconPlus size={18} aria-hidden />}>{t('checkinForms.new')}</Button>}
    >
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data ? (
        <>
          <Stack gap="sm" component="section" aria-labelledby="own-forms">
            <Text component="h2" id="own-forms" fw={700} size="lg">{t('checkinForms.ownTitle')}</Text>
            {own.length === 0 ? (
              <EmptyState icon={<IconClipboardList aria-hidden />} title={t('checkinForms.noneTitle')} description={t('checkinForms.none')} order={3} />
            ) : (
              <Stack gap="sm" component="ul" className="plain-list">{own.map((f) => <FormRow key={f.id} form={f} />)}</Stack>
            )}
          </Stack>
          <Stack gap="sm" component="section" aria-labelledby="starter-forms">
            <Text component="h2" id="starter-forms" fw={700} size="lg">{t('checkinForms.startersTitle')}</Text>
            <Text size="sm" c="dimmed">{t('checkinForms.startersLead')}</Text>
            <Stack gap="sm" component="ul" className="plain-list">{starters.map((f) => <FormRow key={f.id} form={f} />)}</Stack>
          </Stack>
        </>
      ) : null}
    </Page>
  );
}

/** The editor and its preview; the preview shows what is in the editor now, saved or not. */
function EditAndPreview({ title, initial, answered, answeredOptions, save }: {
  title: string; initial: FormDefinition; answered: string[]; answeredOptions: Record<string, string[]>; save: (def: FormDefinition) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(initial);
  return (
    <Page title={title} description={t('checkinForms.editor.lead')}>
      <Tabs defaultValue="edit">
        <Tabs.List>
          <Tabs.Tab value="edit" leftSection={<IconPencil size={16} aria-hidden />}>{t('checkinForms.editor.tab')}</Tabs.Tab>
          <Tabs.Tab value="preview" leftSection={<IconEye size={16} aria-hidden />}>{t('checkinForms.preview.tab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="edit" pt="lg">
          <FormEditor initial={initial} answered={answered} answeredOptions={answeredOptions} onSave={save} onChange={setDraft} />
        </Tabs.Panel>
        <Tabs.Panel value="preview" pt="lg">
          <FormPreview def={draft} />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

export function NewCheckinFormPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (
    <EditAndPreview
      title={t('checkinForms.newTitle')}
      initial={blankForm(currentLocale())}
      answered={[]}
      answeredOptions={{}}
      save={async (def) => {
        const made = await createForm(def);
        await queryClient.invalidateQueries({ queryKey: checkinKeys.forms });
        toast(t('checkinForms.saved'));
        await navigate({ to: '/checkin-forms/$formId', params: { formId: made.id } });
      }}
    />
  );
}

export function CheckinFormPage() {
  const { t } = useTranslation();
  const { formId } = useParams({ from: '/signed-in/checkin-forms/$formId' });
  const queryClient = useQueryClient();
  const query = useQuery(formQuery(formId));
  const copy = useCopy();
  const form = query.data;
  if (query.isPending) return <Loading />;
  if (!form) return <ErrorAlert error={query.error} />;
  const title = inLocale(form.definition.title);
  if (!form.editable) {
    return (
      <Page
        title={title}
        description={t('checkinForms.readOnly')}
        actions={<Button leftSection={<IconCopy size={18} aria-hidden />} loading={copy.isPending} onClick={() => copy.mutate(form.id)}>{t('checkinForms.copy')}</Button>}
      >
        <ErrorAlert error={copy.error} />
        <FormPreview def={form.definition} />
      </Page>
    );
  }
  return (
    <EditAndPreview
      key={form.id}
      title={t('checkinForms.editTitle', { title })}
      initial={form.definition}
      answered={form.answeredItems}
      answeredOptions={form.answeredOptions}
      save={async (def) => {
        const saved = await updateForm(form.id, def);
        queryClient.setQueryData(checkinKeys.form(form.id), saved);
        await queryClient.invalidateQueries({ queryKey: checkinKeys.forms, exact: true });
        toast(t('checkinForms.saved'));
      }}
    />
  );
}
