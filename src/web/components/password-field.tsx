import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';

/** A password box whose show/hide button speaks the reader's language. */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return (
    <PasswordInput
      visibilityToggleButtonProps={{ 'aria-label': t('password.toggle') }}
      {...props}
    />
  );
}

/** A new password: 8 characters at least, 15 or more recommended, no other rules. */
export function NewPasswordField(props: PasswordInputProps) {
  const { t } = useTranslation();
  return <PasswordField autoComplete="new-password" description={t('password.hint')} {...props} />;
}

export function validateNewPassword(value: string, t: TFunction): string | null {
  return value.length >= 8 ? null : t('password.tooShort');
}
