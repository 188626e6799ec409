// Clinic settings' limits as plain data, shared by the server and the browser (which must not load zod).

/** How many days a discharged child's record may be kept (read-only) before it is purged. */
export const RETENTION_DAYS = { min: 30, max: 3650 } as const;
