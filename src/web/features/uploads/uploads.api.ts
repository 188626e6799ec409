// Sending a file: its bytes as the body, with progress, after a size check on the phone so a
// too-big video is refused before a minute of uploading. The server checks again, and decides the
// type from the bytes.
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { UPLOAD_RULES, type MediaKind, type PictureSize } from '../../../contract/upload-rules.ts';
import type * as Uploads from '../../../contract/uploads.ts';
import { ApiError, currentCsrfToken } from '../../api/client.ts';
import { formatNumber } from '../../lib/format.ts';

export type Upload = z.infer<typeof Uploads.Upload>;
export type OpenPurpose = 'practice_image' | 'practice_clip' | 'journal_photo' | 'message_attachment';
/** A file chosen for a form: what the form sends (its id) and what it shows. */
export type Attached = { id: string; url: string; kind: MediaKind; pictureSize?: PictureSize | null };

export const ACCEPT: Record<OpenPurpose, string> = {
  practice_image: 'image/png,image/jpeg,image/webp',
  practice_clip: 'audio/*,video/mp4,video/webm,video/quicktime',
  journal_photo: 'image/png,image/jpeg,image/webp',
  message_attachment: 'image/png,image/jpeg,image/webp,application/pdf,audio/*,video/mp4,video/webm,video/quicktime',
};

const megabytes = (bytes: number) => Math.round(bytes / (1024 * 1024));

export function uploadFile(childId: string, purpose: OpenPurpose, file: File, onProgress: (fraction: number) => void): Promise<Upload> {
  return sendFileBytes<Upload>(`/api/children/${encodeURIComponent(childId)}/uploads?purpose=${purpose}`, UPLOAD_RULES[purpose], file, onProgress);
}

/** Sends a file's bytes to an upload route (checked against its rule first), with progress. */
export function sendFileBytes<T>(url: string, rule: { maxBytes: number }, file: File, onProgress: (fraction: number) => void): Promise<T> {
  if (file.size > rule.maxBytes) return Promise.reject(new ApiError(413, 'payload_too_large', 'Too large.'));
  if (file.size === 0) return Promise.reject(new ApiError(415, 'unsupported_media_type', 'Empty file.'));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    // The server reads the type from the bytes; the name and the phone's guess are not sent.
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status === 201) return resolve(data as T);
      const error = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
      reject(new ApiError(xhr.status, error?.code ?? 'internal', error?.message ?? xhr.statusText, error?.details));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The network request failed.'));
    xhr.send(file);
  });
}

/** What went wrong, in words a parent can act on. */
export function uploadErrorMessage(error: unknown, purpose: OpenPurpose, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.code === 'payload_too_large') return t('uploads.errors.tooBig', { max: formatNumber(megabytes(UPLOAD_RULES[purpose].maxBytes)) });
    if (error.code === 'unsupported_media_type') {
      if (purpose === 'message_attachment') return t('messages.attach.wrongType');
      return purpose === 'practice_clip' ? t('uploads.errors.wrongClip') : t('uploads.errors.wrongPicture');
    }
    // A picture the server could not use: too many pixels, or not readable.
    if (error.code === 'validation_failed' && purpose !== 'practice_clip') {
      const details = Array.isArray(error.details) ? (error.details as { maxPixels?: number }[]) : [];
      const maxPixels = details.find((d) => d.maxPixels)?.maxPixels;
      return maxPixels ? t('uploads.errors.tooManyPixels', { max: maxPixels / 1_000_000 }) : t('uploads.errors.unreadablePicture');
    }
    if (error.status === 0) return t('uploads.errors.network');
  }
  return t('uploads.errors.failed');
}

export const attachedOf = (u: Upload): Attached => ({ id: u.id, url: u.url, kind: u.kind, pictureSize: u.pictureSize });
