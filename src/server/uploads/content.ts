// What a file really is, from its first bytes (the name and the type the browser claims are never
// trusted), against what a use of an upload accepts.
import { fileTypeFromBuffer } from 'file-type';
import { IMAGE_TYPES } from '../../contract/upload-rules.ts';
import type { ImageType } from './image.ts';

/** file-type reads at most this many bytes to decide. */
export const SNIFF_BYTES = 4100;

/** A few spellings browsers play more readily. */
const SERVED_AS: Record<string, string> = { 'audio/x-m4a': 'audio/mp4', 'audio/ogg; codecs=opus': 'audio/ogg' };

/** The content type of these first bytes, or null when it is not one of the allowed types. */
export async function detectType(head: Uint8Array, allowed: readonly string[]): Promise<string | null> {
  const found = await fileTypeFromBuffer(head);
  if (!found || !allowed.includes(found.mime)) return null;
  return SERVED_AS[found.mime] ?? found.mime;
}

export function isImageType(type: string): type is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(type);
}
