import { Badge, Button, Group, Loader, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconRefresh } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../../../contract/locales.ts';
import { api } from '../../api/client.ts';
import { translationStatusQuery } from '../../api/queries.ts';
import type { TranslationStatus, TryTranslation } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { currentLocale } from '../../i18n.ts';
import { formatDateTime, languageName, listFormat } from '../../lib/format.ts';
import { useServerError } from '../../lib/use-server-error.ts';
import { focusFirstInvalid, required } from '../../lib/validate.ts';

const STATE_COLORS: Record<TranslationStatus['state'], string> = { not_configured: 'gray', working: 'care', failing: 'red' };
type Failure = NonNullable<TranslationStatus['error']>;

/**
 * For a clinic's admins: whether messages are translated, from a check the server makes on each
 * request, in plain words with what to do. "Check again" asks for a new check.
 */
export function TranslationStatusCard() {
  const { t } = useTranslation();
  const query = useQuery(translationStatusQuery);
  const headingId = useId();
  const status = query.data;
  return (
    <Paper component="section" aria-labelledby={headingId} withBorder p={{ base: 'md', sm: 'xl' }} radius="lg" maw={720}>
      <Stack gap="md">
        <Title order={3} id={headingId}>
          {t('settings.translation.title')}
        </Title>
        {/* Announced when a check ends: the time of the check changes even when the state does not. */}
        <Stack gap="sm" role="status" aria-live="polite">
          {status ? (
            <>
              <Group gap="sm" wrap="wrap">
                <Badge color={STATE_COLORS[status.state]} variant="light" size="lg">
                  {t(`settings.translation.state.${status.state}`)}
                </Badge>
                <Text size="sm" c="dimmed">
                  {t('settings.translation.checkedAt', { time: formatDateTime(status.checkedAt) })}
                </Text>
              </Group>
              <StatusText status={status} />
              {status.unsupportedLanguages?.length ? <Text size="sm">{t('settings.translation.notOffered', { languages: listFormat(status.unsupportedLanguages.map(languageName)) })}</Text> : null}
              {status.provider ? <UsageText status={status} /> : null}
            </>
          ) : query.isPending ? (
            <Text size="sm">{t('settings.translation.checking')}</Text>
          ) : null}
        </Stack>
        {query.isError ? <ErrorAlert error={query.error} /> : null}
        <Group justify="flex-end">
          {/* Not disabled while checking, so keyboard focus stays on it. */}
          <Button
            variant="default"
            leftSection={query.isFetching ? <Loader size={16} aria-hidden /> : <IconRefresh size={18} aria-hidden />}
            aria-busy={query.isFetching}
            onClick={() => {
              if (!query.isFetching) void query.refetch();
            }}
          >
            {t('settings.translation.checkAgain')}
          </Button>
        </Group>
        {status?.provider ? <TrySentence /> : null}
      </Stack>
    </Paper>
  );
}

function useReason() {
  const { t } = useTranslation();
  return (error: Failure, httpStatus: number | undefined) => t(`settings.translation.reasons.${error}`, { status: httpStatus ?? '' });
}

/** The clinic's characters this month, the service's last failure and when it worked again after it. */
function UsageText({ status }: { status: TranslationStatus }) {
  const { t } = useTranslation();
  const reason = useReason();
  const last = status.lastError;
  return (
    <>
      <Text size="sm">{t('settings.translation.usage', { count: status.charactersThisMonth })}</Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {last ? t('settings.translation.lastError', { time: formatDateTime(last.at), reason: reason(last.error, last.httpStatus) }) : t('settings.translation.lastErrorNone')}
        {last?.recoveredAt ? ` ${t('settings.translation.recoveredAt', { time: formatDateTime(last.recoveredAt) })}` : null}
      </Text>
    </>
  );
}

