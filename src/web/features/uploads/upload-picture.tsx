import { uploadSrcSet, type PictureSize } from '../../../contract/upload-rules.ts';

/**
 * How each kind of picture is drawn, in CSS pixels (as in the stylesheets): at a width the
 * stylesheet sets, or at the picture's own size within a box.
 */
const DRAWN: Record<string, { sizes: string } | { maxWidth: number; maxHeight: number }> = {
  'step-picture': { sizes: '(max-width: 256px) 100vw, 256px' },
  'media-thumb': { sizes: '112px' },
  'media-picture': { maxWidth: 320, maxHeight: 256 },
  'message-picture': { maxWidth: 280, maxHeight: 280 },
};

/**
 * An uploaded picture, fetched at the size it is drawn: with srcset the browser takes the server's
 * copy 320, 640 or 1280 wide that fits (the 640 one on a phone of twice the density). A picture
 * drawn at its own size needs that size known (older uploads have none, and no copies either: they
 * are fetched as they are).
 */
export function UploadPicture({ url, alt, className = 'media-picture', size }: { url: string; alt: string; className?: string; size?: PictureSize | null | undefined }) {
  const drawn = DRAWN[className];
  let responsive: { srcSet: string; sizes: string } | null = null;
  if (drawn && 'sizes' in drawn) responsive = { srcSet: uploadSrcSet(url), sizes: drawn.sizes };
  else if (drawn && size) {
    // Its own size, made smaller to fit the box; each copy described by its real width.
    const width = Math.min(size.width, drawn.maxWidth, (drawn.maxHeight * size.width) / size.height);
    responsive = { srcSet: uploadSrcSet(url, size.width), sizes: `${Math.max(1, Math.round(width))}px` };
  }
  return <img src={url} {...responsive} alt={alt} loading="lazy" className={className} />;
}
