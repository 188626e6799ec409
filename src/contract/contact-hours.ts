// The family profile's "preferred contact hours" is free text ("weekdays 17:00–20:00", "9am - 5pm").
// When it names one clear range of the day, that range is when the family wants to hear from the
// team, and the rest of the day becomes a new member's quiet hours. Anything else is not guessed.

const TIME = String.raw`(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?`;
const RANGE = new RegExp(String.raw`(?:^|[^\d:])${TIME}\s*(?:-|–|—|to|until|a|hasta)\s*${TIME}(?![\d:])`, 'gi');

function toTime(h: string | undefined, m: string | undefined, half: string | undefined): string | null {
  let hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  if (!Number.isInteger(hour) || minute > 59) return null;
  const mer = half?.toLowerCase().replace(/\./g, '');
  if (mer) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (mer === 'pm' ? 12 : 0);
  }
  if (hour > 23) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The one range of the day the text names, as "HH:MM" times; null when there is none, or more than one. */
export function contactRange(text: string): { start: string; end: string } | null {
  const found = [...text.matchAll(RANGE)];
  if (found.length !== 1 || !found[0]) return null;
  const [, h1, m1, a1, h2, m2, a2] = found[0];
  // "5 - 8pm": the first time takes the second's half of the day.
  const start = toTime(h1, m1, a1 ?? (a2 && Number(h1) <= Number(h2) ? a2 : undefined));
  const end = toTime(h2, m2, a2);
  if (!start || !end || start === end) return null;
  return { start, end };
}

/** Quiet hours for a new member: the day outside the family's contact hours. */
export function quietFromContactHours(text: string): { start: string; end: string } | null {
  const r = contactRange(text);
  return r ? { start: r.end, end: r.start } : null;
}
