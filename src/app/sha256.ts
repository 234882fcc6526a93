// The one SHA-256 of the application: lower-case hex of the digest, text taken as UTF-8. Audit
// chain links, stored token and code digests, document digests and publication file hashes are all
// this function, so their bytes cannot drift apart. It lives in app/ because core/ and engine/ may
// not import node:* (eslint.config.js), and at the root of app/ because every room hashes something.
import * as crypto from 'node:crypto';

// The one-shot `crypto.hash` (Node 20.12 and later) is about three times as fast as a Hash object
// for short inputs, which counts where every ledger row is hashed on the way in (the ledger
// chain); the same bytes give the same digest either way. Older Node 20 releases use the object.
const oneShot = (crypto as { hash?: typeof crypto.hash }).hash;

/** Lower-case hex SHA-256 of `data` (a string is hashed as its UTF-8 bytes). */
export function sha256Hex(data: string | Uint8Array): string {
  return oneShot === undefined
    ? crypto.createHash('sha256').update(data).digest('hex')
    : oneShot('sha256', data, 'hex');
}
