import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconClipboardCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format.ts';
import { inLocale, openCheckinsQuery, useRefreshCheckinsOnSent } from './checkins.api.ts';

/** On Today: the check-ins waiting for this person, each a tap away. */
export function OpenCheckins() {
  const { t } = useTranslation();
  const query = useQuery(openCheckinsQuery);
  useRefreshCheckinsOnSent();
  const open = query.data?.checkins ?? [];
  if (open.length === 0) return null;
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="today-checkins">
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          <IconClipboardCheck size={24} aria-hidden style={{ flexShrink: 0 }} />
          <Title order={2} size="h4" id="today-checkins">{t('checkins.today.title', { count: open.length })}</Title>
        </Group>
        {open.map((c) => (
          <Group key={`${c.assignmentId}:${c.occurrence}`} justify="space-between" gap="sm" wrap="wrap">
            <div>
              <Text fw={600}>{t('checkins.today.item', { title: inLocale(c.title), name: c.childName })}</Text>
              <Text size="sm" c="dimmed">
                {c.status === 'draft' ? t('checkins.today.draft') : t('checkins.today.due', { date: formatDate(c.dueDate) })}
              </Text>
            </div>
            <Button
              renderRoot={(props) => (
                <Link {...props} to="/children/$childId/checkins/$assignmentId/$occurrence" params={{ childId: c.childId, assignmentId: c.assignmentId, occurrence: c.occurrence }} />
              )}
              aria-label={t('checkins.today.answerLabel', { title: inLocale(c.title), name: c.childName })}
            >
              {c.status === 'draft' ? t('checkins.today.continue') : t('checkins.today.answer')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}
