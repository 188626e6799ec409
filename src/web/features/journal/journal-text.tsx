import {
  IconCloudStorm, IconMoodEmpty, IconMoodHappy, IconMoodSad, IconMoodSmile, IconMoodWrrr, IconMoon, IconNote, IconStar, IconToolsKitchen2,
} from '@tabler/icons-react';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { JournalContent, JournalKind, Visibility } from './journal.api.ts';

// Exhaustive switches with literal keys: the compiler catches a new kind without words, and the
// locale test sees every key.

export function kindLabel(kind: JournalKind, t: TFunction): string {
  switch (kind) {
    case 'behaviour':
      return t('journal.kind.behaviour');
    case 'sleep':
      return t('journal.kind.sleep');
    case 'eating':
      return t('journal.kind.eating');
    case 'mood':
      return t('journal.kind.mood');
    case 'win':
      return t('journal.kind.win');
    case 'note':
      return t('journal.kind.note');
  }
}

export function KindIcon({ kind, size = 22 }: { kind: JournalKind; size?: number }): ReactNode {
  const props = { size, 'aria-hidden': true, stroke: 1.8 } as const;
  switch (kind) {
    case 'behaviour':
      return <IconCloudStorm {...props} />;
    case 'sleep':
      return <IconMoon {...props} />;
    case 'eating':
      return <IconToolsKitchen2 {...props} />;
    case 'mood':
      return <IconMoodSmile {...props} />;
    case 'win':
      return <IconStar {...props} />;
    case 'note':
      return <IconNote {...props} />;
  }
}

export const KIND_COLORS: Record<JournalKind, string> = {
  behaviour: 'orange', sleep: 'indigo', eating: 'teal', mood: 'grape', win: 'yellow', note: 'gray',
};

export function visibilityLabel(v: Visibility, name: string, t: TFunction): string {
  switch (v) {
    case 'team':
      return t('journal.visibility.team', { name });
    case 'therapists':
      return t('journal.visibility.therapists');
    case 'guardians':
      return t('journal.visibility.guardians');
  }
}

export function visibilityHint(v: Visibility, t: TFunction): string {
  switch (v) {
    case 'team':
      return t('journal.visibility.teamHint');
    case 'therapists':
      return t('journal.visibility.therapistsHint');
    case 'guardians':
      return t('journal.visibility.guardiansHint');
  }
}

export type Scale = 'intensity' | 'rested' | 'mood';

export function scaleWord(scale: Scale, value: number, t: TFunction): string {
  switch (scale) {
    case 'intensity':
      return [t('journal.intensity.1'), t('journal.intensity.2'), t('journal.intensity.3'), t('journal.intensity.4'), t('journal.intensity.5')][value - 1] ?? '';
    case 'rested':
      return [t('journal.rested.1'), t('journal.rested.2'), t('journal.rested.3'), t('journal.rested.4'), t('journal.rested.5')][value - 1] ?? '';
    case 'mood':
      return [t('journal.mood.1'), t('journal.mood.2'), t('journal.mood.3'), t('journal.mood.4'), t('journal.mood.5')][value - 1] ?? '';
  }
}

/** A face for 1 (worst) to 5 (best). */
export function Face({ value, size = 22 }: { value: number; size?: number }): ReactNode {
  const props = { size, 'aria-hidden': true, stroke: 1.8 } as const;
  switch (value) {
    case 1:
      return <IconMoodWrrr {...props} />;
    case 2:
      return <IconMoodSad {...props} />;
    case 3:
      return <IconMoodEmpty {...props} />;
    case 4:
      return <IconMoodSmile {...props} />;
    default:
      return <IconMoodHappy {...props} />;
  }
}

export function placeLabel(place: 'home' | 'school' | 'community', t: TFunction): string {
  switch (place) {
    case 'home':
      return t('journal.place.home');
    case 'school':
      return t('journal.place.school');
    case 'community':
      return t('journal.place.community');
  }
}

/** The key facts of an entry on one line, e.g. "20:30–06:15 · woke 2× · rested 2/5". */
export function entryFacts(content: JournalContent, t: TFunction): string {
  switch (content.kind) {
    case 'behaviour':
      return [
        t('journal.facts.intensity', { value: content.intensity, word: scaleWord('intensity', content.intensity, t) }),
        content.minutes === null ? null : content.minutes >= 30 ? t('journal.facts.minutesLong', { count: content.minutes }) : t('journal.facts.minutes', { count: content.minutes }),
        placeLabel(content.place, t),
      ].filter((p) => p !== null).join(' · ');
    case 'sleep':
      return [
        `${content.bedtime}–${content.wakeTime}`,
        t('journal.facts.wakings', { count: content.nightWakings }),
        t('journal.facts.rested', { value: content.rested }),
      ].join(' · ');
    case 'mood':
      return t('journal.facts.mood', { value: content.mood, word: scaleWord('mood', content.mood, t) });
    case 'eating':
    case 'win':
    case 'note':
      return '';
  }
}
