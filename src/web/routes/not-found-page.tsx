import { Button, Stack, Text, Title } from '@mantine/core';
import { IconMapSearch } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { DocumentTitle } from '../components/page.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack align="center" gap="md" py={48} ta="center" maw={520} mx="auto">
      <DocumentTitle title={t('notFound.title')} />
      <IconMapSearch size={56} stroke={1.4} aria-hidden color="var(--mantine-color-care-6)" />
      <Title order={1}>{t('notFound.title')}</Title>
      <Text c="dimmed">{t('notFound.body')}</Text>
      <Button component={Link} to="/">
        {t('notFound.home')}
      </Button>
    </Stack>
  );
}
