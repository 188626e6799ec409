import { z } from 'zod';
import { TeamRole } from './access.ts';
import { TherapyType } from './children.ts';
import { Id, LongText, PerLocale, Text, Timestamp } from './common.ts';
import { LOCALES } from './locales.ts';

// Resources for families: a clinic library (CareTeam's starter articles plus the clinic's own
// articles, links, videos and PDFs) and the resources a therapist gives a child's family, with a
// note; the family opens them and says whether they helped, the therapist sees who opened what.

export const RESOURCE_KINDS = ['article', 'link', 'video', 'pdf'] as const;
export const ResourceKind = z.enum(RESOURCE_KINDS);
export type ResourceKind = z.infer<typeof ResourceKind>;

/** What a resource says in one language. The body is the article (markdown), or a line about a link or file. */
export const ResourceText = z.strictObject({
  title: Text(160),
  summary: LongText(400).default(''),
  body: LongText(20_000).default(''),
});
export type ResourceText = z.infer<typeof ResourceText>;

/** One or more of the app's languages: the languages the resource exists in are the ones written. */
export const ResourceContent = PerLocale(ResourceText);

const Tag = z.string().trim().toLowerCase().min(1).max(40);
const Age = z.number().int().min(0).max(25);

export const CreateResourceRequest = z.strictObject({
  kind: ResourceKind,
  content: ResourceContent,
  /** A link, or a video's address (YouTube, Vimeo…): http or https. */
  url: z.string().trim().max(2000).nullable().default(null),
  /** An uploaded PDF or video (POST /api/resource-files). */
  fileId: Id.nullable().default(null),
  /** Who it suits: therapy types (none: any), ages in years (null: any). */
  therapyTypes: z.array(TherapyType).max(8).default([]),
  ageMin: Age.nullable().default(null),
  ageMax: Age.nullable().default(null),
  tags: z.array(Tag).max(12).default([]),
});
export const UpdateResourceRequest = CreateResourceRequest.omit({ kind: true, fileId: true }).partial();

export const ResourceFile = z.object({
  id: Id,
  contentType: z.string(),
  kind: z.enum(['video', 'pdf']),
  byteSize: z.number(),
});

export const Resource = z.object({
  id: Id,
  /** A CareTeam starter article: read-only. */
  starter: z.boolean(),
  kind: ResourceKind,
  content: ResourceContent,
  /** Each language's body as safe HTML (markdown rendered and sanitised). */
  html: PerLocale(z.string()),
  url: z.string().nullable(),
  file: ResourceFile.omit({ id: true }).nullable(),
  therapyTypes: z.array(TherapyType),
  ageMin: z.number().nullable(),
  ageMax: z.number().nullable(),
  tags: z.array(z.string()),
  /** The signed-in person may edit it (a clinician of the clinic that owns it). */
  editable: z.boolean(),
  archived: z.boolean(),
  updatedAt: Timestamp,
});
export type Resource = z.infer<typeof Resource>;

export const ResourceList = z.object({ resources: z.array(Resource) });
export const ResourceQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  kind: ResourceKind.optional(),
  language: z.enum(LOCALES).optional(),
  therapyType: TherapyType.optional(),
  tag: Tag.optional(),
});
export const ResourceParams = z.object({ resourceId: z.string() });

/** A therapist gives a library resource to a child's family, with a personal note. */
export const AssignResourceRequest = z.strictObject({
  resourceId: Id,
  /** "Have a look before Tuesday: the part about the calm corner." */
  note: LongText(1000).default(''),
});
export const HelpfulRequest = z.strictObject({
  /** true: it helped; false: not really; null: take the answer back. */
  helpful: z.boolean().nullable(),
});

export const ResourceReader = z.object({
  name: z.string(),
  role: TeamRole.nullable(),
  firstOpenedAt: Timestamp.nullable(),
  lastOpenedAt: Timestamp.nullable(),
  openedCount: z.number(),
  helpful: z.boolean().nullable(),
});

export const ChildResource = z.object({
  id: Id,
  childId: Id,
  resource: Resource,
  note: z.string(),
  assignedBy: z.string(),
  assignedAt: Timestamp,
  /** The file, read through the child (the family reads it here, never from the library). */
  fileUrl: z.string().nullable(),
  /** The reader's own: when they first opened it, and whether it helped. */
  mine: z.object({ openedAt: Timestamp.nullable(), helpful: z.boolean().nullable() }),
  /** Who of the family opened it and when: for those who give resources (null for everyone else). */
  readers: z.array(ResourceReader).nullable(),
});
export type ChildResource = z.infer<typeof ChildResource>;

export const ChildResourceList = z.object({
  resources: z.array(ChildResource),
  /** The reader may give this child's family resources. */
  canAssign: z.boolean(),
});
export const ChildResourceParams = z.object({ childId: z.string(), childResourceId: z.string() });

/** The family's Resources page: what was given to each of their children. */
export const FamilyResources = z.object({
  children: z.array(z.object({ id: Id, firstName: z.string(), resources: z.array(ChildResource) })),
});
