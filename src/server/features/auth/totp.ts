import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function totpUrl(secret: string, label: string): string {
  return new TOTP({ issuer: 'CareTeam', label, secret: Secret.fromBase32(secret), period: PERIOD }).toString();
}

/**
 * The time step a valid code belongs to, or null. A step at or before the last one used is
 * refused, so a code cannot be replayed.
 */
export function verifyTotp(secret: string, code: string, now: Date, lastStep: string | number | null): number | null {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= Number(lastStep)) return null;
  return step;
}

export function totpCode(secret: string, now: Date): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD }).generate({ timestamp: now.getTime() });
}
