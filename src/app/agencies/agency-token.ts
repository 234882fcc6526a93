// Agency bearer tokens: 256 random bits shown once, stored only as a SHA-256 digest. A fast hash
// is right here (unlike passwords): the token is random, so there is nothing to brute-force.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../sha256.js';

export function newAgencyToken(): string {
  return `prb_${randomBytes(32).toString('base64url')}`;
}

export function hashAgencyToken(token: string): string {
  return sha256Hex(token);
}
