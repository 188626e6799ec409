import {
  Badge, Button, FileInput, Group, NativeSelect, Paper, Radio, Stack, Text, TextInput, Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconNews, IconPhoto, IconPlus, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cliniciansQuery } from '../api/queries.ts';
import type { TherapyType } from '../api/types.ts';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import {
  adminNewslettersQuery, createNewsletter, deleteNewsletter, newsletterKeys, previewNewsletter, sendNewsletter, uploadNewsletterPicture,
  type AdminNewsletter, type NewsletterAudience,
} from '../features/newsletters/newsletters.api.ts';
import { AudiencePicker } from '../features/newsletters/audience-picker.tsx';
import { MarkdownEditor } from '../features/newsletters/markdown-editor.tsx';
import { TranslationsButton } from '../features/translation/content-translation.tsx';
import { formatDateTime, formatNumber } from '../lib/format.ts';
import { therapyTypeLabel } from '../lib/roles.ts';
import { toast } from '../lib/toast.ts';
import { useServerError } from '../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../lib/validate.ts';
import { useMe } from './authed-layout.tsx';

function audienceLabel(n: AdminNewsletter, t: TFunction): string {
  switch (n.audience.kind) {
    case 'all':
      return t('newsletters.admin.audienceAll');
    case 'therapist':
      return t('newsletters.admin.audienceOf', { name: n.audienceTherapist ?? '' });
    case 'therapy_type':
      return t('newsletters.admin.audienceType', { type: therapyTypeLabel(n.audience.therapyType, t) });
  }
}

const isSending = (n: AdminNewsletter) => n.status === 'scheduled' && n.sendAt !== null && new Date(n.sendAt).getTime() <= Date.now();

