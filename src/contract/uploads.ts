import { z } from 'zod';
import { Id, Timestamp } from './common.ts';

// Files people upload: the schemas of the upload routes. What each use accepts is in upload-rules.ts.

export { mediaKind, OPEN_UPLOAD_PURPOSES, UPLOAD_PURPOSES, UPLOAD_RULES, uploadUrl, type MediaKind, type UploadPurpose } from './upload-rules.ts';
import { OPEN_UPLOAD_PURPOSES, UPLOAD_PURPOSES } from './upload-rules.ts';

export const UploadQuery = z.object({ purpose: z.enum(OPEN_UPLOAD_PURPOSES) });
export const ChildUploadParams = z.object({ childId: z.string(), uploadId: z.string() });
/** A picture's copy at least this wide, as WebP (the picture itself when it is narrower); none: the picture as uploaded. */
export const UploadReadQuery = z.object({ w: z.enum(['320', '640', '1280']).optional() });

/** A picture's size in pixels (turned upright); null for other files and pictures from before sizes were kept. */
export const PictureSize = z.object({ width: z.number(), height: z.number() });

export const Upload = z.object({
  id: Id,
  purpose: z.enum(UPLOAD_PURPOSES),
  contentType: z.string(),
  kind: z.enum(['image', 'audio', 'video', 'pdf']),
  byteSize: z.number(),
  pictureSize: PictureSize.nullable(),
  /** Where the file is read back: an access-checked address under the child, never a public one. */
  url: z.string(),
  createdAt: Timestamp,
});
export type Upload = z.infer<typeof Upload>;
