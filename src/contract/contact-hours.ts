// The family profile's "preferred contact hours" is free text ("weekdays 17:00–20:00", "9am - 5pm",
// "de 6 a 8 de la tarde", "下午6点到8点"), written in the family's language. When it names one clear
// range of the day, that range is when the family wants to hear from the team, and the rest of the
// day becomes a new member's quiet hours. Anything else is not guessed.

/** An hour's own mark after its number: 18h, 6点, 6 giờ. */
const HOUR_MARK = String.raw`(\s*(?:h|hs|hrs?|giờ|点|點|时|時)(?![a-z]))?`;
const TIME = String.raw`(\d{1,2})(?:[:.h](\d{2}))?${HOUR_MARK}\s*(am|pm|a\.m\.|p\.m\.)?`;
const UNTIL = ['-', '–', '—', '~', 'to', 'until', 'till', 'a', 'hasta', 'à', 'às', 'as', 'até', 'đến', 'tới', '到', '至', 'إلى', 'الى', 'حتى'].join('|');
const RANGE = new RegExp(String.raw`(?:^|[^\d:])${TIME}\s*(?:${UNTIL})\s*${TIME}(?![\d:])`, 'gi');

/** Words that put a range in the afternoon or evening, or in the morning, in the seven languages. */
const LATER = String.raw`afternoon|evening|night|tarde|noche|soir|apr[eè]s-midi|noite|chiều|tối|下午|晚上|傍晚|مساء|العصر|الليل`;
const EARLIER = String.raw`morning|mañana|manana|matin|manhã|sáng|上午|早上|صباح`;
// The word belongs to the range only right beside it: "6 a 8 de la tarde", "下午6点到8点", "evenings
// 18–20"; at most two short words between ("de la", "in the", "le"), so "9–11, never at night" is not read as evening.
const FILLER = String.raw`(?:\p{L}{1,3}\s+){0,2}`;
const after = (words: string) => new RegExp(String.raw`^[\s,]*${FILLER}(?:${words})`, 'iu');
const before = (words: string) => new RegExp(String.raw`(?:${words})\p{L}*[\s,:]*${FILLER}$`, 'iu');
const LATER_AFTER = after(LATER);
const LATER_BEFORE = before(LATER);
const EARLIER_AFTER = after(EARLIER);
const EARLIER_BEFORE = before(EARLIER);
const LATER_ANYWHERE = new RegExp(LATER, 'iu');
const EARLIER_ANYWHERE = new RegExp(EARLIER, 'iu');

/** Arabic-Indic and Persian digits read as 0–9. */
const westernDigits = (text: string) => text.replace(/[\u0660-\u0669\u06f0-\u06f9]/gu, (d) => String((d.codePointAt(0) ?? 0) % 16));

function toTime(h: string | undefined, m: string | undefined, half: string | undefined, said: 'am' | 'pm' | null): string | null {
  let hour = Number(h);
  const minute = m === undefined ? 0 : Number(m);
  if (!Number.isInteger(hour) || minute > 59) return null;
  const mer = half?.toLowerCase().replace(/\./g, '');
  if (mer) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (mer === 'pm' ? 12 : 0);
  } else if (said === 'pm' && hour >= 1 && hour < 12) {
    hour += 12;
  }
  if (hour > 23) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** The one range of the day the text names, as "HH:MM" times; null when there is none, or more than one. */
export function contactRange(written: string): { start: string; end: string } | null {
  const text = westernDigits(written);
  const found = [...text.matchAll(RANGE)];
  if (found.length !== 1 || !found[0]) return null;
  const match = found[0];
  const [, h1, m1, k1, a1, h2, m2, k2, a2] = match;
  const head = text.slice(0, match.index + match[0].search(/\d/u));
  const tail = text.slice(match.index + match[0].length);
  // "de 6 a 8 de la tarde": a word beside the range says which half of the day.
  const later = LATER_AFTER.test(tail) || LATER_BEFORE.test(head);
  const earlier = EARLIER_AFTER.test(tail) || EARLIER_BEFORE.test(head);
  // Both halves named anywhere ("9 in the morning to 5 in the afternoon, or at night 8 to 9"): more
  // than the one range read, so nothing is guessed.
  if (LATER_ANYWHERE.test(text) && EARLIER_ANYWHERE.test(text) && !a1 && !a2) return null;
  const said = later === earlier ? null : later ? 'pm' : 'am';
  // Two bare numbers ("5-6 May", "1 a 2 veces") are a range of the day only with a mark of time.
  const marked = [m1, k1, a1, m2, k2, a2].some((x) => x !== undefined) || said !== null;
  if (!marked) return null;
  // "5 - 8pm": the first time takes the second's half of the day.
  const start12 = a1 ?? (a2 && Number(h1) <= Number(h2) ? a2 : undefined);
  const end = toTime(h2, m2, a2, said);
  // "de 10 a 2 de la tarde": the word moves the end; the start only if it then still comes first.
  const shifted = toTime(h1, m1, start12, said);
  const start = shifted && end && shifted < end ? shifted : toTime(h1, m1, start12, null);
  if (!start || !end || start === end) return null;
  // A range that ends before it starts is read only from times written in full ("22:00–01:00").
  if (end < start && !(m1 && m2) && !a1 && !a2) return null;
  return { start, end };
}

/** Quiet hours for a new member: the day outside the family's contact hours. */
export function quietFromContactHours(text: string): { start: string; end: string } | null {
  const r = contactRange(text);
  return r ? { start: r.end, end: r.start } : null;
}
