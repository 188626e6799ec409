import { Avatar, type AvatarProps } from '@mantine/core';

const PALETTE = ['care', 'indigo', 'grape', 'cyan', 'violet', 'teal'] as const;

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/u).filter(Boolean);
  const first = parts[0]?.[0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '';
  return (first + last).toLocaleUpperCase();
}

function colorFor(name: string): (typeof PALETTE)[number] {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return PALETTE[hash % PALETTE.length] ?? 'care';
}

interface InitialsAvatarProps extends Omit<AvatarProps, 'children' | 'color'> {
  name: string;
  /** Decorative when the name is written next to it. */
  decorative?: boolean;
}

/** A round avatar with the person's initials; colour is stable per name. */
export function InitialsAvatar({ name, decorative = true, ...props }: InitialsAvatarProps) {
  const color = colorFor(name);
  return (
    <Avatar
      radius={999}
      variant="light"
      {...props}
      // Dark initials on a pale tint: every palette colour passes WCAG AA contrast.
      styles={{ placeholder: { color: `var(--mantine-color-${color}-9)`, backgroundColor: `var(--mantine-color-${color}-0)` } }}
      {...(decorative ? { 'aria-hidden': true } : { role: 'img', 'aria-label': name })}
    >
      {/* Drawn, not written: a button whose name is "Account menu" must not also show the text "SR". */}
      <span className="avatar-initials" data-initials={initialsOf(name)} />
    </Avatar>
  );
}
