import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, type FieldErrorTarget } from './errors.ts';

/**
 * Routes a failed submission: validation messages go under their fields, anything else becomes
 * the general error the form shows in an alert.
 */
export function useServerError(form: FieldErrorTarget, fields?: readonly string[]) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  return {
    error,
    onError: (e: unknown) => setError(applyServerErrors(form, e, fields, t('errors.fieldInvalid')) ? null : e),
    clear: () => setError(null),
  };
}
