// Message limits as plain data, shared by the server and the browser (which must not load zod).

export const MESSAGE_MAX_LENGTH = 4000;
export const TITLE_MAX_LENGTH = 80;
/** An author may retract a message for this long after sending it. */
export const RETRACT_WINDOW_MS = 10 * 60_000;
