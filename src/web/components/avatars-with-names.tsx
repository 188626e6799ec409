import { Avatar, Tooltip } from '@mantine/core';
import { InitialsAvatar } from './initials-avatar.tsx';

export interface AvatarsProps {
  people: { id: string; name: string; label: string }[];
  /** How many more there are than those shown. */
  more: number;
}

/** Round avatars side by side, each saying whose it is on hover. */
export function AvatarsWithNames({ people, more }: AvatarsProps) {
  return (
    <Tooltip.Group openDelay={200} closeDelay={100}>
      <Avatar.Group spacing={6} aria-hidden>
        {people.map((p) => (
          <Tooltip key={p.id} label={p.label} withArrow>
            <InitialsAvatar name={p.name} size={32} />
          </Tooltip>
        ))}
        {more > 0 ? <Avatar size={32} radius="xl">+{more}</Avatar> : null}
      </Avatar.Group>
    </Tooltip.Group>
  );
}
