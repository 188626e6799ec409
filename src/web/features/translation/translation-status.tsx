import { Badge, Button, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { translationStatusQuery } from '../../api/queries.ts';
import type { TranslationStatus } from '../../api/types.ts';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { currentLocale } from '../../i18n.ts';
import { formatDateTime, listFormat } from '../../lib/format.ts';

const STATE_COLORS: Record<TranslationStatus['state'], string> = { not_configured: 'gray', working: 'care', failing: 'red' };

/** A language code from the translation server, named in the reader's language when it can be. */
function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([currentLocale()], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

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
      </Stack>
    </Paper>
  );
}

function StatusText({ status }: { status: TranslationStatus }) {
  const { t } = useTranslation();
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
        </>
      );
    case 'working': {
      const languages = status.languages ?? [];
      return (
        <>
          <Text {...wrap}>{t('settings.translation.working', { url })}</Text>
          <Text size="sm">{t('settings.translation.workingLanguages', { count: languages.length, languages: listFormat(languages.map(languageName)) })}</Text>
        </>
      );
    }
    case 'failing': {
      const error = status.error ?? 'unreachable';
      const reason = t(`settings.translation.reasons.${error}`, { status: status.httpStatus ?? '' });
      return (
        <>
          <Text {...wrap}>{t('settings.translation.failing', { url, reason })}</Text>
          <Text size="sm" {...wrap}>
            {t(`settings.translation.todo.${error}`)}
          </Text>
          <Text size="sm">{t('settings.translation.failingMeanwhile')}</Text>
        </>
      );
    }
  }
}