export function AdminNewslettersTab() {
  const { t } = useTranslation();
  const query = useQuery({
    ...adminNewslettersQuery,
    // A newsletter whose time has come is being sent by the server: look again until it is.
    refetchInterval: (q) => (q.state.data?.newsletters.some(isSending) ? 2000 : false),
  });
  const [composing, setComposing] = useState(false);
  const write = (
    <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={() => setComposing(true)}>
      {t('newsletters.admin.write')}
    </Button>
  );
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="center">
        <Title order={2}>{t('newsletters.admin.title')}</Title>
        {composing ? null : write}
      </Group>
      {composing ? <ComposeForm onDone={() => setComposing(false)} /> : null}
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data && query.data.newsletters.length === 0 && !composing ? (
        <EmptyState icon={<IconNews size={28} aria-hidden />} title={t('newsletters.admin.emptyTitle')} description={t('newsletters.admin.emptyBody')} action={write} />
      ) : null}
      {query.data && query.data.newsletters.length > 0 ? (
        <Stack gap="sm" component="ul" className="plain-list" aria-label={t('newsletters.admin.title')}>
          {query.data.newsletters.map((n) => (
            <li key={n.id}>
              <NewsletterRow n={n} />
            </li>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}

function NewsletterRow({ n }: { n: AdminNewsletter }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteNewsletter(n.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: newsletterKeys.admin });
      toast(t('newsletters.admin.deleted'));
    },
  });
  return (
    <Paper withBorder radius="lg" p="md" data-testid="newsletter-row">
      <Stack gap={6}>
        <Group justify="space-between" gap="sm" wrap="wrap">
          <Text fw={650} component="h3" size="lg" m={0}>
            {n.title}
          </Text>
          {n.status === 'sent' ? (
            <Badge color="care" variant="light">{t('newsletters.admin.statusSent')}</Badge>
          ) : isSending(n) ? (
            <Badge color="blue" variant="light">{t('newsletters.admin.statusSending')}</Badge>
          ) : n.status === 'scheduled' ? (
            <Badge color="blue" variant="light">{t('newsletters.admin.statusScheduled')}</Badge>
          ) : (
            <Badge color="gray" variant="light">{t('newsletters.admin.statusDraft')}</Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          {audienceLabel(n, t)}
          {' · '}
          {n.status === 'sent' && n.sentAt
            ? t('newsletters.admin.sentAt', { when: formatDateTime(n.sentAt) })
            : n.status === 'scheduled' && n.sendAt
              ? t('newsletters.admin.sendsAt', { when: formatDateTime(n.sendAt) })
              : t('newsletters.admin.notSent')}
        </Text>
        {n.status === 'sent' ? (
          <Text size="sm" fw={500} data-testid="newsletter-counts">
            {t('newsletters.admin.counts', { recipients: n.counts.recipients, emailed: formatNumber(n.counts.emailed), opened: formatNumber(n.counts.opened) })}
          </Text>
        ) : (
          <Group>
            <Button size="xs" variant="default" color="red" loading={remove.isPending} onClick={() => remove.mutate()} aria-label={t('newsletters.admin.deleteFor', { title: n.title })}>
              {n.status === 'scheduled' ? t('newsletters.admin.cancelSchedule') : t('newsletters.admin.delete')}
            </Button>
          </Group>
        )}
        <Group>
          <TranslationsButton childId={null} type="newsletter" id={n.id} title={n.title} refresh={newsletterKeys.admin} />
        </Group>
        <ErrorAlert error={remove.error} />
      </Stack>
    </Paper>
  );
}

interface ComposeValues {
  [key: string]: unknown;
  title: string;
  body: string;
  audience: 'all' | 'therapist' | 'therapy_type';
  therapistId: string;
  therapyType: TherapyType;
  when: 'now' | 'later';
  at: string;
}

function ComposeForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const clinicians = useQuery(cliniciansQuery);
  const therapists = (clinicians.data?.clinicians ?? []).filter((c) => c.role === 'therapist');
  const [picture, setPicture] = useState<File | null>(null);
  const [tab, setTab] = useState<string | null>('write');
  const form = useForm<ComposeValues>({
    initialValues: { title: '', body: '', audience: 'all', therapistId: '', therapyType: 'speech', when: 'now', at: '' },
    validate: {
      title: required(t),
      body: required(t),
      therapistId: (v, all) => (all.audience === 'therapist' && !v ? t('newsletters.admin.chooseTherapist') : null),
      at: (v, all) => (all.when === 'later' && (!v || new Date(v).getTime() <= Date.now()) ? t('newsletters.admin.chooseTime') : null),
    },
  });
  const values = form.getValues();
  const audience: NewsletterAudience | null = values.audience === 'all'
    ? { kind: 'all' }
    : values.audience === 'therapist'
      ? (values.therapistId ? { kind: 'therapist', therapistId: values.therapistId } : null)
      : { kind: 'therapy_type', therapyType: values.therapyType };
  const [debounced] = useDebouncedValue({ body: tab === 'preview' ? values.body : '', audience }, 300);
  const preview = useQuery({
    queryKey: ['admin', 'newsletters', 'preview', debounced],
    queryFn: () => (debounced.audience ? previewNewsletter(debounced.body, debounced.audience) : Promise.resolve(null)),
  });
  const serverError = useServerError(form, ['title', 'body', 'at']);
  const send = useMutation({
    mutationFn: async (v: ComposeValues) => {
      if (!audience) throw new Error('audience');
      const created = await createNewsletter({ title: v.title.trim(), body: v.body, audience });
      if (picture) await uploadNewsletterPicture(created.id, picture, me.csrfToken);
      return sendNewsletter(created.id, v.when === 'now' ? null : new Date(v.at).toISOString());
    },
    onSuccess: async (n) => {
      await queryClient.invalidateQueries({ queryKey: newsletterKeys.admin });
      toast(n.status === 'scheduled' && n.sendAt ? t('newsletters.admin.scheduled', { when: formatDateTime(n.sendAt) }) : t('newsletters.admin.sent'));
      onDone();
    },
    onError: async (error) => {
      // A draft may exist already (the picture or the sending failed): the list shows it.
      await queryClient.invalidateQueries({ queryKey: newsletterKeys.admin });
      serverError.onError(error);
    },
  });
  const count = preview.data?.recipients;
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} component="section" aria-labelledby="compose-title">
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          serverError.clear();
          send.mutate(v);
        }, focusFirstInvalid)}
      >
        <Stack gap="md">
          <Title order={3} id="compose-title">
            {t('newsletters.admin.composeTitle')}
          </Title>
          <ErrorAlert error={serverError.error} />
          <TextInput label={t('newsletters.admin.titleLabel')} required maxLength={200} {...form.getInputProps('title')} />
          <MarkdownEditor
            label={t('newsletters.admin.bodyLabel')}
            minRows={8}
            inputProps={form.getInputProps('body')}
            value={values.body}
            tab={tab}
            onTabChange={setTab}
            preview={preview.data}
            previewLoading={preview.isFetching}
            previewTestId="newsletter-preview"
          />
          <FileInput
            label={t('newsletters.admin.picture')}
            description={t('newsletters.admin.pictureHint')}
            accept="image/png,image/jpeg,image/webp"
            leftSection={<IconPhoto size={18} aria-hidden />}
            clearable
            clearButtonProps={{ 'aria-label': t('newsletters.admin.pictureRemove') }}
            value={picture}
            onChange={setPicture}
          />
          <AudiencePicker
            label={t('newsletters.admin.audience')}
            options={[
              { value: 'all', label: t('newsletters.admin.audienceAll') },
              { value: 'therapist', label: t('newsletters.admin.audienceTherapist') },
              { value: 'therapy_type', label: t('newsletters.admin.audienceTherapyType') },
            ]}
            chosen={values.audience}
            kindProps={form.getInputProps('audience')}
            therapyTypeProps={form.getInputProps('therapyType')}
            recipients={count === undefined ? '' : t('newsletters.admin.recipients', { count })}
            testId="newsletter-recipients"
          >
            {values.audience === 'therapist' ? (
              <NativeSelect
                label={t('newsletters.admin.therapist')}
                maw={360}
                data={[{ value: '', label: t('newsletters.admin.chooseTherapist') }, ...therapists.map((c) => ({ value: c.userId, label: c.name }))]}
                {...form.getInputProps('therapistId')}
              />
            ) : null}
          </AudiencePicker>
          <Radio.Group label={t('newsletters.admin.when')} {...form.getInputProps('when')}>
            <Stack gap="xs" mt="xs">
              <Radio value="now" label={t('newsletters.admin.now')} />
              <Radio value="later" label={t('newsletters.admin.later')} />
            </Stack>
          </Radio.Group>
          {values.when === 'later' ? (
            <TextInput type="datetime-local" label={t('newsletters.admin.at')} maw={280} required {...form.getInputProps('at')} />
          ) : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onDone}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" leftSection={<IconSend size={18} aria-hidden className="flip-rtl" />} loading={send.isPending}>
              {values.when === 'now' ? t('newsletters.admin.sendNow') : t('newsletters.admin.schedule')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
