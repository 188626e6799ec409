import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps } from './deps.ts';
import { registerAdminRoutes } from './features/admin/admin.routes.ts';
import { registerDigestRoutes } from './features/digests/digests.routes.ts';
import { registerNewsletterRoutes } from './features/newsletters/newsletters.routes.ts';
import { registerMilestoneRoutes } from './features/milestones/milestones.routes.ts';
import { registerPlanRoutes } from './features/plan/plan.routes.ts';
import { practiceItemVisible, registerPracticeRoutes } from './features/practice/practice.routes.ts';
import { journalEntryVisible, registerJournalRoutes } from './features/journal/journal.routes.ts';
import { messageVisible, registerMessageRoutes } from './features/messages/messages.routes.ts';
import { registerReviewRoutes } from './features/reviews/reviews.routes.ts';
import { registerAuthRoutes } from './features/auth/auth.routes.ts';
import { registerChildrenRoutes } from './features/children/children.routes.ts';
import { registerInvitationRoutes } from './features/invitations/invitations.routes.ts';
import { registerMeRoutes } from './features/me/me.routes.ts';
import { registerNotificationRoutes } from './features/notifications/notifications.routes.ts';
import { registerStrategyRoutes } from './features/strategies/strategies.routes.ts';
import { registerSetupRoutes } from './features/setup/setup.routes.ts';
import { registerTeamRoutes } from './features/team/team.routes.ts';
import { registerQuickReplyRoutes } from './features/translation/quick-replies.routes.ts';
import { registerAuth } from './http/auth.ts';
import { registerErrorHandling } from './http/errors.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { registerInputChecks } from './http/input.ts';
import { requestLogSerializer } from './http/log-redaction.ts';
import { registerRawBodies } from './uploads/receive.ts';
import { registerUploadRoutes } from './uploads/uploads.routes.ts';
import { registerEventRoutes } from './realtime/events.routes.ts';

export const JSON_BODY_LIMIT = 256 * 1024;

// Powerful browser features: only the camera, microphone and full screen of a video session, from
// CareTeam itself; nothing else, and nothing for any embedded frame.
export const PERMISSIONS_POLICY = [
  'camera=(self)', 'microphone=(self)', 'fullscreen=(self)', 'display-capture=(self)',
  'geolocation=()', 'payment=()', 'usb=()', 'serial=()', 'bluetooth=()', 'hid=()', 'midi=()',
  'accelerometer=()', 'gyroscope=()', 'magnetometer=()', 'browsing-topics=()', 'interest-cohort=()',
].join(', ');

/** The whole HTTP application without listening; tests drive it with inject(). */
export async function buildApp(deps: Deps, opts: { logger?: FastifyBaseLogger } = {}) {
  const app = Fastify({
    // One-time secrets in mailed links never reach the request log (see log-redaction.ts).
    ...(opts.logger ? { loggerInstance: opts.logger.child({}, { serializers: { req: requestLogSerializer } }) } : { logger: false }),
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: deps.config.env === 'production',
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 300 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // The API speaks JSON only: a text/plain body (what a cross-site form can send) is a 415.
  app.removeContentTypeParser('text/plain');

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    hsts: deps.config.env === 'production',
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'CareTeam API', version: '1.0.0', description: 'Every route a CareTeam client uses. Sessions are cookies; state-changing requests carry X-CSRF-Token.' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('Permissions-Policy', PERMISSIONS_POLICY);
    // A route that says how it may be kept (an uploaded file) keeps its word; every other answer is not stored.
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs') && !reply.hasHeader('Cache-Control')) void reply.header('Cache-Control', 'no-store');
    return payload;
  });

  registerAuth(app, deps);
  registerRawBodies(app);
  registerInputChecks(app);
  registerIdempotency(app, deps);

  app.get('/api/health', {
    config: { public: true },
    schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok'), database: z.literal('up') }), 503: z.object({ status: z.literal('degraded'), database: z.literal('down') }) } },
  }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' as const, database: 'up' as const };
    } catch {
      return reply.status(503).send({ status: 'degraded' as const, database: 'down' as const });
    }
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerSetupRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerMeRoutes(app, deps);
  registerInvitationRoutes(app, deps);
  registerChildrenRoutes(app, deps);
  registerTeamRoutes(app, deps);
  registerAdminRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerPracticeRoutes(app, deps);
  registerJournalRoutes(app, deps);
  registerMilestoneRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerStrategyRoutes(app, deps);
  registerUploadRoutes(app, deps, { practice_item: practiceItemVisible, journal_entry: journalEntryVisible, message: messageVisible });
  registerMessageRoutes(app, deps);
  registerQuickReplyRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerDigestRoutes(app, deps);
  registerNewsletterRoutes(app, deps);
  registerEventRoutes(app, deps);

  // The web app: built files, and index.html for every other page address.
  const webRoot = deps.config.webRoot;
  const hasWeb = existsSync(path.join(webRoot, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webRoot,
      index: 'index.html',
      // Built asset names carry a content hash: they never change, so browsers may keep them.
      // index.html names the current ones, so it is always checked again.
      setHeaders: (reply, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        void reply.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && path.extname(request.url.split('?')[0] ?? '') === '';
    if (hasWeb && isPage) return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    return reply.status(404).send({ error: { code: 'not_found', message: 'Not found.' } });
  });
  return app;
}
