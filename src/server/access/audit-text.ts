/**
 * Text taken from a request (a path id, a header) made safe to keep in an audit row: PostgreSQL
 * refuses NUL in text and jsonb, so control characters and lone surrogates become U+FFFD, and the
 * length is bounded. What was refused is still recorded, recognisably.
 */
export function auditText(value: string, max = 64): string {
  return value.slice(0, max).toWellFormed().replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}
