import { Group, Stack, Text } from '@mantine/core';
import { IconClock, IconMapPin, IconVideo } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDuration, formatWallClock } from '../../lib/format.ts';
import type { FamilyEvent } from './events.api.ts';

/** When (on the reader's clock) and where an event is. */
export function EventWhen({ event }: { event: FamilyEvent }) {
  const { t } = useTranslation();
  const { day, time } = formatWallClock(event.localStart);
  const PlaceIcon = event.place === 'video' ? IconVideo : IconMapPin;
  const place = t(`events.place.${event.place}`);
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <IconClock size={18} aria-hidden style={{ flexShrink: 0, marginBlockStart: 2 }} />
        <Text size="sm">{t('events.when', { day, time, length: formatDuration(event.durationMinutes / 60) })}</Text>
      </Group>
      <Group gap={6} wrap="nowrap" align="flex-start">
        <PlaceIcon size={18} aria-hidden style={{ flexShrink: 0, marginBlockStart: 2 }} />
        <Text size="sm">{event.placeNote ? t('events.placeWithNote', { place, note: event.placeNote }) : place}</Text>
      </Group>
    </Stack>
  );
}
