// Checking an account's password, wherever it is asked for (signing in, or accepting an invitation
// to a sibling's team with an existing account), under one guard: repeated failures slow the
// guesser per account and per address (throttle.ts), and every failure is audited.
import { createHash } from 'node:crypto';
import { recordAudit, type AuditContext } from '../../access/audit.ts';
import type { Deps } from '../../deps.ts';
import { badField } from '../../http/errors.ts';
import { isCommonPassword, verifyPassword } from './password.ts';
import { ACCOUNT_POLICY, assertNotThrottled, clearFailures, ipKey, IP_POLICY, recordFailure } from './throttle.ts';

export const emailKey = (email: string) => `acct:${createHash('sha256').update(email).digest('hex')}`;

export function assertPasswordAllowed(password: string, field = 'password'): void {
  if (isCommonPassword(password)) throw badField(field, 'This password is too common. Choose another one.');
}

/** A throttled attempt is refused (429) and, like every failure, audited. */
export async function throttled(deps: Deps, keys: string[], now: Date, ctx: AuditContext, action: 'auth.sign_in' | 'auth.two_factor'): Promise<void> {
  try {
    await assertNotThrottled(deps.db, keys, now);
  } catch (e) {
    await recordAudit(deps.db, ctx, { action, outcome: 'denied', actorId: ctx.actorId, clinicId: null, details: { reason: 'throttled' } });
    throw e;
  }
}

/**
 * Whether the password is the account's, asked outside the sign-in page (an invitation accepted
 * with an existing account): refused while the account or the address is waiting after failures;
 * a failure is counted on both and audited, a success clears the account's count.
 */
export async function accountPasswordMatches(
  deps: Deps, ctx: AuditContext, ip: string, user: { id: string; email: string; password_hash: string | null }, password: string, via: string,
): Promise<boolean> {
  const now = deps.clock();
  const keys = [emailKey(user.email), ipKey(ip, now)];
  await throttled(deps, keys, now, { ...ctx, actorId: user.id }, 'auth.sign_in');
  if (await verifyPassword(user.password_hash, password)) {
    await clearFailures(deps.db, emailKey(user.email));
    return true;
  }
  await deps.db.transaction().execute(async (tx) => {
    await recordFailure(tx, emailKey(user.email), now, ACCOUNT_POLICY);
    await recordFailure(tx, ipKey(ip, now), now, IP_POLICY);
    await recordAudit(tx, { ...ctx, actorId: user.id }, {
      action: 'auth.sign_in', outcome: 'failed', actorId: user.id, clinicId: null, details: { reason: 'bad_credentials', via },
    });
  });
  return false;
}
