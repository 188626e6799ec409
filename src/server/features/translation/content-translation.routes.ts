// A clinician's own translation of written content: on a goal, practice item or session summary
// (a child's), or on the clinic's own strategies, newsletters and urgent notices (the whole
// clinic's), "Translations" shows the wording, the machine's draft in a language and any human
// translation (saying when it was made for an earlier wording); saving keeps the clinician's words,
// which the family then sees instead of the machine's. The permission is the one that writes the
// content: plan.edit for goals, practice items and the therapist's note for the family's digest,
// sessions.manage for a session's record, each
// clinic-wide feature its own.
import type { FastifyRequest } from 'fastify';
import type { Permission } from '../../../contract/permissions.ts';
import {
  ClinicContentTranslationParams, ContentTranslationEditor, ContentTranslationParams, PutContentTranslationRequest, type ClinicContentSubjectType, type ContentSubjectType,
} from '../../../contract/translation.ts';
import { requireAccess, type ChildAccess } from '../../access/access.ts';
import { auditContext, auditedRead, recordAudit } from '../../access/audit.ts';
import type { Executor } from '../../db/database.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { digestNoteForTranslation } from '../digests/digest-content.ts';
import { goalForTranslation } from '../plan/plan.service.ts';
import { newsletterForTranslation } from '../newsletters/newsletters.service.ts';
import { noticeForTranslation } from '../notifications/urgent-notice.service.ts';
import { practiceForTranslation } from '../practice/practice.service.ts';
import { summaryForTranslation } from '../sessions/record.service.ts';
import { strategyForTranslation } from '../strategies/strategies.service.ts';
import { saveHumanTranslation, translationEditor, type TranslatableContent } from './content-translation.service.ts';

/** Who writes each kind of content, and so may translate it by hand. */
const WRITER: Record<ContentSubjectType, Permission> = { goal: 'plan.edit', practice_item: 'plan.edit', session_record: 'sessions.manage', digest_note: 'plan.edit' };

/** The child's access, once the person holds the permission that writes this kind of content (else 404, audited outside any transaction). */
async function requireWriter(deps: Deps, request: FastifyRequest, type: ContentSubjectType): Promise<ChildAccess> {
  const access = requireChildAccess(request);
  await requireAccess(deps.db, { ...auditContext(request), actorId: requireActor(request).userId }, WRITER[type], [access.childId], new Map([[access.childId, access]]));
  return access;
}

async function subjectOf(db: Executor, access: ChildAccess, userId: string, type: ContentSubjectType, id: string): Promise<TranslatableContent> {
  const item = type === 'goal' ? await goalForTranslation(db, access, id)
    : type === 'practice_item' ? await practiceForTranslation(db, access, id)
      : type === 'digest_note' ? await digestNoteForTranslation(db, access, id)
        : await summaryForTranslation(db, access, userId, id);
  if (!item) throw notFound();
  return item;
}

const AUDIT_SUBJECT: Record<ContentSubjectType, string> = { goal: 'goal', practice_item: 'practice', session_record: 'session', digest_note: 'digest_note' };

/** The content of one clinic, resolved by its own feature (null: that clinic has none by this id). */
async function clinicContent(db: Executor, clinicId: string, type: ClinicContentSubjectType, id: string, language: string): Promise<TranslatableContent | null> {
  switch (type) {
    case 'strategy':
      return strategyForTranslation(db, clinicId, id, language);
    case 'newsletter':
      return newsletterForTranslation(db, clinicId, id);
    case 'urgent_notice':
      return noticeForTranslation(db, clinicId, id);
  }
}

/**
 * Clinic-wide content the signed-in clinician may edit, in whichever of their clinics it belongs
 * to (a clinician may work for several); another clinic's does not exist.
 */
