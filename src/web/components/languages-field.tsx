import { ActionIcon, Button, Fieldset, Group, NativeSelect, Paper, Stack, Text } from '@mantine/core';
import { IconX } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOCALES, isLocale, type Locale } from '../../contract/locales.ts';
import { ConfirmModal } from './confirm-modal.tsx';

/** A language's name in the reader's language ("Arabic", "árabe"). */
export function useLanguageName(): (lang: Locale) => string {
  const { t } = useTranslation();
  return (lang) => t(`languagesField.names.${lang}`);
}

/**
 * Choosing a language to add: the phone's own list, then "Add" (moving through a closed list with
 * the arrow keys changes its value at once in some browsers: choosing alone adds nothing).
 */
export function AddLanguage({ label, languages, onAdd }: { label: string; languages: readonly Locale[]; onAdd: (lang: Locale) => void }) {
  const { t } = useTranslation();
  const name = useLanguageName();
  const [chosen, setChosen] = useState('');
  const add = () => {
    if (!isLocale(chosen)) return;
    onAdd(chosen);
    setChosen('');
  };
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <NativeSelect
        label={label}
        value={chosen}
        onChange={(e) => setChosen(e.currentTarget.value)}
        data={[{ value: '', label: t('languagesField.addPlaceholder') }, ...languages.map((l) => ({ value: l, label: name(l) }))]}
        style={{ flex: '1 1 auto', minWidth: 0, maxWidth: 320 }}
      />
      <Button variant="default" style={{ flex: 'none' }} disabled={!isLocale(chosen)} onClick={add}>{t('languagesField.addButton')}</Button>
    </Group>
  );
}

/**
 * The languages something a clinician writes is in (a check-in form, a quick reply), out of the
 * app's seven: each with a button to remove it (never the last one; asked first when it holds
 * words), and a list to add another. Each change is announced, so it works without seeing it.
 */
export function LanguagesField({ value, onAdd, onRemove, written }: {
  value: readonly Locale[];
  onAdd: (lang: Locale) => void;
  onRemove: (lang: Locale) => void;
  /** Whether anything is written in this language yet (removing it then asks first). */
  written: (lang: Locale) => boolean;
}) {
  const { t } = useTranslation();
  const name = useLanguageName();
  const [said, setSaid] = useState('');
  const [removing, setRemoving] = useState<Locale | null>(null);
  const remove = (lang: Locale) => {
    setRemoving(null);
    onRemove(lang);
    setSaid(t('languagesField.removed', { language: name(lang) }));
  };
  const others = LOCALES.filter((l) => !value.includes(l));
  return (
    <Fieldset legend={t('languagesField.legend')} radius="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">{t('languagesField.hint')}</Text>
        <Group gap="xs" component="ul" aria-label={t('languagesField.legend')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {value.map((lang) => (
            <Paper key={lang} component="li" withBorder radius="xl" py={2} ps="sm" pe={4}>
              <Group gap={4} wrap="nowrap">
                <Text size="sm" fw={600} tt="capitalize">{name(lang)}</Text>
                <ActionIcon
                  variant="subtle" color="gray" size="md" radius="xl"
                  disabled={value.length === 1}
                  aria-label={t('languagesField.remove', { language: name(lang) })}
                  onClick={() => (written(lang) ? setRemoving(lang) : remove(lang))}
                >
                  <IconX size={16} aria-hidden />
                </ActionIcon>
              </Group>
            </Paper>
          ))}
        </Group>
        {others.length > 0 ? (
          <AddLanguage
            label={t('languagesField.add')}
            languages={others}
            onAdd={(l) => {
              onAdd(l);
              setSaid(t('languagesField.added', { language: name(l) }));
            }}
          />
        ) : null}
        <div aria-live="polite" className="visually-hidden">{said}</div>
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        title={removing ? t('languagesField.confirmTitle', { language: name(removing) }) : ''}
        body={removing ? t('languagesField.confirmBody', { language: name(removing) }) : ''}
        cancelLabel={t('common.cancel')}
        confirmLabel={removing ? t('languagesField.remove', { language: name(removing) }) : ''}
        pending={false}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove(removing)}
      />
    </Fieldset>
  );
}
