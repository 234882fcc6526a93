// Agency bearer tokens: 256 random bits shown once, stored only as a SHA-256 digest. A fast hash
// is right here (unlike passwords): the token is random, so there is nothing to brute-force.
import { createHash, randomBytes } from 'node:crypto';

export function newAgencyToken(): string {
  return `prb_${randomBytes(32).toString('base64url')}`;
}

export function hashAgencyToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