async function clinicSubjectOf(db: Executor, request: FastifyRequest, type: ClinicContentSubjectType, id: string, language: string): Promise<TranslatableContent> {
  // A strategy is the library's (any clinician of the clinic); a newsletter or urgent notice the admins'.
  const clinics = requireActor(request).clinics.filter((c) => type === 'strategy' || c.role === 'admin');
  for (const clinic of clinics) {
    const item = await clinicContent(db, clinic.clinicId, type, id, language);
    if (item) return item;
  }
  throw notFound();
}

export function registerContentTranslationRoutes(app: App, deps: Deps): void {
  app.get('/api/children/:childId/translations/:subjectType/:subjectId/:language', {
    config: { child: 'child.view' },
    schema: { tags: ['translations'], params: ContentTranslationParams, response: { 200: ContentTranslationEditor } },
  }, async (request) => {
    const p = request.params;
    const access = await requireWriter(deps, request, p.subjectType);
    const item = await subjectOf(deps.db, access, requireActor(request).userId, p.subjectType, p.subjectId);
    return auditedRead(deps.db, auditContext(request), {
      action: 'translation.view', childId: access.childId, clinicId: access.clinicId, subjectType: AUDIT_SUBJECT[p.subjectType], subjectId: item.id, details: { language: p.language },
    }, () => translationEditor(deps, item, p.language));
  });

  app.put('/api/children/:childId/translations/:subjectType/:subjectId/:language', {
    config: { child: 'child.view' },
    schema: { tags: ['translations'], params: ContentTranslationParams, body: PutContentTranslationRequest, response: { 200: ContentTranslationEditor } },
  }, async (request) => {
    const actor = requireActor(request);
    const p = request.params;
    const access = await requireWriter(deps, request, p.subjectType);
    const item = await deps.db.transaction().execute(async (tx) => {
      const found = await subjectOf(tx, access, actor.userId, p.subjectType, p.subjectId);
      const changed = await saveHumanTranslation(tx, found, { language: p.language, fields: request.body.fields, userId: actor.userId, now: deps.clock() });
      // The same words sent again (a retry from a phone) change nothing and are not audited twice.
      if (changed) {
        await recordAudit(tx, auditContext(request), {
          action: 'translation.correct', childId: access.childId, clinicId: access.clinicId, subjectType: AUDIT_SUBJECT[p.subjectType], subjectId: found.id,
          details: { language: p.language, fields: Object.keys(request.body.fields).sort() },
        });
      }
      return found;
    });
    return translationEditor(deps, item, p.language);
  });

  app.get('/api/translations/:subjectType/:subjectId/:language', {
    schema: { tags: ['translations'], params: ClinicContentTranslationParams, response: { 200: ContentTranslationEditor } },
  }, async (request) => {
    const p = request.params;
    const item = await clinicSubjectOf(deps.db, request, p.subjectType, p.subjectId, p.language);
    return auditedRead(deps.db, auditContext(request), {
      action: 'translation.view', clinicId: item.clinicId, subjectType: p.subjectType, subjectId: item.id, details: { language: p.language },
    }, () => translationEditor(deps, item, p.language));
  });

  app.put('/api/translations/:subjectType/:subjectId/:language', {
    schema: { tags: ['translations'], params: ClinicContentTranslationParams, body: PutContentTranslationRequest, response: { 200: ContentTranslationEditor } },
  }, async (request) => {
    const actor = requireActor(request);
    const p = request.params;
    const item = await deps.db.transaction().execute(async (tx) => {
      const found = await clinicSubjectOf(tx, request, p.subjectType, p.subjectId, p.language);
      const changed = await saveHumanTranslation(tx, found, { language: p.language, fields: request.body.fields, userId: actor.userId, now: deps.clock() });
      if (changed) {
        await recordAudit(tx, auditContext(request), {
          action: 'translation.correct', clinicId: found.clinicId, subjectType: p.subjectType, subjectId: found.id,
          details: { language: p.language, fields: Object.keys(request.body.fields).sort() },
        });
      }
      return found;
    });
    return translationEditor(deps, item, p.language);
  });
}
