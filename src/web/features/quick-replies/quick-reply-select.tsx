import { Select } from '@mantine/core';
import type { CSSProperties } from 'react';
import { IconMessage2Bolt } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { localeOf } from '../../../contract/locales.ts';
import { useLanguageName } from '../../components/languages-field.tsx';
import { quickRepliesQuery, textIn, titleIn } from './quick-replies-api.ts';
import type { PickedQuickReply } from './quick-reply-picker.tsx';

/** The searchable list of a clinician's own replies and the clinic's templates (see QuickReplyPicker). */
export function QuickReplySelect({ onPick, style }: { onPick: (picked: PickedQuickReply) => void; style: CSSProperties }) {
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
      style={style}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
