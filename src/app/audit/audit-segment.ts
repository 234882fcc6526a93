// An archived month of the audit log (docs/audit.md): one segment file and its signed manifest.
//
// The segment, `audit-<YYYY-MM>.r<revision>.jsonl.gz`, is gzip (node:zlib) over JSON Lines, one
// entry a line in seq order: `{"seq":1,"at":...,"actor":...,"purpose":...,"action":...,
// "subject":...,"outcome":...,"hash":...}`, or, past its purpose's retention (audit-retention.ts),
// `{"seq":1,"at":...,"purpose":...,"hash":...,"expired":true}`. Revision 0 is the month as
// archived; each expiry that changes it writes the next revision.
//
// The manifest, `audit-<YYYY-MM>.manifest.json` (and the ledger's copy in `audit_segments`, the
// one `verify` goes by), is the canonical JSON of
//
//   { manifest: { header, revision, file: { name, sha256, bytes }, expired, nextExpiry },
//     signature: { algorithm: "Ed25519", keyId, value } }
//
// signed with the authority's key exactly as a publication's manifest is (the signer port, the
// chain of keys the ledger records: authority-key.ts; `value` is the base64 signature of
// canonicalJson(manifest)). The header is what never changes: the month, the first and last seq,
// the entry count, the hash the first entry chains from, the last hash and instant, and
// `previousSegment`, the SHA-256 of the previous segment's header (64 zeros for the first): the
// segments' own chain. It is the header that is chained rather than the whole manifest so that an
// expiry, which rewrites one segment (a new file, a new SHA-256, a new signature), leaves the
// links of the segments after it as they were.
import { createGunzip, createGzip } from 'node:zlib';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createHash } from 'node:crypto';
import { instant } from '../../core/time/instant.js';
import type { AuditArchiveFolder } from '../ports/audit-archive-files.js';
import type { AuthorityKeyRecord } from '../ports/publication-store.js';
import type { PublicationSigner } from '../ports/publication-signer.js';
import { verifyText } from '../publications/authority-key.js';
import { canonicalJson } from '../publications/publication-format.js';
import { sha256Hex } from '../sha256.js';
import type { ChainedEntry } from './audit-chain.js';

export const SEGMENT_FORMAT = 'probity-audit-segment/1';

/** `previousSegment` of the first segment. */
export const FIRST_SEGMENT_LINK = '0'.repeat(64);

export interface SegmentHeader {
  readonly format: typeof SEGMENT_FORMAT;
  /** `YYYY-MM` (UTC). */
  readonly month: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly entries: number;
  /** The hash the first entry chains from (the previous segment's last hash, or the genesis). */
  readonly previousHash: string;
  readonly lastHash: string;
  /** The last entry's instant, epoch milliseconds. */
  readonly lastAt: number;
  /** SHA-256 of the previous segment's header (canonical JSON); 64 zeros for the first. */
  readonly previousSegment: string;
}

export interface SegmentManifest {
  readonly header: SegmentHeader;
  readonly revision: number;
  readonly file: { readonly name: string; readonly sha256: string; readonly bytes: number };
  /** Entries of the segment past their retention, kept as seq, instant, purpose and hash. */
  readonly expired: number;
  /** When the next entry still whole passes its retention (epoch ms); null when none is left. */
  readonly nextExpiry: number | null;
}

export interface SignedSegmentManifest {
  readonly manifest: SegmentManifest;
  readonly signature: {
    readonly algorithm: 'Ed25519';
    readonly keyId: string;
    /** Base64 Ed25519 signature of canonicalJson(manifest). */
    readonly value: string;
  };
}

export const segmentFileName = (month: string, revision: number): string =>
  `audit-${month}.r${revision}.jsonl.gz`;
export const segmentManifestFileName = (month: string): string => `audit-${month}.manifest.json`;

/** The link the next segment records as `previousSegment`. */
export const segmentLink = (header: SegmentHeader): string => sha256Hex(canonicalJson(header));

export const segmentManifestText = (signed: SignedSegmentManifest): string =>
  `${canonicalJson(signed)}\n`;

export async function signSegmentManifest(
  signer: PublicationSigner,
  manifest: SegmentManifest,
): Promise<SignedSegmentManifest> {
  const signed = await signer.sign(Buffer.from(canonicalJson(manifest), 'utf8'));
  return {
    manifest,
    signature: {
      algorithm: 'Ed25519',
      keyId: signed.keyId,
      value: Buffer.from(signed.signature).toString('base64'),
    },
  };
}

/** The manifest of a segment, or undefined when the text is not one. */
export function parseSegmentManifest(text: string): SignedSegmentManifest | undefined {
  try {
    const value = JSON.parse(text) as Partial<SignedSegmentManifest>;
    const header = value.manifest?.header;
    if (
      header?.format !== SEGMENT_FORMAT ||
      typeof value.manifest?.file?.name !== 'string' ||
      typeof value.signature?.keyId !== 'string' ||
      typeof value.signature.value !== 'string'
    )
      return undefined;
    return value as SignedSegmentManifest;
  } catch {
    return undefined;
  }
}

