import type { FastifyRequest } from 'fastify';

const REDACTED = '[redacted]';

// Links mailed to people carry a one-time secret in the address: an invitation, a sign-in link,
// a password reset, an unsubscribe; a private calendar feed's address is one too. The path
// segment after these names is that secret…
const TOKEN_SEGMENT = /(\/(?:api\/)?(?:invitations|invite|unsubscribe|calendar)\/)[^/?#]+/g;
// …and so is a `token` query parameter.
const TOKEN_PARAM = /([?&](?:token|code)=)[^&#]*/gi;

/** The request address with every one-time secret replaced, fit for a log line. */
export function redactUrl(url: string): string {
  return url.replace(TOKEN_SEGMENT, `$1${REDACTED}`).replace(TOKEN_PARAM, `$1${REDACTED}`);
}

/** Fastify's request serializer, with the address redacted. */
export function requestLogSerializer(req: FastifyRequest) {
  return {
    method: req.method,
    url: redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket.remotePort,
  };
}
