import type { TFunction } from 'i18next';

// Client-side checks mirror the contract so most mistakes are caught before a round trip.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/u;

export const required = (t: TFunction) => (value: unknown) =>
  typeof value === 'string' && value.trim() !== '' ? null : t('validation.required');

export const isEmail = (t: TFunction) => (value: string) =>
  value.trim() === '' ? t('validation.required') : EMAIL.test(value.trim()) ? null : t('validation.email');

/** After a failed check, put the cursor in the first field that needs attention. */
export function focusFirstInvalid(_errors: unknown, _values: unknown, event?: { currentTarget: EventTarget | null }): void {
  const form = event?.currentTarget;
  if (!(form instanceof HTMLFormElement)) return;
  requestAnimationFrame(() => {
    form.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"] input')?.focus();
  });
}
