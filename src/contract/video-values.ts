// When a video room takes people, as plain data shared by the server and the browser (which must not load zod).

/** Joining opens this long before the start, and closes at the end. */
export const VIDEO_EARLY_MINUTES = 10;

/** Whether a session's room takes people at this instant: from ten minutes before the start to its end. */
export function videoWindow(startsAt: Date, durationMinutes: number): { opensAt: Date; endsAt: Date } {
  return { opensAt: new Date(startsAt.getTime() - VIDEO_EARLY_MINUTES * 60_000), endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000) };
}
