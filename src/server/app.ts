import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Deps } from './deps.ts';
import { registerAdminRoutes } from './features/admin/admin.routes.ts';
import { registerDigestRoutes } from './features/digests/digests.routes.ts';
import { registerFamilyEventRoutes } from './features/events/events.routes.ts';
import { registerCheckinRoutes } from './features/checkins/checkins.routes.ts';
import { registerNewsletterRoutes } from './features/newsletters/newsletters.routes.ts';
import { registerMilestoneRoutes } from './features/milestones/milestones.routes.ts';
import { registerPlanRoutes } from './features/plan/plan.routes.ts';
import { practiceItemVisible, registerPracticeRoutes } from './features/practice/practice.routes.ts';
import { journalEntryVisible, registerJournalRoutes } from './features/journal/journal.routes.ts';
import { messageVisible, registerMessageRoutes } from './features/messages/messages.routes.ts';
import { registerReviewRoutes } from './features/reviews/reviews.routes.ts';
import { registerGoalRatingRoutes } from './features/reviews/goal-ratings.routes.ts';
import { registerGoodNewsRoutes } from './features/good-news/good-news.routes.ts';
import { registerSessionMoveRoutes } from './features/sessions/moves.routes.ts';
import { registerSessionRecordRoutes } from './features/sessions/record.routes.ts';
import { registerAgendaRoutes } from './features/sessions/agenda.routes.ts';
import { registerSessionRoutes } from './features/sessions/sessions.routes.ts';
import { registerCalendarFeedRoutes } from './features/sessions/calendar-feed.routes.ts';
import { registerAuthRoutes } from './features/auth/auth.routes.ts';
import { registerChildrenRoutes } from './features/children/children.routes.ts';
import { registerInvitationRoutes } from './features/invitations/invitations.routes.ts';
import { registerMeRoutes } from './features/me/me.routes.ts';
import { registerNotificationRoutes } from './features/notifications/notifications.routes.ts';
import { registerSmsRoutes } from './features/notifications/sms/sms.routes.ts';
import { registerStrategyRoutes } from './features/strategies/strategies.routes.ts';
import { registerResourceRoutes } from './features/resources/resources.routes.ts';
import { registerSetupRoutes } from './features/setup/setup.routes.ts';
import { registerTeamRoutes } from './features/team/team.routes.ts';
import { registerQuickReplyRoutes } from './features/translation/quick-replies.routes.ts';
import { registerContentTranslationRoutes } from './features/translation/content-translation.routes.ts';
import { isApiUrl, isPageRequest, mustEnrolTwoFactor, registerAuth } from './http/auth.ts';
import { firstPageOf, loadWebPages, pageLocale } from './http/web-pages.ts';
import { RETRY_AFTER_SECONDS, registerErrorHandling } from './http/errors.ts';
import { registerIdempotency } from './http/idempotency.ts';
import { registerInputChecks } from './http/input.ts';
import { DOCS_PREFIX, registerOpenApi } from './http/openapi.ts';
import { registerTestClockRoutes, type TestClock } from './http/test-clock.ts';
import { requestLogSerializer } from './http/log-redaction.ts';
import { registerRawBodies } from './uploads/receive.ts';
import { registerUploadRoutes } from './uploads/uploads.routes.ts';
import { registerReportRoutes } from './features/reports/reports.routes.ts';
import { registerEventRoutes } from './realtime/events.routes.ts';
import { registerFhirRoutes } from './features/fhir/fhir.routes.ts';
import { registerArchiveRoutes } from './features/archive/archive.routes.ts';
import type { OwnerChecks } from './uploads/uploads.service.ts';
import { registerVideoRoutes } from './features/video/video.routes.ts';

/** Who may see an upload: whoever may see what it belongs to, by that feature's own rule. */
export const UPLOAD_OWNERS: OwnerChecks = { practice_item: practiceItemVisible, journal_entry: journalEntryVisible, message: messageVisible };

export const JSON_BODY_LIMIT = 256 * 1024;

// Powerful browser features: only the camera, microphone and full screen of a video session, from
// CareTeam itself; nothing else, and nothing for any embedded frame.
export const PERMISSIONS_POLICY = [
  'camera=(self)', 'microphone=(self)', 'fullscreen=(self)', 'display-capture=(self)',
  'geolocation=()', 'payment=()', 'usb=()', 'serial=()', 'bluetooth=()', 'hid=()', 'midi=()',
  'accelerometer=()', 'gyroscope=()', 'magnetometer=()', 'browsing-topics=()', 'interest-cohort=()',
].join(', ');

