import { Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { IconNews } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state.tsx';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import { myNewslettersQuery } from '../features/newsletters/newsletters.api.ts';
import { contentWords } from '../features/translation/content-text.tsx';
import { formatDateTime } from '../lib/format.ts';

/** The newsletters a family got from the clinic, newest first, unread ones marked. */
export function NewslettersPage() {
  const { t } = useTranslation();
  const query = useQuery(myNewslettersQuery);
  return (
    <Page title={t('newsletters.title')} description={t('newsletters.lead')}>
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data && query.data.newsletters.length === 0 ? (
        <EmptyState icon={<IconNews size={28} aria-hidden />} title={t('newsletters.emptyTitle')} description={t('newsletters.emptyBody')} />
      ) : null}
      {query.data && query.data.newsletters.length > 0 ? (
        <Stack gap="sm" component="ul" className="plain-list" aria-label={t('newsletters.title')}>
          {query.data.newsletters.map((n) => {
            const title = contentWords(n.translation, 'title', n.title);
            return (
              <li key={n.id}>
                <Paper withBorder radius="lg" p="md" className="newsletter-row">
                  <Group justify="space-between" wrap="nowrap" gap="md">
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Link to="/newsletters/$newsletterId" params={{ newsletterId: n.id }} className="text-link newsletter-link" lang={title.lang} dir="auto">
                        {title.text}
                      </Link>
                      <Text size="sm" c="dimmed">
                        {t('newsletters.from', { clinic: n.clinic, when: formatDateTime(n.sentAt) })}
                      </Text>
                    </Stack>
                    {n.read ? null : (
                      <Badge color="care" variant="filled" style={{ flexShrink: 0 }}>
                        {t('newsletters.new')}
                      </Badge>
                    )}
                  </Group>
                </Paper>
              </li>
            );
          })}
        </Stack>
      ) : null}
    </Page>
  );
}
