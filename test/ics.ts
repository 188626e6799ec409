// iCalendar text read back by an independent parser (ical.js), as a calendar app would read it.
import ICAL from 'ical.js';

export type Parsed = { method: string | null; events: { uid: string; sequence: number; start: string; status: string | null; summary: string; location: string | null; description: string }[] };
export function parseIcs(text: string): Parsed {
  const cal = new ICAL.Component(ICAL.parse(text) as unknown[]);
  return {
    method: (cal.getFirstPropertyValue('method') as string | null) ?? null,
    events: cal.getAllSubcomponents('vevent').map((v) => {
      const e = new ICAL.Event(v);
      return {
        uid: e.uid, sequence: e.sequence, start: e.startDate.toJSDate().toISOString(), status: (v.getFirstPropertyValue('status') as string | null) ?? null,
        summary: e.summary, location: e.location ?? null, description: e.description ?? '',
      };
    }),
  };
}
