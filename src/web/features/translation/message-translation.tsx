import { Group, Text, UnstyledButton } from '@mantine/core';
import { IconInfoCircle, IconLanguage } from '@tabler/icons-react';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../../contract/locales.ts';
import { languageName } from '../../lib/format.ts';

export type TranslatedText = { language: string; text: string; by: 'machine' | 'human' };

/** What the server says about a message's languages for this reader. */
export interface TranslatableMessage {
  body: string | null;
  language: string;
  translated: TranslatedText | null;
  translationUnavailable: boolean;
}

/**
 * A message body in the reader's language: the translation with "Translated from Spanish — Show
 * original" (a toggle per message), or the original with a note when no translation could be
 * made. The text carries its `lang` so screen readers pronounce it right. `render` draws a text
 * (the message's markdown-lite).
 */
export function MessageText({ message, render }: { message: TranslatableMessage; render: (text: string) => ReactNode }) {
  const [showOriginal, setShowOriginal] = useState(false);
  const textId = useId();

  if (message.body === null) return null;
  const translated = message.translated;
  if (!translated) {
    return (
      <>
        <div lang={message.language}>{render(message.body)}</div>
        {message.translationUnavailable ? <TranslationUnavailable /> : null}
      </>
    );
  }
  return (
    <>
      <div id={textId} lang={showOriginal ? message.language : translated.language} aria-live="polite">
        {render(showOriginal ? message.body : translated.text)}
      </div>
      <TranslationNote language={message.language} by={translated.by} showOriginal={showOriginal} onToggle={() => setShowOriginal((v) => !v)} controls={textId} />
    </>
  );
}

/**
 * Under a translated text: "Translated from Spanish · Show original", or "Original in Spanish ·
 * Show translation" while the original is shown. `controls` is the id of the text it switches.
 * Written `content` (a goal, a practice item) says who translated it: "Translated by machine", by
 * the named clinician, or by the clinic.
 */
export function TranslationNote({ language: written, by, showOriginal, onToggle, controls, content = false, byName }: {
  language: string;
  by: TranslatedText['by'];
  showOriginal: boolean;
  onToggle: () => void;
  controls: string;
  content?: boolean;
  byName?: string;
}) {
  const { t } = useTranslation();
  // Any language the app speaks is named ("Translated from Vietnamese"); one it does not, only said to be another.
  const base = (written.split('-')[0] ?? written).toLowerCase();
  const language = isLocale(base) ? languageName(base) : null;
  const label = content
    ? by === 'machine' ? t('contentTranslation.byMachine') : byName ? t('contentTranslation.byPerson', { name: byName }) : t('contentTranslation.byClinic')
    : language
      ? by === 'human' ? t('translation.translatedByPerson', { language }) : t('translation.translatedFrom', { language })
      : t('translation.translatedUnknown');
  return (
    <Group gap={6} wrap="wrap" mt={4} className="translation-note">
      <IconLanguage size={14} aria-hidden style={{ flex: 'none' }} />
      <Text size="xs" c="dimmed" component="span">
        {showOriginal ? (language ? t('translation.original', { language }) : t('translation.originalUnknown')) : label}
      </Text>
      <Text size="xs" c="dimmed" component="span" aria-hidden>
        ·
      </Text>
      <UnstyledButton className="translation-toggle" aria-controls={controls} onClick={onToggle}>
        {showOriginal ? t('translation.showTranslation') : t('translation.showOriginal')}
      </UnstyledButton>
    </Group>
  );
}

/** Under a text shown as written because no translation could be made right now. */
export function TranslationUnavailable() {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" align="flex-start" mt={4} className="translation-note">
      <IconInfoCircle size={14} aria-hidden style={{ flex: 'none', marginBlockStart: 3 }} />
      <Text size="xs" c="dimmed">
        {t('translation.unavailable')}
      </Text>
    </Group>
  );
}
