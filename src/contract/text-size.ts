// How large a person wants the app's text, kept on their account so it follows them to each
// device. No zod here: the web app's shell imports this before anything else draws.

export const TEXT_SIZES = ['normal', 'larger', 'largest'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

export function isTextSize(value: unknown): value is TextSize {
  return typeof value === 'string' && (TEXT_SIZES as readonly string[]).includes(value);
}
