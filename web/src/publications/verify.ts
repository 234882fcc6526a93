// Checking a published version in the browser, the way anyone can with their own tools
// (docs/web.md; the rules are src/app/publications/publication-format.ts): the manifest file is
// the canonical JSON of {manifest, manifestSha256, signature}; the SHA-256 of the manifest's
// canonical JSON is manifestSha256; the Ed25519 signature over those same bytes checks with the
// authority's public key (whose id is the SHA-256 of its raw 32 bytes); each file's SHA-256 is
// the manifest's; the manifest names the version before by its hash (the chain). Web Crypto does
// the hashing and the signature; nothing but the published files is used.
import { api, ApiError } from '../api/client';
import type { AuthorityKey } from './types';

/** JSON with object keys sorted at every level and no whitespace (as publications are hashed). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(data: string | ArrayBuffer): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

function base64Bytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) out[i] = binary.charCodeAt(i);
  return out;
}

async function fileBytes(list: string, version: number, name: string): Promise<ArrayBuffer> {
  const { data, response } = await api.GET('/v1/publications/{list}/{version}/files/{name}', {
    params: { path: { list, version, name } },
    parseAs: 'arrayBuffer',
  });
  if (!response.ok || data === undefined) {
    throw new ApiError(response.status, `HTTP${response.status}`, response.statusText);
  }
  return data;
}

/** One check and whether it held; `detail` says what was compared. */
export interface Check {
  readonly key: 'keyId' | 'manifestCanonical' | 'manifestHash' | 'signature' | 'file' | 'chain';
  readonly ok: boolean;
  readonly subject?: string;
  readonly expected?: string;
  readonly actual?: string;
}

interface SignedManifest {
  readonly manifest: {
    readonly list: string;
    readonly version: number;
    readonly keyId: string;
    readonly files: readonly { readonly name: string; readonly sha256: string }[];
    readonly previous: { readonly version: number; readonly manifestSha256: string } | null;
  };
  readonly manifestSha256: string;
  readonly signature: {
    readonly algorithm: string;
    readonly keyId: string;
    readonly value: string;
  };
}

async function signatureHolds(
  key: AuthorityKey,
  text: string,
  signature: string,
): Promise<boolean> {
  try {
    const publicKey = await crypto.subtle.importKey(
      'raw',
      base64Bytes(key.publicKey),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    return await crypto.subtle.verify(
      { name: 'Ed25519' },
      publicKey,
      base64Bytes(signature),
      new TextEncoder().encode(text),
    );
  } catch {
    return false; // a browser without Ed25519, or a malformed key or signature
  }
}

export async function verifyVersion(
  key: AuthorityKey,
  list: string,
  version: number,
): Promise<Check[]> {
  const checks: Check[] = [];
  const keyId = await sha256Hex(base64Bytes(key.publicKey).buffer);
  checks.push({ key: 'keyId', ok: keyId === key.keyId, expected: key.keyId, actual: keyId });

  const manifestName = `v${version}.manifest.json`;
  const text = new TextDecoder().decode(await fileBytes(list, version, manifestName));
  const signed = JSON.parse(text) as SignedManifest;
  checks.push({
    key: 'manifestCanonical',
    ok: text === `${canonicalJson(signed)}\n`,
    subject: manifestName,
  });
  const canonical = canonicalJson(signed.manifest);
  const hash = await sha256Hex(canonical);
  checks.push({
    key: 'manifestHash',
    ok: hash === signed.manifestSha256,
    expected: signed.manifestSha256,
    actual: hash,
  });
  checks.push({
    key: 'signature',
    ok:
      signed.signature.keyId === key.keyId &&
      signed.manifest.keyId === key.keyId &&
      (await signatureHolds(key, canonical, signed.signature.value)),
    subject: key.keyId,
  });
  for (const file of signed.manifest.files) {
    const actual = await sha256Hex(await fileBytes(list, version, file.name));
    checks.push({
      key: 'file',
      ok: actual === file.sha256,
      subject: file.name,
      expected: file.sha256,
      actual,
    });
  }
  const previous = signed.manifest.previous;
  if (previous) {
    const before = JSON.parse(
      new TextDecoder().decode(
        await fileBytes(list, previous.version, `v${previous.version}.manifest.json`),
      ),
    ) as SignedManifest;
    const beforeHash = await sha256Hex(canonicalJson(before.manifest));
    checks.push({
      key: 'chain',
      ok: beforeHash === previous.manifestSha256,
      subject: `v${previous.version}`,
      expected: previous.manifestSha256,
      actual: beforeHash,
    });
  }
  return checks;
}
