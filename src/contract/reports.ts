import { z } from 'zod';
import { Id, IsoDate, Locale, LongText, Timestamp } from './common.ts';
import { REPORT_MAX_DAYS } from './report-values.ts';

// Progress reports: a PDF of a child's goals and home programme over a period, in a language the
// reader picks, asked for by a therapist on the team or a guardian. A period of up to about a year
// is written while the person waits; a longer one by a job. Either way the PDF is kept for a day.

export const CreateReportRequest = z.strictObject({
  from: IsoDate,
  to: IsoDate,
  /** The goals to include, in the order given; at least one. */
  goalIds: z.array(Id).min(1).max(60),
  locale: Locale,
  /** The therapist's closing words (a guardian's report has none). */
  closing: LongText(5000).default(''),
}).refine((b) => b.from <= b.to, { path: ['to'], error: 'The end of the period comes after its start.' })
  .refine((b) => b.from > b.to || (Date.parse(b.to) - Date.parse(b.from)) / 86_400_000 < REPORT_MAX_DAYS, { path: ['from'], error: `A report covers at most ${REPORT_MAX_DAYS} days.` });
export type CreateReportRequest = z.infer<typeof CreateReportRequest>;

export const ReportStatus = z.enum(['pending', 'ready', 'failed', 'expired']);

export const Report = z.object({
  id: Id,
  status: ReportStatus,
  from: IsoDate,
  to: IsoDate,
  locale: Locale,
  pageCount: z.number().int().nullable(),
  createdAt: Timestamp,
  /** After this the PDF is gone; ask for a new report. */
  expiresAt: Timestamp,
  /** Where to download the PDF, once it is ready. */
  url: z.string().nullable(),
});
export type Report = z.infer<typeof Report>;

export const ChildReportParams = z.object({ childId: z.string(), reportId: z.string() });
