import { Anchor, Group, TextInput } from '@mantine/core';
import { IconMessage2Bolt } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { Suspense, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../contract/locales.ts';
import { lazyLater } from '../../lib/lazy-later.ts';

export interface PickedQuickReply {
  id: string;
  text: string;
  /** The language of `text`: the writer's when the reply has it, else English, else the first written. */
  language: Locale;
}

// The list (Mantine's combobox and its floating code) follows the conversation; until it is in, a
// field of the same size stands in its place, so nothing moves when it arrives.
const QuickReplySelect = lazyLater(() => import('./quick-reply-select.tsx').then((m) => m.QuickReplySelect));

/**
 * "Quick replies" in a message composer (clinicians): a searchable list of their own replies and
 * the clinic's templates; picking one hands its text in the writer's language to the composer.
 */
export function QuickReplyPicker({ onPick }: { onPick: (picked: PickedQuickReply) => void }) {
  const { t } = useTranslation();
  const style: CSSProperties = { flex: '1 1 auto', minWidth: 0, maxWidth: 360 };
  return (
    <Group gap="sm" align="center" wrap="nowrap" mb="xs">
      <Suspense
        fallback={
          <TextInput label={t('quickReplies.pickerLabel')} classNames={{ label: 'visually-hidden' }} size="sm" placeholder={t('quickReplies.picker')}
            leftSection={<IconMessage2Bolt size={16} aria-hidden />} readOnly style={style} />
        }
      >
        <QuickReplySelect onPick={onPick} style={style} />
      </Suspense>
      <Anchor component={Link} to="/quick-replies" size="sm" style={{ flex: 'none' }}>
        {t('quickReplies.manage')}
      </Anchor>
    </Group>
  );
}
