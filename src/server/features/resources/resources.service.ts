// Resources: a library resource as its readers see it (the article rendered safely), the checks a
// new or changed one passes, and the resources given to a child as one reader sees them.
import type { z } from 'zod';
import type { TeamRole } from '../../../contract/access.ts';
import type { THERAPY_TYPES } from '../../../contract/children.ts';
import type { ChildResource, CreateResourceRequest, Resource, ResourceKind } from '../../../contract/resources.ts';
import { LOCALES } from '../../../contract/locales.ts';
import type { ChildAccess } from '../../access/access.ts';
import type { Executor } from '../../db/database.ts';
import { badField } from '../../http/errors.ts';
import { renderMarkdown } from '../newsletters/markdown.ts';
import { readersOf, resourcesByIds, type ChildResourceRow, type ResourceFileRow, type ResourceRow } from './resources.repository.ts';


export function toResource(row: ResourceRow, clinicId: string | null): Resource {
  const html: Resource['html'] = {};
  for (const l of LOCALES) {
    const text = row.content[l];
    if (text?.body) html[l] = renderMarkdown(text.body);
  }
  return {
    id: row.id,
    starter: row.clinic_id === null,
    kind: row.kind,
    content: row.content,
    html,
    url: row.url,
    file: row.file_type !== null && row.file_bytes !== null ? { contentType: row.file_type, kind: row.file_type === 'application/pdf' ? 'pdf' : 'video', byteSize: row.file_bytes } : null,
    therapyTypes: row.therapy_types as (typeof THERAPY_TYPES)[number][],
    ageMin: row.age_min,
    ageMax: row.age_max,
    tags: row.tags,
    editable: clinicId !== null && row.clinic_id === clinicId,
    archived: row.archived_at !== null,
    updatedAt: row.updated_at.toISOString(),
  };
}

type Body = z.output<typeof CreateResourceRequest>;

/** The words and audience of a resource, checked; the kind decides whether it needs an address or a file. */
export function checkedResource(kind: ResourceKind, b: Omit<Body, 'kind' | 'fileId'>, file: ResourceFileRow | null) {
  if (!LOCALES.some((l) => b.content[l])) throw badField('content', 'Write the resource in at least one language.');
  if (kind === 'article' && LOCALES.some((l) => b.content[l] && !b.content[l].body)) throw badField('content', 'Write the article in each of its languages.');
  if (b.ageMin !== null && b.ageMax !== null && b.ageMax < b.ageMin) throw badField('ageMax', 'The oldest age cannot be below the youngest.');
  const url = b.url === null || b.url === '' ? null : b.url;
  if (url !== null && !/^https?:\/\/[^\s/]+\.[^\s]+$/i.test(url)) throw badField('url', 'Enter a web address that starts with https://.');
  if (kind === 'article' && url !== null) throw badField('url', 'An article has no address: write it here instead.');
  if (kind === 'link' && url === null) throw badField('url', 'Enter the web address of the link.');
  if (kind === 'pdf' && (file === null || file.content_type !== 'application/pdf')) throw badField('fileId', 'Upload the PDF.');
  if (kind === 'video' && (url === null) === (file === null)) throw badField(url === null ? 'fileId' : 'url', 'Give the video’s web address or upload it, not both.');
  if (kind === 'video' && file !== null && !file.content_type.startsWith('video/')) throw badField('fileId', 'Upload a video file (MP4, WebM or MOV).');
  return {
    content: JSON.stringify(b.content), url, therapy_types: [...new Set(b.therapyTypes)], age_min: b.ageMin, age_max: b.ageMax, tags: [...new Set(b.tags)],
  };
}

export const childFileUrl = (childId: string, childResourceId: string) => `/api/children/${childId}/resources/${childResourceId}/file`;

/**
 * The child's resources as this reader sees them: their own opening and answer, and for those who
 * give resources (plan.edit), who of the team opened each and whether it helped.
 */
export async function presentChildResources(db: Executor, access: ChildAccess, userId: string, rows: readonly ChildResourceRow[]): Promise<ChildResource[]> {
  if (rows.length === 0) return [];
  const [resources, readers] = await Promise.all([resourcesByIds(db, rows.map((r) => r.resource_id)), readersOf(db, rows.map((r) => r.id))]);
  const byId = new Map(resources.map((r) => [r.id, r]));
  const manager = access.permissions.includes('plan.edit');
  return rows.flatMap((r) => {
    const res = byId.get(r.resource_id);
    if (!res) return [];
    const own = readers.filter((x) => x.child_resource_id === r.id);
    const mine = own.find((x) => x.user_id === userId);
    return [{
      id: r.id,
      childId: r.child_id,
      resource: toResource(res, null),
      note: r.note,
      assignedBy: r.assigned_by_name,
      assignedAt: r.assigned_at.toISOString(),
      fileUrl: res.file_id ? childFileUrl(r.child_id, r.id) : null,
      mine: { openedAt: mine?.first_opened_at?.toISOString() ?? null, helpful: mine?.helpful ?? null },
      readers: manager
        ? own.filter((x) => x.user_id !== userId).map((x) => ({
          name: x.name, role: (x.role as TeamRole | null) ?? null, firstOpenedAt: x.first_opened_at?.toISOString() ?? null,
          lastOpenedAt: x.last_opened_at?.toISOString() ?? null, openedCount: x.opened_count, helpful: x.helpful,
        }))
        : null,
    }];
  });
}
