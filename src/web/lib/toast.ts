import { notifications } from '@mantine/notifications';
import { i18n } from '../i18n.ts';

/** A short confirmation that something worked (or, with color red, did not). */
export function toast(message: string, options: { title?: string; color?: 'care' | 'red' } = {}): void {
  notifications.show({
    message,
    color: options.color ?? 'care',
    ...(options.title ? { title: options.title } : {}),
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}
