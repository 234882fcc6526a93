// The one SHA-256 of the application: lower-case hex of the digest, text taken as UTF-8. Audit
// chain links, stored token and code digests, document digests and publication file hashes are all
// this function, so their bytes cannot drift apart. It lives in app/ because core/ and engine/ may
// not import node:* (eslint.config.js), and at the root of app/ because every room hashes something.
import { createHash } from 'node:crypto';

/** Lower-case hex SHA-256 of `data` (a string is hashed as its UTF-8 bytes). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
