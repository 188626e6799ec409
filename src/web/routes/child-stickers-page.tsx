import { Anchor, Group, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconArrowLeft, IconFlowerFilled, IconHeartFilled, IconPaw, IconRocket, IconStarFilled, IconSunFilled } from '@tabler/icons-react';
import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { childQuery } from '../api/queries.ts';
import { ErrorAlert } from '../components/error-alert.tsx';
import { Loading } from '../components/loading.tsx';
import { practiceQuery, useRefreshOnSent } from '../features/practice/practice.api.ts';
import { STICKERS, chartDays, currentRun, useStickers, type Sticker } from '../features/practice/stickers.ts';
import { currentLocale } from '../i18n.ts';
import '../features/practice/stickers.css';

const ICONS: Record<Sticker, (size: number) => ReactNode> = {
  star: (size) => <IconStarFilled size={size} aria-hidden />,
  heart: (size) => <IconHeartFilled size={size} aria-hidden />,
  paw: (size) => <IconPaw size={size} aria-hidden />,
  sun: (size) => <IconSunFilled size={size} aria-hidden />,
  flower: (size) => <IconFlowerFilled size={size} aria-hidden />,
  rocket: (size) => <IconRocket size={size} aria-hidden />,
};

const weekday = (date: string) => new Intl.DateTimeFormat(currentLocale(), { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));

/**
 * The child's sticker chart for this week, filled together with a parent: a slot for each practice
 * day, and a sticker of the child's choice on each day practice was done. Only good news: a day
 * without practice is simply an empty slot.
 */
export function ChildStickersPage() {
  const { t } = useTranslation();
  const { childId } = useParams({ from: '/signed-in/children/$childId/stickers' });
  const child = useSuspenseQuery(childQuery(childId)).data;
  useRefreshOnSent();
  const query = useQuery(practiceQuery(childId));
  const [stickers, place] = useStickers(childId);
  const [chosen, setChosen] = useState<Sticker>('star');
  const [justPlaced, setJustPlaced] = useState<string | null>(null);
  const name = child.firstName;
  useDocumentTitle(`${t('practice.stickers.title', { name })} · CareTeam`);

  const today = query.data?.today ?? '';
  const days = chartDays(query.data?.items ?? []);
  const practiceDays = days.filter((d) => d.practiceDay || d.practised);
  const run = currentRun(days, today);
  const placed = practiceDays.filter((d) => d.practised && stickers[d.date]).length;
  const practisedDays = practiceDays.filter((d) => d.practised).length;

  let cheer: string;
  if (run >= 2) cheer = t('practice.stickers.run', { count: run });
  else if (practisedDays > 0) cheer = t('practice.stickers.practised', { count: practisedDays, name });
  else cheer = t('practice.stickers.start', { name });

  return (
    <Stack gap="xl" className="stickers-page">
      <Anchor renderRoot={(props) => <Link {...props} to="/children/$childId/practice" params={{ childId }} />} size="sm" fw={600} className="today-link">
        <Group gap={6} component="span">
          <IconArrowLeft size={16} aria-hidden className="flip-rtl" />
          {t('practice.stickers.back', { name })}
        </Group>
      </Anchor>
      <Stack gap="xs" align="center" ta="center">
        <Title order={1} className="stickers-title">
          {t('practice.stickers.title', { name })}
        </Title>
        <Text className="stickers-cheer" aria-live="polite">
          {cheer}
        </Text>
      </Stack>
      {query.isPending ? <Loading /> : null}
      <ErrorAlert error={query.error} />
      {query.data && practiceDays.length === 0 ? (
        <Text ta="center" size="lg">
          {t('practice.stickers.noPractice', { name })}
        </Text>
      ) : null}
      {practiceDays.length > 0 ? (
        <>
          <Stack gap="xs" align="center">
            <Text fw={600} id="sticker-pick-label">
              {t('practice.stickers.pick')}
            </Text>
            <div className="sticker-palette" role="radiogroup" aria-labelledby="sticker-pick-label">
              {STICKERS.map((s) => (
                <UnstyledButton
                  key={s}
                  role="radio"
                  aria-checked={chosen === s}
                  aria-label={t(`practice.stickers.kinds.${s}`)}
                  className="sticker-choice"
                  data-sticker={s}
                  onClick={() => setChosen(s)}
                >
                  {ICONS[s](30)}
                </UnstyledButton>
              ))}
            </div>
          </Stack>
          <ul className="sticker-chart" aria-label={t('practice.stickers.chartLabel')}>
            {practiceDays.map((d) => {
              const sticker = stickers[d.date];
              const day = weekday(d.date);
              return (
                <li key={d.date} className="sticker-slot" data-practised={d.practised || undefined} data-today={d.date === today || undefined} data-testid="sticker-slot">
                  <span className="sticker-day">{day}</span>
                  {d.practised ? (
                    <UnstyledButton
                      className="sticker-spot"
                      data-sticker={sticker}
                      data-new={justPlaced === d.date || undefined}
                      aria-label={sticker
                        ? t('practice.stickers.change', { day, sticker: t(`practice.stickers.kinds.${sticker}`), chosen: t(`practice.stickers.kinds.${chosen}`) })
                        : t('practice.stickers.place', { day, sticker: t(`practice.stickers.kinds.${chosen}`) })}
                      onClick={() => {
                        place(d.date, chosen);
                        setJustPlaced(d.date);
                      }}
                    >
                      {sticker ? ICONS[sticker](44) : <span className="sticker-plus">+</span>}
                    </UnstyledButton>
                  ) : (
                    <span className="sticker-spot sticker-empty" aria-label={t('practice.stickers.open', { day })} role="img" />
                  )}
                </li>
              );
            })}
          </ul>
          {placed > 0 ? (
            <Text ta="center" size="lg" fw={600} c="care.8">
              {t('practice.stickers.placed', { count: placed })}
            </Text>
          ) : null}
          <Text ta="center" size="sm" c="dimmed">
            {t('practice.stickers.howTo')}
          </Text>
        </>
      ) : null}
    </Stack>
  );
}
