import { Anchor, Group, Select } from '@mantine/core';
import { IconMessage2Bolt } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { localeOf, type Locale } from '../../../contract/locales.ts';
import { useLanguageName } from '../../components/languages-field.tsx';
import { quickRepliesQuery, textIn, titleIn } from './quick-replies-api.ts';

export interface PickedQuickReply {
  id: string;
  text: string;
  /** The language of `text`: the writer's when the reply has it, else English, else the first written. */
  language: Locale;
}

/**
 * "Quick replies" in a message composer (clinicians): a searchable list of their own replies and
 * the clinic's templates; picking one hands its text in the writer's language to the composer.
 */
export function QuickReplyPicker({ onPick }: { onPick: (picked: PickedQuickReply) => void }) {
  const { t, i18n } = useTranslation();
  const lang = localeOf(i18n.language);
  const query = useQuery(quickRepliesQuery('mine'));
  const items = query.data?.quickReplies ?? [];
  const languageName = useLanguageName();
  const option = (q: (typeof items)[number]) => {
    const { lang: written } = textIn(q, lang);
    const title = titleIn(q, lang);
    return { value: q.id, label: written === lang ? title : t('quickReplies.inLanguage', { title, language: languageName(written) }) };
  };
  const mine = items.filter((q) => q.scope === 'mine').map(option);
  const clinic = items.filter((q) => q.scope === 'clinic').map(option);
  const data = [
    ...(mine.length ? [{ group: t('quickReplies.mineTitle'), items: mine }] : []),
    ...(clinic.length ? [{ group: t('quickReplies.clinicTitle'), items: clinic }] : []),
  ];
  return (
    <Group gap="sm" align="center" wrap="nowrap" mb="xs">
      <Select
        label={t('quickReplies.pickerLabel')}
        classNames={{ label: 'visually-hidden' }}
        size="sm"
        placeholder={t('quickReplies.picker')}
        leftSection={<IconMessage2Bolt size={16} aria-hidden />}
        data={data}
        value={null}
        searchable
        nothingFoundMessage={t('quickReplies.pickerEmpty')}
        onChange={(id) => {
          const q = items.find((x) => x.id === id);
          if (!q) return;
          const { lang: language, text } = textIn(q, lang);
          onPick({ id: q.id, text, language });
        }}
        style={{ flex: '1 1 auto', minWidth: 0, maxWidth: 360 }}
        comboboxProps={{ withinPortal: true }}
      />
      <Anchor component={Link} to="/quick-replies" size="sm" style={{ flex: 'none' }}>
        {t('quickReplies.manage')}
      </Anchor>
    </Group>
  );
}
