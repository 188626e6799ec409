import { Alert } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../lib/errors.ts';

interface ErrorAlertProps {
  error: unknown;
  title?: string;
}

/** A general error above a form or in place of content; role="alert" so it is announced. */
export function ErrorAlert({ error, title }: ErrorAlertProps) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden />} title={title ?? t('errors.title')} role="alert">
      {errorMessage(error, t)}
    </Alert>
  );
}