/** Whether the manifest's signature verifies with the key it names, one of `keys`. */
export function segmentSignatureProblem(
  signed: SignedSegmentManifest,
  keys: ReadonlyMap<string, AuthorityKeyRecord>,
): string | undefined {
  const key = keys.get(signed.signature.keyId);
  if (key === undefined)
    return `its manifest is signed by key ${signed.signature.keyId.slice(0, 16)}…, which is not one of the authority's keys`;
  if (!verifyText(canonicalJson(signed.manifest), signed.signature.value, key))
    return "its manifest's signature does not verify";
  return undefined;
}

// ---- the entries, as JSON lines in gzip

function entryLine(e: ChainedEntry): string {
  return e.expired === true
    ? JSON.stringify({ seq: e.seq, at: e.at, purpose: e.purpose, hash: e.hash, expired: true })
    : JSON.stringify({
        seq: e.seq,
        at: e.at,
        actor: e.actor,
        purpose: e.purpose,
        action: e.action,
        subject: e.subject,
        outcome: e.outcome,
        hash: e.hash,
      });
}

function parseLine(line: string): ChainedEntry {
  const v = JSON.parse(line) as Record<string, unknown>;
  const text = (key: string): string => (typeof v[key] === 'string' ? v[key] : '');
  if (typeof v.seq !== 'number' || typeof v.at !== 'number' || typeof v.hash !== 'string')
    throw new Error('not an audit entry');
  return {
    seq: v.seq,
    at: instant(v.at),
    actor: text('actor'),
    purpose: text('purpose'),
    action: text('action'),
    subject: text('subject'),
    outcome: text('outcome'),
    hash: v.hash,
    ...(v.expired === true ? { expired: true } : {}),
  };
}

/** Lines per chunk handed to gzip. */
const LINES_PER_CHUNK = 1_000;

async function* lineChunks(entries: AsyncIterable<ChainedEntry>): AsyncGenerator<string> {
  let lines: string[] = [];
  for await (const entry of entries) {
    lines.push(entryLine(entry));
    if (lines.length >= LINES_PER_CHUNK) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

/** What a segment file holds, as written or read back. */
export interface SegmentDigest {
  readonly sha256: string;
  readonly bytes: number;
}

/** Writes `entries` as the segment `name` (durably: the folder's `write`); its SHA-256 and size. */
export async function writeSegment(
  folder: AuditArchiveFolder,
  name: string,
  entries: AsyncIterable<ChainedEntry>,
): Promise<SegmentDigest> {
  const source = Readable.from(lineChunks(entries));
  const gzip = createGzip({ level: 6 });
  source.on('error', (error) => gzip.destroy(error));
  source.pipe(gzip);
  const hash = createHash('sha256');
  let bytes = 0;
  async function* tapped(): AsyncGenerator<Uint8Array> {
    for await (const chunk of gzip as AsyncIterable<Buffer>) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  }
  await folder.write(name, tapped());
  return { sha256: hash.digest('hex'), bytes };
}

/** A segment file that cannot be read as one (missing, not gzip, not JSON lines of entries). */
export class SegmentUnreadable extends Error {
  constructor(
    readonly missing: boolean,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Reads the segment `name` back: yields its entries in file order, and, once they are all read,
 * `digest()` gives the SHA-256 and size of the compressed file. `SegmentUnreadable` when the file
 * is not there or is not a segment.
 */
export async function readSegment(
  folder: AuditArchiveFolder,
  name: string,
): Promise<{ entries: AsyncGenerator<ChainedEntry>; digest: () => SegmentDigest }> {
  const stream = await folder.read(name);
  if (stream === undefined) throw new SegmentUnreadable(true, `${name} is missing`);
  const hash = createHash('sha256');
  let bytes = 0;
  async function* tapped(): AsyncGenerator<Uint8Array> {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
  }
  const compressed = Readable.from(tapped());
  const gunzip = createGunzip();
  compressed.on('error', (error) => gunzip.destroy(error));
  compressed.pipe(gunzip);
  let digest: SegmentDigest | undefined;
  async function* entries(): AsyncGenerator<ChainedEntry> {
    let rest = '';
    // A character may span two chunks: the decoder keeps its first bytes for the next one.
    const decoder = new StringDecoder('utf8');
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        const text = rest + decoder.write(chunk);
        const lines = text.split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) if (line !== '') yield parseLine(line);
      }
      rest += decoder.end();
      if (rest !== '') yield parseLine(rest);
    } catch (error) {
      if (error instanceof SegmentUnreadable) throw error;
      throw new SegmentUnreadable(false, `${name} cannot be read as a segment`);
    }
    digest = { sha256: hash.digest('hex'), bytes };
  }
  return {
    entries: entries(),
    digest: () => {
      if (digest === undefined) throw new Error('the segment was not read to its end');
      return digest;
    },
  };
}

/** A segment read to its end: its digest, how many entries it holds, and its last entry. */
export async function tallySegment(
  folder: AuditArchiveFolder,
  name: string,
): Promise<{ digest: SegmentDigest; count: number; last: ChainedEntry | undefined }> {
  const { entries, digest } = await readSegment(folder, name);
  let count = 0;
  let last: ChainedEntry | undefined;
  for await (const entry of entries) {
    count += 1;
    last = entry;
  }
  return { digest: digest(), count, last };
}
