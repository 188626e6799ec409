import path from 'node:path';
import { sql } from 'kysely';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Permission } from '../../contract/access.ts';
import { auditContext, recordAudit } from '../access/audit.ts';
import { accessFromRows, childAccessSql, childIdsToLoad, requireAccess, type AccessRow, type ChildAccess } from '../access/access.ts';
import type { Deps } from '../deps.ts';
import { AppError } from './errors.ts';
import { SessionCache } from './session-cache.ts';
import { hashToken } from './tokens.ts';
import { localeOf, type Locale } from '../../contract/common.ts';

export const IDLE_TIMEOUT_MS = 30 * 60_000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 3600_000;

export type Actor = {
  userId: string;
  sessionId: string;
  name: string;
  email: string;
  locale: Locale;
  csrfToken: string;
  totpEnabled: boolean;
  mfaPending: boolean;
  clinics: { clinicId: string; role: 'admin' | 'therapist'; requireTwoFactor: boolean }[];
};

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    childAccess: ChildAccess | null;
    /** Access to the route's child (or, with relatedChildren, to every related child), read with the session. */
    preloadedAccess: Map<string, ChildAccess> | null;
    /** The clock the person reads each of those children's times on: their own zone, else the child's. */
    readerZones: Map<string, string> | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session. */
    public?: boolean;
    /** Public, and the session is not even looked up (the health check answers while the database is down). */
    sessionless?: boolean;
    /** Reachable with a session that still owes its second factor. */
    mfaPending?: boolean;
    /** Reachable by staff who must still enrol two-factor. */
    beforeTwoFactorEnrolment?: boolean;
    /** The route takes :childId and needs this permission on that child. */
    child?: Permission;
    /**
     * The route reads across every child the person is related to: what they may do on each is
     * read with the session (and kept with it), see requireRelatedAccess.
     */
    relatedChildren?: boolean;
    /** Only a clinic's admins reach the route; to anyone else it does not exist. */
    clinicAdmin?: boolean;
  }
}

export function sessionCookieName(deps: Deps): string {
  return deps.config.secureCookies ? '__Host-careteam_session' : 'careteam_session';
}

export function setSessionCookie(deps: Deps, reply: FastifyReply, token: string): void {
  void reply.setCookie(sessionCookieName(deps), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.secureCookies,
    maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
  });
}

export function clearSessionCookie(deps: Deps, reply: FastifyReply): void {
  void reply.clearCookie(sessionCookieName(deps), { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.secureCookies });
}

export function mustEnrolTwoFactor(actor: Actor): boolean {
  return !actor.totpEnabled && actor.clinics.some((c) => c.requireTwoFactor);
}

/**
 * The session's person and, for a route about one child, what they may do on that child; for a
 * route about every child they are related to ('related'), what they may do on each: one round trip.
 */
