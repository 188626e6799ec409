import { describe, expect, it } from 'vitest';
import { IMAGE_TYPES } from '../../contract/upload-rules.ts';
import { detectType } from './content.ts';
import { stripMetadata } from './image-metadata.ts';

const GPS = Buffer.from('GPSLatitude 51.5');

describe('an uploaded picture', () => {
  it('is recognised by its bytes, not its name', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(20)]);
    expect(await detectType(jpeg, IMAGE_TYPES)).toBe('image/jpeg');
    expect(await detectType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), IMAGE_TYPES)).toBeNull();
    expect(await detectType(Buffer.from('GIF89a\x01\x00\x01\x00'), IMAGE_TYPES)).toBeNull();
    expect(await detectType(Buffer.from('%PDF-1.7\n'), IMAGE_TYPES)).toBeNull();
    expect(await detectType(Buffer.alloc(0), IMAGE_TYPES)).toBeNull();
  });

  it('loses the EXIF segment of a JPEG and keeps the image data', () => {
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, GPS.length + 2]), GPS]);
    const app0 = Buffer.from([0xff, 0xe0, 0, 4, 1, 2]);
    const scan = Buffer.from([0xff, 0xda, 0, 2, 9, 9, 9, 0xff, 0xd9]);
    const out = stripMetadata('image/jpeg', Buffer.concat([Buffer.from([0xff, 0xd8]), app0, app1, scan]));
    expect(out.includes(GPS)).toBe(false);
    expect(out).toEqual(Buffer.concat([Buffer.from([0xff, 0xd8]), app0, scan]));
  });

  it('loses the EXIF chunk of a WebP, clears its flag and fixes the size', () => {
    const chunk = (type: string, data: Buffer) => {
      const head = Buffer.alloc(8);
      head.write(type, 0, 'latin1');
      head.writeUInt32LE(data.length, 4);
      return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
    };
    const vp8x = chunk('VP8X', Buffer.from([0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    const body = Buffer.concat([Buffer.from('WEBP'), vp8x, chunk('VP8 ', Buffer.from([1, 2, 3, 4])), chunk('EXIF', GPS)]);
    const riff = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), body]);
    riff.writeUInt32LE(body.length, 4);
    const out = stripMetadata('image/webp', riff);
    expect(out.includes(GPS)).toBe(false);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out[20]! & 0x08).toBe(0);
    expect(out.includes(Buffer.from([1, 2, 3, 4]))).toBe(true);
  });
});
