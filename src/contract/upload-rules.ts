// What each use of an upload accepts, as plain data: shared by the server and the browser (which
// must not load zod, and checks the size before sending). src/contract/uploads.ts adds the schemas.

export const UPLOAD_PURPOSES = ['practice_image', 'practice_clip', 'journal_photo', 'message_attachment'] as const;
export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];
/** The uses a person can upload for. */
export const OPEN_UPLOAD_PURPOSES = ['practice_image', 'practice_clip', 'journal_photo', 'message_attachment'] as const;

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const AUDIO_TYPES = ['audio/mpeg', 'audio/mp4', 'audio/x-m4a', 'audio/ogg', 'audio/ogg; codecs=opus', 'audio/webm', 'audio/wav'] as const;
export const VIDEO_TYPES = ['video/mp4', 'video/webm', 'video/quicktime'] as const;
export const PDF_TYPES = ['application/pdf'] as const;

const MB = 1024 * 1024;
export const UPLOAD_RULES: Record<UploadPurpose, { types: readonly string[]; maxBytes: number }> = {
  practice_image: { types: IMAGE_TYPES, maxBytes: 10 * MB },
  practice_clip: { types: [...AUDIO_TYPES, ...VIDEO_TYPES], maxBytes: 50 * MB },
  journal_photo: { types: IMAGE_TYPES, maxBytes: 10 * MB },
  message_attachment: { types: [...IMAGE_TYPES, ...PDF_TYPES, ...AUDIO_TYPES, ...VIDEO_TYPES], maxBytes: 50 * MB },
};

/** A clinic library's PDF or video for families (a resource), kept by the clinic rather than a child. */
export const RESOURCE_FILE_RULE = { types: [...PDF_TYPES, ...VIDEO_TYPES], maxBytes: 50 * MB } as const;

export type MediaKind = 'image' | 'audio' | 'video' | 'pdf';
export function mediaKind(contentType: string): MediaKind {
  if (contentType.startsWith('image/')) return 'image';
  if (contentType.startsWith('audio/')) return 'audio';
  if (contentType.startsWith('video/')) return 'video';
  return 'pdf';
}

export const uploadUrl = (childId: string, uploadId: string) => `/api/children/${childId}/uploads/${uploadId}`;

/** The widths a picture is also kept at, as WebP, for screens (never wider than the picture itself). */
export const IMAGE_WIDTHS = [320, 640, 1280] as const;
/** Pictures with more pixels than this (a 40-megapixel camera) are refused: they cost too much to work on. */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** A picture's size in pixels, as uploaded (turned upright); the web draws it at this size at most. */
export type PictureSize = { width: number; height: number };

/** The widths the copies of a picture this wide have: each of IMAGE_WIDTHS, never wider than the picture. */
export const copyWidths = (width: number) => [...new Set(IMAGE_WIDTHS.map((w) => Math.min(w, width)))];

/**
 * An `<img srcset>` for an uploaded picture, so the browser fetches the copy that fits the screen.
 * With the picture's width, each copy is described by its real width (?w=640 of a 500-wide
 * picture is 500 wide); without it, by the width asked for.
 */
export function uploadSrcSet(url: string, width?: number): string {
  const widths = width === undefined ? [...IMAGE_WIDTHS] : copyWidths(width);
  return widths.map((w, i) => `${url}?w=${IMAGE_WIDTHS[i] ?? w} ${w}w`).join(', ');
}
