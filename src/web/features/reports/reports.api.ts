// Types only: the contract's zod schemas stay out of the browser bundle.
import type { z } from 'zod';
import type * as Reports from '../../../contract/reports.ts';

export type CreateReportRequest = z.input<typeof Reports.CreateReportRequest>;
export type Report = z.infer<typeof Reports.Report>;
