import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  // The spinner is decoration; the words are what a screen reader hears.
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Loader aria-hidden />
      <span className="visually-hidden">{t('common.loading')}</span>
    </Center>
  );
}
