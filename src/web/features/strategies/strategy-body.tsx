import { Badge, Group, Stack, Text, Title } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n.ts';
import { languageName } from '../../lib/format.ts';
import { useContentText } from '../translation/content-text.tsx';
import { StrategyIllustration } from './illustration.tsx';
import { SETTINGS, type Setting, type Strategy, type StrategyText } from './strategies-api.ts';

/**
 * The strategy in the reader's language: as written in it, else translated (the clinic's own
 * strategies, with a note and "Show original": `note`, `lang`, `id` for the words it controls),
 * else in another language (English first) with a note saying so (`fallback`).
 */
export function useStrategyText(strategy: Pick<Strategy, 'content' | 'translation'>): {
  text: StrategyText | undefined; fallback: string | null; note: ReactNode; lang: string | undefined; id: string;
} {
  const { t } = useTranslation();
  const words = useContentText(strategy.translation);
  const reader = currentLocale();
  const content = strategy.content as Partial<Record<string, StrategyText>>;
  const own = content[reader];
  if (own) return { text: own, fallback: null, note: null, lang: reader, id: words.id };
  const other = content.en ? 'en' : Object.keys(content).find((l) => content[l]);
  const original = other ? content[other] : undefined;
  if (original && strategy.translation?.translated) {
    const text = {
      name: words.text('name', original.name),
      purpose: words.text('purpose', original.purpose),
      steps: original.steps.map((step, i) => words.text(`steps.${i}`, step)),
      tips: original.tips.map((tip, i) => words.text(`tips.${i}`, tip)),
    };
    return { text, fallback: null, note: words.note, lang: words.lang, id: words.id };
  }
  return {
    text: original,
    fallback: other ? t('strategies.fallback', { language: languageName(reader), other: languageName(other) }) : null,
    note: null,
    lang: other,
    id: words.id,
  };
}

export function SettingBadges({ settings, label }: { settings: readonly Setting[]; label: string }) {
  const { t } = useTranslation();
  return (
    <Group gap={6} component="p" m={0} aria-label={label}>
      {SETTINGS.filter((s) => settings.includes(s)).map((s) => (
        <Badge key={s} variant="light" color="gray" radius="sm">
          {t(`strategies.settings.${s}`)}
        </Badge>
      ))}
    </Group>
  );
}

interface StrategyBodyProps {
  strategy: Pick<Strategy, 'content' | 'translation' | 'hasImage' | 'illustration' | 'updatedAt'>;
  /** Where the picture is served from for this reader. */
  imageUrl: string;
  headingOrder: 2 | 3 | 4;
  /** Shown between the purpose and the steps (goals, a personal note). */
  children?: ReactNode;
  /** Badges or actions beside the name. */
  aside?: ReactNode;
  /** Shown after the steps and tips (how it went, "used it today"). */
  footer?: ReactNode;
  /** Leave out the name and purpose (already shown above, as in the library list). */
  bodyOnly?: boolean;
}

/** Name, purpose, numbered steps and tips, as a parent or teacher reads them. */
export function StrategyBody({ strategy, imageUrl, headingOrder, children, aside, footer, bodyOnly = false }: StrategyBodyProps) {
  const { t } = useTranslation();
  const { text, fallback, note, lang, id } = useStrategyText(strategy);
  if (!text) return null;
  return (
    <Stack gap="xs" className="strategy-body" id={id}>
      {bodyOnly ? null : (
        <>
          <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
            <Title order={headingOrder} fz={headingOrder === 2 ? 'h3' : 'h4'} lang={lang} dir="auto" style={{ overflowWrap: 'anywhere', flex: '1 1 200px' }}>
              {text.name}
            </Title>
            {aside}
          </Group>
          <Text className="strategy-purpose" lang={lang} dir="auto">
            {text.purpose}
          </Text>
        </>
      )}
      {fallback ? (
        <Text size="sm" c="dimmed" className="strategy-fallback">
          <IconLanguage size={16} aria-hidden style={{ verticalAlign: 'text-bottom', marginInlineEnd: 4 }} />
          {fallback}
        </Text>
      ) : null}
      {children}
      <div className="strategy-content">
        {strategy.hasImage ? (
          <img
            className="strategy-picture"
            // Drawn small: the server's copy at most 320 wide, not the picture as uploaded.
            src={`${imageUrl}?v=${encodeURIComponent(strategy.updatedAt)}&w=320`}
            alt={t('strategies.picture', { name: text.name })}
          />
        ) : (
          <StrategyIllustration strategy={strategy} />
        )}
        <div className="strategy-text">
          <Text fw={650} size="sm" className="strategy-label">
            {t('strategies.steps')}
          </Text>
          <ol className="strategy-steps" lang={lang} dir="auto">
            {text.steps.map((step, i) => (
              <li key={i}>{step}</li>
            ))}
          </ol>
          {text.tips.length > 0 ? (
            <>
              <Text fw={650} size="sm" className="strategy-label">
                {t('strategies.tips')}
              </Text>
              <ul className="strategy-tips" lang={lang} dir="auto">
                {text.tips.map((tip, i) => (
                  <li key={i}>{tip}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
      {note}
      {footer}
    </Stack>
  );
}
