// Camera metadata (EXIF, which can hold a home's GPS position, and XMP) taken out of a picture
// before it is stored. The type comes from the content check (content.ts), never from the name.

import type { IMAGE_TYPES } from '../../contract/upload-rules.ts';

export type ImageType = (typeof IMAGE_TYPES)[number];

/** JPEG: drop APP1 segments (EXIF, XMP) before the image data starts. */
function stripJpeg(bytes: Buffer): Buffer {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= bytes.length && bytes[i] === 0xff) {
    const marker = bytes[i + 1] ?? 0;
    // Start of scan: the rest is image data.
    if (marker === 0xda) break;
    const length = bytes.readUInt16BE(i + 2);
    const end = i + 2 + length;
    if (end > bytes.length) break;
    if (marker !== 0xe1) parts.push(bytes.subarray(i, end));
    i = end;
  }
  parts.push(bytes.subarray(i));
  return Buffer.concat(parts);
}

/** PNG: drop eXIf chunks (and text chunks, which cameras and editors fill with metadata). */
function stripPng(bytes: Buffer): Buffer {
  const parts: Buffer[] = [bytes.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(i);
    const type = bytes.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (end > bytes.length) break;
    if (!['eXIf', 'tEXt', 'zTXt', 'iTXt'].includes(type)) parts.push(bytes.subarray(i, end));
    i = end;
  }
  parts.push(bytes.subarray(i));
  return Buffer.concat(parts);
}

/** WebP: drop EXIF and XMP chunks, clear their flags and fix the RIFF size. */
function stripWebp(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 12;
  while (i + 8 <= bytes.length) {
    const type = bytes.toString('latin1', i, i + 4);
    const size = bytes.readUInt32LE(i + 4);
    const end = Math.min(bytes.length, i + 8 + size + (size % 2));
    if (type === 'VP8X') {
      const chunk = Buffer.from(bytes.subarray(i, end));
      // Flags byte: bit 3 is EXIF, bit 2 is XMP.
      if (chunk.length > 8) chunk[8] = (chunk[8] ?? 0) & ~0x0c;
      parts.push(chunk);
    } else if (type !== 'EXIF' && type !== 'XMP ') {
      parts.push(bytes.subarray(i, end));
    }
    i = end;
  }
  const body = Buffer.concat(parts);
  const header = Buffer.from(bytes.subarray(0, 12));
  header.writeUInt32LE(body.length + 4, 4);
  return Buffer.concat([header, body]);
}

export function stripMetadata(type: ImageType, bytes: Buffer): Buffer {
  switch (type) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
  }
}