/** The whole HTTP application without listening; tests drive it with inject(). */
/** `testClock`: only when TEST_CLOCK is on (never in production), the route that moves the clock. */
export async function buildApp(deps: Deps, opts: { logger?: FastifyBaseLogger; testClock?: { clock: TestClock; runMinuteJobs: () => Promise<void> } } = {}) {
  const app = Fastify({
    // One-time secrets in mailed links never reach the request log (see log-redaction.ts).
    ...(opts.logger ? { loggerInstance: opts.logger.child({}, { serializers: { req: requestLogSerializer } }) } : { logger: false }),
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: deps.config.env === 'production',
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 300 },
    // Slow or idle clients cannot hold sockets: headers, the whole request (body included), an idle
    // connection and a kept-alive one each have a limit, checked every second.
    http: {
      headersTimeout: deps.config.http.headersTimeoutMs,
      requestTimeout: deps.config.http.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, deps.config.http.headersTimeoutMs),
    },
    requestTimeout: deps.config.http.requestTimeoutMs,
    connectionTimeout: deps.config.http.idleTimeoutMs,
    keepAliveTimeout: deps.config.http.keepAliveTimeoutMs,
    // An address the router cannot read answers in the API's one error shape, like every other 4xx.
    frameworkErrors: (err, _request, reply) => {
      // A path part too long to be any id names nothing.
      const error = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? { status: 404, code: 'not_found', message: 'Not found.' } : { status: 400, code: 'bad_request', message: 'The address is not valid.' };
      void (reply as FastifyReply).status(error.status).send({ error: { code: error.code, message: error.message } });
    },
  }).withTypeProvider<ZodTypeProvider>();
  // Past this many open connections, new ones are refused at once.
  app.server.maxConnections = deps.config.http.maxConnections;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // The API speaks JSON only: a text/plain body (what a cross-site form can send) is a 415.
  app.removeContentTypeParser('text/plain');

  // The security headers, built once (the Fastify plugin rebuilt them on every request).
  const securityHeaders = helmet({
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
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (e?: unknown) => done(e instanceof Error ? e : undefined));
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await registerOpenApi(app, deps);

  app.addHook('onSend', async (request, reply, payload) => {
    void reply.header('Permissions-Policy', PERMISSIONS_POLICY);
    // A route that says how it may be kept (an uploaded file) keeps its word; every other answer is not stored.
    if (isApiUrl(request.url) && !request.url.startsWith(DOCS_PREFIX) && !reply.hasHeader('Cache-Control')) void reply.header('Cache-Control', 'no-store');
    return payload;
  });

  registerAuth(app, deps);
  registerRawBodies(app);
  registerInputChecks(app);
  registerIdempotency(app, deps);

  app.get('/api/health', {
    // Whoever asks, the answer is the database's state: no session is looked up (that would need
    // the database too, and fail before this could say so).
    config: { public: true, sessionless: true },
    schema: { tags: ['health'], response: { 200: z.object({ status: z.literal('ok'), database: z.literal('up') }), 503: z.object({ status: z.literal('degraded'), database: z.literal('down') }) } },
  }, async (request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ok' as const, database: 'up' as const };
    } catch (err) {
      request.log.warn({ message: (err as Error).message, code: (err as { code?: unknown }).code }, 'health: database unavailable');
      return reply.status(503).header('Retry-After', String(RETRY_AFTER_SECONDS)).send({ status: 'degraded' as const, database: 'down' as const });
    }
  });

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
  registerGoalRatingRoutes(app, deps);
  registerGoodNewsRoutes(app, deps);
  registerSessionRoutes(app, deps);
  registerCalendarFeedRoutes(app, deps);
  registerSessionMoveRoutes(app, deps);
  registerSessionRecordRoutes(app, deps);
  registerAgendaRoutes(app, deps);
  registerStrategyRoutes(app, deps);
  registerResourceRoutes(app, deps);
  registerUploadRoutes(app, deps, UPLOAD_OWNERS);
  registerMessageRoutes(app, deps);
  registerQuickReplyRoutes(app, deps);
  registerContentTranslationRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerSmsRoutes(app, deps);
  registerDigestRoutes(app, deps);
  registerNewsletterRoutes(app, deps);
  registerFamilyEventRoutes(app, deps);
  registerCheckinRoutes(app, deps);
  registerEventRoutes(app, deps);
  registerVideoRoutes(app, deps);
  registerFhirRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerArchiveRoutes(app, deps);
  if (opts.testClock) registerTestClockRoutes(app, opts.testClock.clock, opts.testClock.runMinuteJobs);

  // The web app: built files, and its page (index.html with the first page's files named) for every
  // other page address.
  const webRoot = deps.config.webRoot;
  const webPages = loadWebPages(webRoot);
  if (webPages) {
    await app.register(fastifyStatic, {
      root: webRoot,
      // `/` is a page address like any other (below).
      index: false,
      // The build's manifest (in `.vite/`) is for the server, not for readers.
      dotfiles: 'deny',
      // The build writes brotli and gzip copies beside each file: sent as they are, no work per request.
      preCompressed: true,
      // Built asset names carry a content hash: they never change, so browsers may keep them.
      // index.html names the current ones, so it is always checked again.
      setHeaders: (reply, filePath) => {
        const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
        void reply.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
    if (!webPages) return reply.status(404).send({ error: { code: 'not_found', message: 'Not found.' } });
    const pathname = request.url.split('?')[0] ?? '/';
    // Still owing a two-factor step, a reader sees the sign-in page.
    const signedIn = request.actor !== null && !request.actor.mfaPending && !mustEnrolTwoFactor(request.actor);
    const page = webPages.render(firstPageOf(pathname, signedIn), pageLocale(request.actor?.locale, request.headers['accept-language']), request.headers['accept-encoding']);
    // The page names the reader's own files: checked again on every visit, never kept by a shared cache.
    void reply.header('Cache-Control', 'private, no-cache').header('Vary', 'Accept-Encoding, Accept-Language, Cookie').type('text/html; charset=utf-8');
    if (page.encoding) void reply.header('Content-Encoding', page.encoding);
    return reply.send(page.body);
  };
  if (webPages) app.get('/', { schema: { hide: true } }, sendPage);
  app.setNotFoundHandler((request, reply) => {
    if (isPageRequest(request.method, request.url)) return sendPage(request, reply);
    return reply.status(404).send({ error: { code: 'not_found', message: 'Not found.' } });
  });
  return app;
}
