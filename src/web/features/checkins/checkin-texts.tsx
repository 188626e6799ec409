import { Badge, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatDate } from '../../lib/format.ts';
import { inLocale, textsQuery } from './checkins.api.ts';
import { Written } from '../../components/written.tsx';

/** "Since last session": what the family and the school wrote in their check-ins, each under its question. */
export function CheckinTextList({ childId, from, name }: { childId: string; from: string; name: string }) {
  const { t } = useTranslation();
  const query = useQuery(textsQuery(childId, from));
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} />;
  const texts = query.data.texts;
  if (texts.length === 0) return <Text c="dimmed">{t('checkins.since.none', { name })}</Text>;
  return (
    <Stack gap="md" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="checkin-texts">
      {texts.map((x) => (
        <li key={`${x.responseId}:${inLocale(x.question)}`}>
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={650}><Written text={x.question} /></Text>
            {x.privacy === 'clinicians' ? <Badge size="sm" variant="light" color="grape">{t('checkins.privacy.clinicians')}</Badge> : null}
          </Group>
          <Text className="prewrap" dir="auto">{x.text}</Text>
          <Text size="sm" c="dimmed">{t('checkins.since.by', { who: x.who, title: inLocale(x.title), date: formatDate(x.date) })}</Text>
        </li>
      ))}
    </Stack>
  );
}
