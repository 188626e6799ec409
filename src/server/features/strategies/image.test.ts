import { describe, expect, it } from 'vitest';
import { sniffImage, stripMetadata } from './image.ts';

const GPS = Buffer.from('GPSLatitude 51.5');

describe('a strategy picture', () => {
  it('is recognised by its bytes, not its name', () => {
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffImage(Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBPVP8 ')]))).toBe('image/webp');
    expect(sniffImage(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImage(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
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
