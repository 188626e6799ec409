// Pictures, worked on with sharp: turned upright by the camera's orientation tag, then written
// again without any metadata (EXIF, which can hold a home's GPS position, XMP, and ICC profiles:
// colours are converted to sRGB), and kept at a few smaller widths as WebP so a phone never loads
// a camera-sized photo. The type comes from the content check (content.ts), never from the name.
import { createHash } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { copyWidths, IMAGE_WIDTHS, MAX_IMAGE_PIXELS, type IMAGE_TYPES } from '../../contract/upload-rules.ts';
import type { UploadVariant } from '../db/schema.ts';
import { AppError, badField } from '../http/errors.ts';
import { newStorageKey, writeSynced, type UploadStore } from './store.ts';

export type ImageType = (typeof IMAGE_TYPES)[number];
export type Size = { width: number; height: number };
export type Variant = UploadVariant;

// Every upload is a new file, read once: libvips' cache of operations and open files would only
// hold memory, and files already moved or removed.
sharp.cache(false);

/** WebP's largest side. */
const WEBP_MAX = 16383;

/**
 * A picture someone sent: at most MAX_IMAGE_PIXELS, turned upright, and (sharp's default) only the
 * first frame of an animation.
 */
const input = (file: string) => sharp(file, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error', autoOrient: true });

const ENCODE: Record<ImageType, (image: Sharp, palette: boolean) => Sharp> = {
  'image/jpeg': (image) => image.jpeg({ quality: 90 }),
  'image/png': (image, palette) => image.png({ palette }),
  'image/webp': (image) => image.webp({ quality: 90 }),
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const unreadable = (field: string) => badField(field, 'This picture could not be read. Choose another one.');

/**
 * The picture in file, upright and without metadata, in its own format. A picture of too many
 * pixels, or one that cannot be decoded, is a 400 naming the field.
 */
export async function cleanPicture(file: string, type: ImageType, field: string): Promise<Size & { bytes: Buffer }> {
  // The header alone first: a huge picture is refused before it is decoded.
  const meta = await sharp(file, { limitInputPixels: false }).metadata().catch(() => null);
  if (!meta?.width || !meta.height) throw unreadable(field);
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) {
    const message = `This picture has more than ${MAX_IMAGE_PIXELS / 1_000_000} megapixels. Choose a smaller one.`;
    throw new AppError('validation_failed', 400, `${field}: ${message}`, [{ path: [field], message, maxPixels: MAX_IMAGE_PIXELS }]);
  }
  try {
    const { data, info } = await ENCODE[type](input(file), meta.isPalette).toBuffer({ resolveWithObject: true });
    return { bytes: data, width: info.width, height: info.height };
  } catch {
    throw unreadable(field);
  }
}

/** The widths a picture this wide is kept at: each of IMAGE_WIDTHS, never wider than the picture. */
export const variantWidths = copyWidths;

/**
 * Makes the WebP copies of a cleaned picture and puts them in the store, narrowest first. If one
 * fails, those already stored are removed again.
 */
export async function putVariants(store: UploadStore, file: string, size: Size): Promise<Variant[]> {
  const made: Variant[] = [];
  let part: string | null = null;
  try {
    for (const width of variantWidths(size.width)) {
      const { data, info } = await input(file).resize({ width, height: WEBP_MAX, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: 75 }).toBuffer({ resolveWithObject: true });
      const key = newStorageKey();
      part = path.join(store.incomingDir, `${key}.part`);
      await writeSynced(part, data);
      await store.put(key, part, 'image/webp');
      part = null;
      made.push({ width: info.width, height: info.height, key, byteSize: data.length, sha256: sha256(data) });
    }
    return made;
  } catch (error) {
    if (part) await unlink(part).catch(() => undefined);
    await Promise.all(made.map((v) => store.remove(v.key).catch(() => undefined)));
    throw error;
  }
}

/** A picture's one copy at most 320 wide, as WebP: for a picture kept in a row and drawn small (a strategy's). */
export async function smallCopy(file: string): Promise<Buffer> {
  return input(file).resize({ width: IMAGE_WIDTHS[0], withoutEnlargement: true }).webp({ quality: 75 }).toBuffer();
}

/** The copy to serve for a wanted width: the narrowest at least that wide, else the widest there is. */
export function variantFor(variants: readonly Variant[], width: number): Variant | undefined {
  return variants.find((v) => v.width >= width) ?? variants.at(-1);
}
