import { describe, expect, it } from 'vitest';
import { IMAGE_TYPES } from '../../contract/upload-rules.ts';
import { detectType } from './content.ts';
import { variantFor, variantWidths } from './image.ts';

describe('an uploaded picture', () => {
  it('is recognised by its bytes, not its name', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(20)]);
    expect(await detectType(jpeg, IMAGE_TYPES)).toBe('image/jpeg');
    expect(await detectType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), IMAGE_TYPES)).toBeNull();
    expect(await detectType(Buffer.from('GIF89a\x01\x00\x01\x00'), IMAGE_TYPES)).toBeNull();
    expect(await detectType(Buffer.from('%PDF-1.7\n'), IMAGE_TYPES)).toBeNull();
    expect(await detectType(Buffer.alloc(0), IMAGE_TYPES)).toBeNull();
  });

  it('is kept at 320, 640 and 1280 wide, never wider than itself', () => {
    expect(variantWidths(4000)).toEqual([320, 640, 1280]);
    expect(variantWidths(1280)).toEqual([320, 640, 1280]);
    expect(variantWidths(700)).toEqual([320, 640, 700]);
    expect(variantWidths(500)).toEqual([320, 500]);
    expect(variantWidths(200)).toEqual([200]);
  });

  it('is served from the narrowest copy at least as wide as asked, else the widest', () => {
    const copy = (width: number) => ({ width, height: width, key: '', byteSize: 1, sha256: '' });
    const copies = [copy(320), copy(500)];
    expect(variantFor(copies, 320)?.width).toBe(320);
    expect(variantFor(copies, 640)?.width).toBe(500);
    expect(variantFor(copies, 1280)?.width).toBe(500);
    expect(variantFor([], 640)).toBeUndefined();
  });
});