/** An admin's own sentence through the service: what a family reading that language would see. */
function TrySentence() {
  const { t } = useTranslation();
  const reason = useReason();
  const queryClient = useQueryClient();
  const headingId = useId();
  const form = useForm({ initialValues: { text: '', target: LOCALES.find((l) => l !== currentLocale()) ?? 'es' }, validate: { text: required(t) } });
  const serverError = useServerError(form);
  const mutation = useMutation({
    mutationFn: (body: { text: string; target: string }) => api<TryTranslation>('/api/admin/translation/try', { method: 'POST', body }),
    // The count of characters (and maybe the last failure) changed.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: translationStatusQuery.queryKey }),
    onError: serverError.onError,
  });
  const result = mutation.data;
  const target = mutation.variables?.target ?? form.values.target;
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Title order={4} id={headingId}>
        {t('settings.translation.try.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('settings.translation.try.hint')}
      </Text>
      <form
        noValidate
        onSubmit={form.onSubmit((v) => {
          serverError.clear();
          mutation.mutate({ text: v.text.trim(), target: v.target });
        }, focusFirstInvalid)}
      >
        <Stack gap="sm">
          <ErrorAlert error={serverError.error} />
          <Textarea label={t('settings.translation.try.text')} required autosize minRows={2} maxLength={500} {...form.getInputProps('text')} />
          <Group align="flex-end" justify="space-between" wrap="wrap">
            <NativeSelect
              label={t('settings.translation.try.target')}
              data={LOCALES.map((l) => ({ value: l, label: languageName(l) }))}
              miw={200}
              {...form.getInputProps('target')}
            />
            <Button type="submit" loading={mutation.isPending}>
              {t('settings.translation.try.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
      <div role="status" aria-live="polite">
        {result?.ok ? (
          <Paper withBorder p="md" radius="md" bg="var(--mantine-color-body)">
            <Text size="sm" fw={600}>
              {t('settings.translation.try.result')}
            </Text>
            <Text lang={target} dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {result.text}
            </Text>
            {result.detectedLanguage ? (
              <Text size="sm" c="dimmed">
                {t('settings.translation.try.detected', { language: languageName(result.detectedLanguage) })}
              </Text>
            ) : null}
          </Paper>
        ) : result ? (
          <Text size="sm" c="red.8">
            {result.error === 'unsupported'
              ? t('settings.translation.try.unsupported', { language: languageName(target) })
              : result.error === 'not_configured'
                ? t('settings.translation.try.not_configured')
                : t('settings.translation.try.failed', { reason: reason(result.error, result.httpStatus) })}
          </Text>
        ) : null}
      </div>
    </Stack>
  );
}

function StatusText({ status }: { status: TranslationStatus }) {
  const { t } = useTranslation();
  const reasonText = useReason();
  const deepl = status.provider === 'deepl';
  const url = status.url ?? '';
  const wrap = { style: { overflowWrap: 'anywhere' as const } };
  switch (status.state) {
    case 'not_configured':
      return (
        <>
          <Text>{t('settings.translation.notConfigured')}</Text>
          <Text size="sm" {...wrap}>
            {t('settings.translation.notConfiguredTodo')}
          </Text>
          <Text size="sm" {...wrap}>
            {t('settings.translation.notConfiguredDeepl')}
          </Text>
        </>
      );
    case 'working': {
      const languages = status.languages ?? [];
      return (
        <>
          <Text {...wrap}>{t(deepl ? 'settings.translation.workingDeepl' : 'settings.translation.working', { url })}</Text>
          <Text size="sm">{t('settings.translation.workingLanguages', { count: languages.length, languages: listFormat(languages.map(languageName)) })}</Text>
        </>
      );
    }
    case 'failing': {
      const error = status.error ?? 'unreachable';
      const reason = reasonText(error, status.httpStatus);
      return (
        <>
          <Text {...wrap}>{t('settings.translation.failing', { url, reason })}</Text>
          <Text size="sm" {...wrap}>
            {deepl ? t(`settings.translation.todoDeepl.${error}`) : t(`settings.translation.todo.${error}`)}
          </Text>
          <Text size="sm">{t('settings.translation.failingMeanwhile')}</Text>
        </>
      );
    }
  }
}