function readSession(deps: Deps, tokenHash: Buffer, children: string | null) {
  const childIds = children === null || children === RELATED ? [] : childIdsToLoad([children]);
  const accessSql = children === RELATED ? childAccessSql(sql.ref('u.id'), 'related') : childIds.length > 0 ? childAccessSql(sql.ref('u.id'), childIds) : null;
  return deps.db
    .selectFrom('auth_session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select([
      's.id as sessionId', 's.csrf_token', 's.mfa_pending', 's.last_seen_at', 's.expires_at', 's.ended_at',
      'u.id as userId', 'u.name', 'u.email', 'u.locale', 'u.totp_enabled', 'u.disabled_at', 'u.time_zone',
      // The user's clinics, in the same round trip.
      sql<Actor['clinics']>`coalesce((select json_agg(json_build_object('clinicId', cm.clinic_id, 'role', cm.role,
        'requireTwoFactor', c.require_two_factor) order by cm.created_at)
        from clinic_member cm join clinic c on c.id = cm.clinic_id where cm.user_id = u.id), '[]')`.as('clinics'),
      // And the children the route is about, if any.
      (accessSql === null ? sql<AccessRow[]>`'[]'::json` : sql<AccessRow[]>`(select coalesce(json_agg(a), '[]'::json) from (${accessSql}) a)`).as('access'),
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
/**
 * What a session row grants on its children, and the clock the person reads each child's times on
 * (their own zone, else the child's): worked out once per row read, however often a kept row is used.
 */
const granted = new WeakMap<SessionRow, { access: Map<string, ChildAccess>; zones: Map<string, string> }>();
function accessOf(row: SessionRow): { access: Map<string, ChildAccess>; zones: Map<string, string> } {
  let g = granted.get(row);
  if (!g) granted.set(row, (g = { access: accessFromRows(row.access), zones: new Map(row.access.map((a) => [a.childId, row.time_zone ?? a.childZone])) }));
  return g;
}

/** readSession's name for "every child the person is related to" (never a child id). */
const RELATED = '*related';
type SessionRow = NonNullable<Awaited<ReturnType<typeof readSession>>>;

/**
 * The sliding idle timeout, without a write on every request: at most one write a minute per
 * session from this server, which the request does not wait for. (Awaited, every request of a busy
 * session's minute wrote too and queued on the session row's lock, each for a commit.) `touched`
 * remembers when this server last moved each session's clock, newer than the kept copies.
 */
function touch(deps: Deps, touched: Map<string, number>, sessionId: string, now: Date, request: FastifyRequest): void {
  touched.set(sessionId, now.getTime());
  if (touched.size > 50_000) for (const [id, at] of touched) if (now.getTime() - at > IDLE_TIMEOUT_MS) touched.delete(id);
  deps.db.updateTable('auth_session').set({ last_seen_at: now }).where('id', '=', sessionId).where('last_seen_at', '<', now).execute()
    .catch((e: unknown) => request.log.warn({ message: (e as Error).message }, 'session last use not recorded'));
}

/** The session's person and their access to the route's child: from the cache, else one round trip. */
async function loadActor(deps: Deps, sessions: SessionCache<SessionRow>, touched: Map<string, number>, request: FastifyRequest, childId: string | null): Promise<{ actor: Actor; access: Map<string, ChildAccess> | null; zones: Map<string, string> | null } | null> {
  const token = request.cookies[sessionCookieName(deps)];
  if (!token || token.length > 200) return null;
  const now = deps.clock();
  const tokenHash = hashToken(token);
  const key = `${tokenHash.toString('base64')} ${childId ?? ''}`;
  // A kept copy is used only once every change committed before this request has been heard here
  // (a sign-out or a removal on another instance included); hearing it drops the copy.
  let row = sessions.get(key) !== undefined && (await deps.realtime.caughtUp()) ? sessions.get(key) : undefined;
  const cached = row !== undefined;
  if (!row) {
    const generation = sessions.begin();
    row = await readSession(deps, tokenHash, childId);
    if (row) sessions.set(key, row.userId, row, generation);
  }
  if (!row || row.ended_at || row.disabled_at) return null;
  const idleFor = now.getTime() - Math.max(row.last_seen_at.getTime(), touched.get(row.sessionId) ?? 0);
  if (now >= row.expires_at || idleFor > IDLE_TIMEOUT_MS) {
    // A kept copy may be older than the session's last use: ask the database before ending it.
    if (cached) {
      sessions.delete(key);
      return loadActor(deps, sessions, touched, request, childId);
    }
    await deps.db.transaction().execute(async (tx) => {
      await tx.updateTable('auth_session').set({ ended_at: now }).where('id', '=', row.sessionId).execute();
      await recordAudit(tx, { actorId: row.userId, actorRole: null, clinicId: null, ip: request.ip, userAgent: null, requestId: request.id }, {
        action: 'auth.session_timeout', details: { reason: now >= row.expires_at ? 'absolute' : 'idle' },
      });
    });
    return null;
  }
  if (idleFor > 60_000) touch(deps, touched, row.sessionId, now, request);
  const actor: Actor = {
    userId: row.userId,
    sessionId: row.sessionId,
    name: row.name,
    email: row.email,
    locale: localeOf(row.locale),
    csrfToken: row.csrf_token,
    totpEnabled: row.totp_enabled,
    mfaPending: row.mfa_pending,
    clinics: row.clinics,
  };
  if (childId === null) return { actor, access: null, zones: null };
  return { actor, ...accessOf(row) };
}

/**
 * When a session stops being valid if nothing else happens: its absolute end, or the idle timeout
 * after it was last seen. Null once it has ended (or its person was disabled).
 */
export async function sessionDeadline(deps: Deps, sessionId: string): Promise<Date | null> {
  const s = await deps.db.selectFrom('auth_session as s').innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['s.last_seen_at', 's.expires_at', 's.ended_at', 'u.disabled_at'])
    .where('s.id', '=', sessionId).executeTakeFirst();
  if (!s || s.ended_at || s.disabled_at) return null;
  return new Date(Math.min(s.expires_at.getTime(), s.last_seen_at.getTime() + IDLE_TIMEOUT_MS));
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameOrigin(deps: Deps, request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (origin === 'null') return false;
  try {
    const o = new URL(origin);
    if (o.origin === new URL(deps.config.publicUrl).origin) return true;
    return o.host === request.headers.host;
  } catch {
    return false;
  }
}

/** Sessions, CSRF, route-level auth rules and the child-access gate. */
export function registerAuth(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('childAccess', null);
  app.decorateRequest('preloadedAccess', null);
  app.decorateRequest('readerZones', null);
  const sessions = new SessionCache<SessionRow>(deps.realtime);
  const touched = new Map<string, number>();
  app.addHook('onClose', async () => sessions.stop());
  // A change this instance made (a sign-out, a revoked permission) is heard here before its answer
  // leaves, so the person's next request is never served from a copy older than the change.
  app.addHook('onSend', async (request, _reply, payload) => {
    if (isApiUrl(request.url) && !SAFE_METHODS.has(request.method)) await deps.realtime.accessBarrier(deps.db);
    return payload;
  });

  app.addHook('onRequest', async (request) => {
    if (!isApiUrl(request.url)) {
      // A page address: who is reading decides which page's files the page names (see web-pages.ts).
      if (!isPageRequest(request.method, request.url)) return;
      try {
        request.actor = (await loadActor(deps, sessions, touched, request, null))?.actor ?? null;
      } catch (error) {
        // Only hints depend on it: with the database away, the page is still sent (as to a reader
        // signed out), so the app draws and says what it can.
        request.log.warn({ err: error }, 'page: the session could not be read');
        request.actor = null;
      }
      return;
    }
    const config = request.routeOptions.config;
    if (config.sessionless) return;
    const childId = config.child ? String((request.params as Record<string, unknown>).childId ?? '') : config.relatedChildren ? RELATED : null;
    const loaded = await loadActor(deps, sessions, touched, request, childId);
    request.actor = loaded?.actor ?? null;
    request.preloadedAccess = loaded?.access ?? null;
    request.readerZones = loaded?.zones ?? null;
    const actor = request.actor;
    if (!SAFE_METHODS.has(request.method)) {
      if (!sameOrigin(deps, request)) throw new AppError('csrf_failed', 403, 'Cross-site request refused.');
    }
    if (config.public) return;
    if (!actor) throw new AppError('unauthenticated', 401, 'Please sign in.');
    if (actor.mfaPending && !config.mfaPending) throw new AppError('unauthenticated', 401, 'Please finish signing in with your two-factor code.');
    // A session still owing its second factor cannot read its CSRF token (GET /api/me is closed
    // to it) and reaches only the code and sign-out routes; the Origin check above still applies.
    if (!SAFE_METHODS.has(request.method) && !actor.mfaPending && request.headers['x-csrf-token'] !== actor.csrfToken) {
      throw new AppError('csrf_failed', 403, 'Missing or invalid CSRF token. Reload the page and try again.');
    }
    if (mustEnrolTwoFactor(actor) && !config.beforeTwoFactorEnrolment && !config.mfaPending) {
      throw new AppError('mfa_required', 403, 'Your clinic requires two-factor sign-in. Set it up in your account first.');
    }
  });

  // Runs before body validation, so an unrelated child is 404 whatever the body says.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.clinicAdmin && !request.actor?.clinics.some((c) => c.role === 'admin')) {
      throw new AppError('not_found', 404, 'Not found.');
    }
    const permission = request.routeOptions.config.child;
    if (!permission) return;
    const actor = request.actor;
    if (!actor) throw new AppError('unauthenticated', 401, 'Please sign in.');
    const childId = String((request.params as Record<string, unknown>).childId ?? '');
    const access = await requireAccess(deps.db, { ...auditContext(request), actorId: actor.userId }, permission, [childId], request.preloadedAccess ?? undefined);
    request.childAccess = access.get(childId) ?? null;
  });
}

