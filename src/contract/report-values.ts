// Progress reports' plain numbers, shared by the server and the browser (which must not load zod).

/** A period up to this long is written while the person waits; a longer one by a job. */
export const REPORT_SYNC_MAX_DAYS = 400;
/** The longest period one report covers. */
export const REPORT_MAX_DAYS = 3 * 366;
/** How long a report's PDF can be downloaded. */
export const REPORT_KEEP_HOURS = 24;
/** The period the form offers first: the last three months. */
export const REPORT_DEFAULT_MONTHS = 3;
