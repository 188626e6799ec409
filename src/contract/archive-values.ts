// The archive's limits as plain data, shared by the server and the browser (which must not load zod).

/** How long the emailed link (and the ZIP) is kept once the archive is built. */
export const ARCHIVE_KEEP_HOURS = 24;
