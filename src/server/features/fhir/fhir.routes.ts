// The read-only FHIR R4 endpoint: a child's record for another service (a new therapist, a
// paediatrician's system), as the signed-in reader may see it. Every read is audited like any
// other read of the child's record. See docs/fhir.md.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ChildId } from '../../../contract/children.ts';
import { requireAccess } from '../../access/access.ts';
import { auditContext, auditedRead } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { requireActor, requireChildAccess } from '../../http/auth.ts';
import { badField, notFound } from '../../http/errors.ts';
import type { App } from '../../http/types.ts';
import { bundleOf, capabilityStatement, childResources, FHIR_JSON, type ExportReader } from './fhir.service.ts';

/**
 * A FHIR resource, sent as application/fhir+json: the document names only its type here (the
 * resources are FHIR R4's own; see docs/fhir.md).
 */
const FhirResource = z.looseObject({ resourceType: z.string(), id: z.string().optional() });
const answers = { 200: FhirResource };

/** `patient=Patient/<id>` or `patient=<id>`. */
const GoalSearch = z.strictObject({ patient: z.string().min(1).max(100) });

export function registerFhirRoutes(app: App, deps: Deps): void {
  const base = `${deps.config.publicUrl}/fhir/r4`;
  const tags = ['fhir'];
  const send = (reply: FastifyReply, body: unknown) => reply.type(FHIR_JSON).send(JSON.stringify(body));

  /** The reader's resources of the child, the read in the audit log. */
  async function resourcesFor(request: FastifyRequest, reader: ExportReader, action: string) {
    const a = reader.access;
    return auditedRead(deps.db, auditContext(request), { action, childId: a.childId, clinicId: a.clinicId, subjectType: 'child', subjectId: a.childId },
      () => childResources(deps.db, reader, deps.clock()));
  }
  const readerOf = (request: FastifyRequest): ExportReader => {
    const actor = requireActor(request);
    return { userId: actor.userId, access: requireChildAccess(request), locale: actor.locale };
  };

  app.get('/fhir/r4/metadata', { config: { public: true }, schema: { tags, response: answers } }, async (_request, reply) => send(reply, capabilityStatement(base, deps.clock())));

  app.get('/fhir/r4/Patient/:childId', { config: { child: 'record.export' }, schema: { tags, params: ChildId, response: answers } }, async (request, reply) => {
    const [patient] = await resourcesFor(request, readerOf(request), 'record.fhir');
    return send(reply, patient);
  });

  app.get('/fhir/r4/Patient/:childId/$everything', { config: { child: 'record.export' }, schema: { tags, params: ChildId, response: answers } }, async (request, reply) => {
    const resources = await resourcesFor(request, readerOf(request), 'record.fhir');
    return send(reply, bundleOf(base, 'searchset', resources, `${base}/Patient/${request.params.childId}/$everything`));
  });

  app.get('/fhir/r4/Goal', { schema: { tags, querystring: GoalSearch, response: answers } }, async (request, reply) => {
    const actor = requireActor(request);
    const childId = request.query.patient.replace(/^Patient\//, '');
    if (!/^[0-9a-f-]{36}$/i.test(childId)) throw badField('patient', 'Name a patient: Patient/<id>.');
    const access = (await requireAccess(deps.db, { ...auditContext(request), actorId: actor.userId }, 'record.export', [childId])).get(childId);
    if (!access) throw notFound();
    const resources = await resourcesFor(request, { userId: actor.userId, access, locale: actor.locale }, 'record.fhir');
    return send(reply, bundleOf(base, 'searchset', resources.filter((r) => r.resourceType === 'Goal'), `${base}/Goal?patient=Patient/${childId}`));
  });
}
