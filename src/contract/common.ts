import { z } from 'zod';
import { LOCALES } from './locales.ts';

export * from './locales.ts';
export const Locale = z.enum(LOCALES);
export type Locale = z.infer<typeof Locale>;

/** Something kept per language (a strategy's words, an article's): any of the app's languages, each optional. */
export function PerLocale<T extends z.ZodType>(schema: T) {
  return z.strictObject(Object.fromEntries(LOCALES.map((l) => [l, schema.optional()])) as { [K in Locale]: z.ZodOptional<T> });
}

export const Id = z.uuid();
export const Email = z.string().trim().toLowerCase().max(254).pipe(z.email({ error: 'Enter a valid email address.' }));
/** Short single-line text a person types: trimmed, 1..max characters. */
export const Text = (max: number) => z.string().trim().min(1).max(max);
export const LongText = (max = 4000) => z.string().trim().max(max);
export const Password = z.string().min(8, { error: 'Use at least 8 characters.' }).max(256);
// Every answer with a time zone checks it: build the formatter once per zone name, not per field.
const zoneChecks = new Map<string, boolean>();
export function isTimeZone(tz: string): boolean {
  let known = zoneChecks.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    if (zoneChecks.size < 2_000) zoneChecks.set(tz, known);
  }
  return known;
}
export const TimeZone = z.string().refine(isTimeZone, { error: 'Unknown time zone.' });
export const IsoDate = z.iso.date();
export const Timestamp = z.string();

export const ErrorCode = z.enum([
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'mfa_required',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'already_applied',
  'gone',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Ok = z.object({ ok: z.literal(true) });
