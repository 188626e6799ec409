import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP: argon2id, m=19 MiB, t=2, p=1.
// algorithm 2 is Argon2id (the package's const enum cannot be imported under verbatimModuleSyntax).
const PARAMS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

// Hashing is deliberately slow; cap how many run at once so a flood of sign-ins cannot starve
// every other request of CPU.
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export const hashPassword = (password: string): Promise<string> => limited(() => hash(password, PARAMS));

let dummyHash: Promise<string> | undefined;

/** Verifies against the stored hash, or against a dummy one so an unknown email takes as long. */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  dummyHash ??= hashPassword('not-a-real-password-for-timing');
  const target = stored ?? (await dummyHash);
  const ok = await limited(() => verify(target, password).catch(() => false));
  return stored ? ok : false;
}

/** True when a stored hash uses weaker parameters than today's and should be replaced. */
export function needsRehash(stored: string): boolean {
  const m = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!m) return true;
  return Number(m[1]) < PARAMS.memoryCost || Number(m[2]) < PARAMS.timeCost;
}

// zxcvbn-ts's list of common passwords (about 49,000, maintained upstream), plus our own name.
const COMMON = new Set<string>([...dictionary['passwords-common'], 'careteam', 'careteam1', 'careteam123', 'contraseña']);

/** A password on a list of commonly used ones is refused (NIST SP 800-63B). */
export function isCommonPassword(password: string): boolean {
  return COMMON.has(password.toLowerCase());
}