/** The API's addresses: the app's own under /api/, and the FHIR endpoint's under /fhir/. */
export const isApiUrl = (url: string): boolean => url.startsWith('/api/') || url.startsWith('/fhir/');

/** A page of the web app (not a file, not the API): answered with the web app's page. */
export const isPageRequest = (method: string, url: string): boolean =>
  (method === 'GET' || method === 'HEAD') && !isApiUrl(url) && path.extname(url.split('?')[0] ?? '') === '';

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 401, 'Please sign in.');
  return request.actor;
}

/** With relatedChildren: what the person may do on each child they are related to, and the clock they read its times on. */
export function requireRelatedAccess(request: FastifyRequest): { access: Map<string, ChildAccess>; zones: Map<string, string> } {
  if (!request.preloadedAccess || !request.readerZones) throw new Error('The route does not ask for relatedChildren.');
  return { access: request.preloadedAccess, zones: request.readerZones };
}

/** The clock the person reads the route's child's times on (read with the session): their own zone, else the child's. */
export function readerZoneOf(request: FastifyRequest): string {
  const zone = request.childAccess ? request.readerZones?.get(request.childAccess.childId) : undefined;
  if (!zone) throw new Error('The route has no child read with the session.');
  return zone;
}

export function requireChildAccess(request: FastifyRequest): ChildAccess {
  if (!request.childAccess) throw new AppError('not_found', 404, 'Not found.');
  return request.childAccess;
}
