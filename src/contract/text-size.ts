// How large a person wants the app's text, kept on their account so it follows them to each
// device. No zod here: the web app's shell imports this before anything else draws.

export const TEXT_SIZES = ['normal', 'larger', 'largest'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** The root font size for each choice, as a share of the browser's own (so a larger default there stays larger). */
export const TEXT_SCALE: Record<TextSize, string> = { normal: '100%', larger: '115%', largest: '130%' };

export function isTextSize(value: unknown): value is TextSize {
  return typeof value === 'string' && (TEXT_SIZES as readonly string[]).includes(value);
}
