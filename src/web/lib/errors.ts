import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';

interface Issue {
  path: string[];
  message: string;
}

function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  const issues: Issue[] = [];
  for (const item of error.details as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { path, message } = item as { path?: unknown; message?: unknown };
    if (!Array.isArray(path) || typeof message !== 'string') continue;
    issues.push({ path: path.map(String), message });
  }
  return issues;
}

/** The form field a server issue belongs to, or null when the form has no such field. */
function fieldFor(issue: Issue, fields: readonly string[]): string | null {
  const candidates = [issue.path.join('.'), issue.path[issue.path.length - 1], issue.path[0]];
  for (const candidate of candidates) {
    if (candidate !== undefined && fields.includes(candidate)) return candidate;
  }
  return null;
}

/** The part of a Mantine form this needs (its own type export does not resolve under NodeNext). */
export interface FieldErrorTarget {
  setFieldError(path: string, error: string): void;
  getValues(): object;
}

/**
 * Marks each field the server refused. Returns true when every issue found a field, so no general
 * alert is needed. The server's own wording is English and technical, so a caller passes
 * `fieldMessage` in the reader's language to show instead.
 */
export function applyServerErrors(
  form: FieldErrorTarget,
  error: unknown,
  fields: readonly string[] = Object.keys(form.getValues()),
  fieldMessage?: string,
): boolean {
  const issues = issuesOf(error);
  if (issues.length === 0) return false;
  let allPlaced = true;
  for (const issue of issues) {
    const field = fieldFor(issue, fields);
    if (field === null) allPlaced = false;
    else form.setFieldError(field, fieldMessage ?? issue.message);
  }
  return allPlaced;
}

/** A sentence for a failed request that a person can act on. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  switch (error.code) {
    case 'network':
      return t('errors.network');
    case 'rate_limited':
      return t('errors.rateLimited');
    case 'csrf_failed':
    case 'forbidden':
      return t('errors.forbidden');
    case 'not_found':
      return t('errors.notFound');
    case 'unavailable':
      return t('errors.unavailable');
    case 'gone':
      return t('errors.gone');
    case 'already_applied':
      return t('errors.alreadyApplied');
    case 'unauthenticated':
    case 'mfa_required':
      return t('errors.signedOut');
    case 'validation_failed':
      // The server's wording is technical and English only.
      return t('errors.checkForm');
    case 'bad_request':
    case 'conflict':
      return error.message || t('errors.unexpected');
    default:
      return t('errors.unexpected');
  }
}
