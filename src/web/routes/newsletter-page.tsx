import { Anchor, Image, Paper, Stack, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { Page } from '../components/page.tsx';
import { markRead, newsletterKeys, newsletterQuery } from '../features/newsletters/newsletters.api.ts';
import { useContentText } from '../features/translation/content-text.tsx';
import { formatDateTime } from '../lib/format.ts';

/** One newsletter, to read. Opening it (from the app or the email's link) counts as read. */
export function NewsletterPage() {
  const { t } = useTranslation();
  const { newsletterId } = useParams({ from: '/signed-in/newsletters/$newsletterId' });
  const queryClient = useQueryClient();
  const query = useQuery(newsletterQuery(newsletterId));
  const words = useContentText(query.data?.translation);
  const unread = query.data ? !query.data.read : false;
  useEffect(() => {
    if (!unread) return;
    void markRead(newsletterId).then(() => queryClient.invalidateQueries({ queryKey: newsletterKeys.mine }));
  }, [unread, newsletterId, queryClient]);

  const back = (
    <Anchor component={Link} to="/newsletters" fw={600}>
      <IconArrowLeft size={16} aria-hidden className="flip-rtl" style={{ verticalAlign: 'middle', marginInlineEnd: 4 }} />
      {t('newsletters.back')}
    </Anchor>
  );
  if (query.isPending) return <Loading />;
  if (!query.data) return <ErrorAlert error={query.error} />;
  const n = query.data;
  const title = words.text('title', n.title);
  return (
    <Page title={title} description={t('newsletters.from', { clinic: n.clinic, when: formatDateTime(n.sentAt) })}>
      {back}
      <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} maw={760}>
        <Stack gap="md">
          {n.hasImage ? (
            <Image src={`/api/newsletters/${encodeURIComponent(n.id)}/image`} alt={t('newsletters.pictureAlt', { title })} radius="md" mah={360} fit="contain" />
          ) : null}
          {/* Sanitised on the server: text formatting, lists, headings and links only. */}
          <div className="newsletter-body" id={words.id} lang={words.lang} dir="auto" dangerouslySetInnerHTML={{ __html: words.text('html', n.html) }} />
          {words.note}
        </Stack>
      </Paper>
      <Text size="sm" c="dimmed">
        {t('newsletters.optOut')}{' '}
        <Anchor component={Link} to="/account" hash="email" underline="always">
          {t('newsletters.optOutLink')}
        </Anchor>
      </Text>
    </Page>
  );
}
