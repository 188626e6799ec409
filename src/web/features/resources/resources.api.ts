// Types only from the contract: its zod schemas stay out of the browser bundle.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type * as Resources from '../../../contract/resources.ts';
import { localeAmong, LOCALES, type Locale } from '../../../contract/locales.ts';
import { RESOURCE_FILE_RULE } from '../../../contract/upload-rules.ts';
import { api } from '../../api/client.ts';
import { sendFileBytes } from '../uploads/uploads.api.ts';

export type Resource = z.infer<typeof Resources.Resource>;
export type ResourceKind = Resource['kind'];
export type ResourceText = z.infer<typeof Resources.ResourceText>;
export type CreateResourceRequest = z.input<typeof Resources.CreateResourceRequest>;
export type ChildResource = z.infer<typeof Resources.ChildResource>;
export type ChildResourceList = z.infer<typeof Resources.ChildResourceList>;
export type FamilyResources = z.infer<typeof Resources.FamilyResources>;
export type ResourceFile = z.infer<typeof Resources.ResourceFile>;

export const KINDS: readonly ResourceKind[] = ['article', 'link', 'video', 'pdf'];

export interface LibraryFilters {
  q: string;
  kind: ResourceKind | '';
}

export const resourceKeys = {
  library: ['resources'] as const,
  search: (f: LibraryFilters) => ['resources', f] as const,
  child: (childId: string) => ['children', childId, 'resources'] as const,
  family: ['family-resources'] as const,
};

/** After a change to a child's resources: their list, and the family's Resources page. */
export const refreshGiven = (queryClient: QueryClient, childId: string) => Promise.all([
  queryClient.invalidateQueries({ queryKey: resourceKeys.child(childId) }),
  queryClient.invalidateQueries({ queryKey: resourceKeys.family }),
]);

export const libraryQuery = (f: LibraryFilters) =>
  queryOptions({
    queryKey: resourceKeys.search(f),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (f.q.trim()) params.set('q', f.q.trim());
      if (f.kind) params.set('kind', f.kind);
      const qs = params.toString();
      return api<{ resources: Resource[] }>(`/api/resources${qs ? `?${qs}` : ''}`, { signal });
    },
    placeholderData: (previous) => previous,
  });

export const childResourcesPath = (childId: string, id?: string) =>
  `/api/children/${encodeURIComponent(childId)}/resources${id ? `/${encodeURIComponent(id)}` : ''}`;

export const childResourcesQuery = (childId: string) =>
  queryOptions({ queryKey: resourceKeys.child(childId), queryFn: () => api<ChildResourceList>(childResourcesPath(childId)) });

export const familyResourcesQuery = queryOptions({ queryKey: resourceKeys.family, queryFn: () => api<FamilyResources>('/api/family-resources') });

export function uploadResourceFile(file: File, onProgress: (fraction: number) => void): Promise<ResourceFile> {
  return sendFileBytes<ResourceFile>('/api/resource-files', RESOURCE_FILE_RULE, file, onProgress);
}

/** The resource in the reader's language, else in English, else in one it exists in (and which that is). */
export function resourceText(r: Pick<Resource, 'content' | 'html'>, language: string): { text: ResourceText; html: string; lang: Locale } | null {
  const written = LOCALES.filter((l) => r.content[l]);
  if (written.length === 0) return null;
  const lang = localeAmong([...new Set<Locale>(['en', ...written])].filter((l) => r.content[l]) as [Locale, ...Locale[]], language);
  const text = r.content[lang];
  return text ? { text, html: r.html[lang] ?? '', lang } : null;
}

export const resourceTitle = (r: Pick<Resource, 'content' | 'html'>, language: string) => resourceText(r, language)?.text.title ?? '';
