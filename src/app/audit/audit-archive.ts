// `probity audit archive --before YYYY-MM [--dir <dir>]`: moves closed months of the audit log
// out of the database into signed, chained segments (audit-segment.ts), then expires the personal
// content of archived entries past their purpose's retention (audit-retention.ts). docs/audit.md.
//
// Archiving, month by month from the oldest entry still live, for every month before `before`
// and never the month the clock is in:
//
// 1. the month's segment holds the live entries from the first one up to the last entry dated
//    in the month (an entry written a moment late across the month's end, with a smaller seq,
//    goes with it: a segment is a run of consecutive seqs), checked link by link as it is written;
// 2. it is written durably (a temporary file, fsynced, renamed, the directory fsynced), read
//    back (its SHA-256, count and last hash), and its manifest signed and written beside it;
// 3. only then, in one transaction under the audit lock, the ledger records the segment and the
//    month's partitions are detached and dropped (PostgreSQL) / its rows deleted (SQLite).
//
// A crash before step 3 leaves the month in the database and a segment file nobody refers to: the
// next run writes the same file again (the same name, the same bytes) and commits it once. A crash
// after it leaves nothing to redo.
//
// Expiring rewrites a segment whose manifest says an entry is due (`nextExpiry`): the next
// revision of the file, the entries due kept as seq, instant, purpose and hash; written, read
// back, signed; the ledger's manifest replaced; the old revision removed last.
import { operatorOnly } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { instant, type Instant } from '../../core/time/instant.js';
import type { AuditArchiveFiles, AuditArchiveFolder } from '../ports/audit-archive-files.js';
import type { AuditArchiveStore, AuditSegmentRow } from '../ports/audit-archive-store.js';
import type { AuditLogStore } from '../ports/audit-log-store.js';
import type { PublicationStore } from '../ports/publication-store.js';
import { ensureSigningKey } from '../publications/authority-key.js';
import { AUDIT_GENESIS, auditEntryHash, type ChainedEntry } from './audit-chain.js';
import { expiresAt } from './audit-retention.js';
import {
  FIRST_SEGMENT_LINK,
  parseSegmentManifest,
  readSegment,
  SEGMENT_FORMAT,
  segmentFileName,
  segmentLink,
  segmentManifestFileName,
  segmentManifestText,
  signSegmentManifest,
  tallySegment,
  writeSegment,
  type SegmentManifest,
  type SignedSegmentManifest,
} from './audit-segment.js';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** `YYYY-MM` (UTC) of an instant. */
export function monthOf(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first millisecond of a `YYYY-MM` month (UTC). */
export function monthStart(month: string): number {
  const [, year, m] = MONTH.exec(month) ?? [];
  return Date.UTC(Number(year), Number(m) - 1, 1);
}

export const nextMonth = (month: string): string => monthOf(monthStart(month) + 32 * 86_400_000);

/** Months archived in one run at most (a century). */
const MAX_MONTHS = 1_200;
/** Entries read from the live log per query while writing a segment. */
const PAGE = 10_000;

export interface AuditArchiveRequest {
  /** `YYYY-MM`: every month before it is archived (never the current month). */
  readonly before: string;
  /** The archive directory; the first run records it, later runs may leave it out. */
  readonly dir?: string | undefined;
}

export interface ArchivedSegment {
  readonly month: string;
  readonly file: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly entries: number;
  readonly bytes: number;
}

export interface ExpiredSegment {
  readonly month: string;
  readonly file: string;
  /** Entries expired by this run. */
  readonly expired: number;
}

export interface AuditArchiveReport {
  readonly dir: string;
  readonly archived: readonly ArchivedSegment[];
  readonly expired: readonly ExpiredSegment[];
  /** Every month archived so far. */
  readonly segments: number;
}

export type AuditArchiveDeps = Pick<AppDeps, 'signer' | 'clock'> & {
  readonly store: AuditLogStore & AuditArchiveStore & PublicationStore;
  readonly auditArchive?: AuditArchiveFiles | undefined;
};

function archiveBroken(message: string): DomainError {
  return new DomainError('AuditChainBroken', `${message}; run \`probity verify\``);
}

/** The archive directory: the one recorded, or the one given (recorded on the first run). */
async function archiveDir(
  store: AuditArchiveStore,
  given: string | undefined,
  now: Instant,
): Promise<string> {
  const recorded = await store.auditArchiveDir();
  if (given === undefined) {
    if (recorded === undefined)
      throw new DomainError(
        'UsageError',
        'no audit archive directory is recorded yet: name one with --dir on the first archive',
      );
    return recorded;
  }
  if (recorded !== undefined && recorded !== given && (await store.auditSegments()).length > 0)
    throw new DomainError(
      'UsageError',
      `the audit archive is in ${recorded}: move its files with the directory and leave --dir out, or give --dir ${recorded}`,
    );
  if (recorded !== given) await store.recordAuditArchiveDir(given, now);
  return given;
}

export async function archiveAudit(
  deps: AuditArchiveDeps,
  caller: Caller,
  request: AuditArchiveRequest,
): Promise<AuditArchiveReport> {
  operatorOnly(caller, 'the audit log is archived');
  if (!MONTH.test(request.before))
    throw new DomainError('UsageError', `--before "${request.before}" is not a month YYYY-MM`);
  if (deps.auditArchive === undefined)
    throw new DomainError('UsageError', 'this process has no audit archive directory to write');
  const now = deps.clock();
  const dir = await archiveDir(deps.store, request.dir, now);
  const folder = deps.auditArchive.open(dir);
  await deps.store.prepareAuditPartitions(now);
  await ensureSigningKey(deps.signer, deps.store, now);
  const limit = Math.min(monthStart(request.before), monthStart(monthOf(now)));

  const archived: ArchivedSegment[] = [];
  let previous = (await deps.store.auditSegments()).at(-1);
  for (let i = 0; i < MAX_MONTHS; i++) {
    const first = await deps.store.firstLiveAudit();
    if (first === undefined || first.at >= limit) break;
    // Segments' months only go forward: an entry dated in a month archived already (written late)
    // goes with the next month.
    let month = monthOf(first.at);
    if (previous !== undefined && month <= previous.month) month = nextMonth(previous.month);
    const end = monthStart(nextMonth(month));
    if (end > limit) break;
    const lastSeq = await deps.store.lastAuditSeqBefore(instant(end));
    if (lastSeq === undefined) break;
    const segment = await archiveMonth(
      deps,
      folder,
      { month, first: first.seq, lastSeq },
      previous,
    );
    await deps.store.commitAuditSegment(segment.row, instant(end));
    archived.push(segment.report);
    previous = segment.row;
  }
  const expired = await expireArchived(deps, folder, now);
  return { dir, archived, expired, segments: (await deps.store.auditSegments()).length };
}

/** The previous segment's header link and last hash (or those before the first segment). */
function chainFrom(previous: AuditSegmentRow | undefined): {
  link: string;
  hash: string;
  seq: number;
} {
  if (previous === undefined) return { link: FIRST_SEGMENT_LINK, hash: AUDIT_GENESIS, seq: 0 };
  const signed = parseSegmentManifest(previous.manifest);
  if (signed === undefined)
    throw archiveBroken(`the manifest of the archived month ${previous.month} cannot be read`);
  return {
    link: segmentLink(signed.manifest.header),
    hash: previous.lastHash,
    seq: previous.lastSeq,
  };
}

async function archiveMonth(
  deps: AuditArchiveDeps,
  folder: AuditArchiveFolder,
  span: { readonly month: string; readonly first: number; readonly lastSeq: number },
  previous: AuditSegmentRow | undefined,
): Promise<{ row: AuditSegmentRow; report: ArchivedSegment }> {
  const from = chainFrom(previous);
  if (span.first !== from.seq + 1)
    throw archiveBroken(
      `the live audit log starts at entry ${span.first}, not right after the archive's last (${from.seq})`,
    );
  const name = segmentFileName(span.month, 0);
  let count = 0;
  let last = { seq: from.seq, hash: from.hash, at: 0 };
  let nextExpiry = Number.POSITIVE_INFINITY;
  const store = deps.store;
  async function* entries(): AsyncGenerator<ChainedEntry> {
    let after = span.first - 1;
    while (after < span.lastSeq) {
      const page = await store.readAudit(after, Math.min(PAGE, span.lastSeq - after));
      if (page.length === 0) break;
      for (const entry of page) {
        if (entry.seq !== last.seq + 1 || auditEntryHash(last.hash, entry) !== entry.hash)
          throw archiveBroken(`audit entry ${entry.seq} does not chain from entry ${last.seq}`);
        last = { seq: entry.seq, hash: entry.hash, at: entry.at };
        nextExpiry = Math.min(nextExpiry, expiresAt(entry.purpose, entry.at));
        count += 1;
        yield entry;
      }
      after = page[page.length - 1]?.seq ?? span.lastSeq;
    }
  }
  const written = await writeSegment(folder, name, entries());
  if (last.seq !== span.lastSeq)
    throw archiveBroken(`the live audit log ends at entry ${last.seq}, before ${span.lastSeq}`);
  const header = {
    format: SEGMENT_FORMAT,
    month: span.month,
    firstSeq: span.first,
    lastSeq: span.lastSeq,
    entries: count,
    previousHash: from.hash,
    lastHash: last.hash,
    lastAt: last.at,
    previousSegment: from.link,
  } as const;
  await readBack(folder, name, written, header);
  const manifest: SegmentManifest = {
    header,
    revision: 0,
    file: { name, sha256: written.sha256, bytes: written.bytes },
    expired: 0,
    nextExpiry: Number.isFinite(nextExpiry) ? nextExpiry : null,
  };
  const text = await signAndWriteManifest(deps, folder, manifest);
  return {
    row: {
      month: span.month,
      firstSeq: span.first,
      lastSeq: span.lastSeq,
      lastAt: instant(last.at),
      lastHash: last.hash,
      manifest: text,
      archivedAt: deps.clock(),
    },
    report: {
      month: span.month,
      file: name,
      firstSeq: span.first,
      lastSeq: span.lastSeq,
      entries: count,
      bytes: written.bytes,
    },
  };
}

/** Reads a segment just written back: its bytes, its count and its last hash must be as written. */
async function readBack(
  folder: AuditArchiveFolder,
  name: string,
  written: { readonly sha256: string; readonly bytes: number },
  header: { readonly entries: number; readonly lastHash: string; readonly lastSeq: number },
): Promise<void> {
  const { digest: read, count, last } = await tallySegment(folder, name);
  if (
    read.sha256 !== written.sha256 ||
    read.bytes !== written.bytes ||
    count !== header.entries ||
    (count > 0 && (last?.hash !== header.lastHash || last.seq !== header.lastSeq))
  )
    throw new DomainError(
      'AuditWriteFailed',
      `the segment ${name} in ${folder.location} did not read back as written: nothing was removed from the audit log`,
    );
}

async function signAndWriteManifest(
  deps: AuditArchiveDeps,
  folder: AuditArchiveFolder,
  manifest: SegmentManifest,
): Promise<string> {
  const signed: SignedSegmentManifest = await signSegmentManifest(deps.signer, manifest);
  const text = segmentManifestText(signed);
  await folder.write(segmentManifestFileName(manifest.header.month), [Buffer.from(text, 'utf8')]);
  return text;
}

/** Rewrites each archived segment with entries past their retention (its `nextExpiry` is due). */
async function expireArchived(
  deps: AuditArchiveDeps,
  folder: AuditArchiveFolder,
  now: Instant,
): Promise<ExpiredSegment[]> {
  const expired: ExpiredSegment[] = [];
  for (const row of await deps.store.auditSegments()) {
    const signed = parseSegmentManifest(row.manifest);
    if (signed === undefined)
      throw archiveBroken(`the manifest of the archived month ${row.month} cannot be read`);
    const old = signed.manifest;
    if (old.nextExpiry === null || old.nextExpiry > now) continue;
    // The segment as its manifest states it, or nothing is rewritten.
    await readBack(folder, old.file.name, old.file, old.header).catch(() => {
      throw archiveBroken(
        `the archived segment ${old.file.name} is not the one its manifest states`,
      );
    });
    const revision = old.revision + 1;
    const name = segmentFileName(row.month, revision);
    let newlyExpired = 0;
    let total = 0;
    let nextExpiry = Number.POSITIVE_INFINITY;
    const { entries } = await readSegment(folder, old.file.name);
    async function* expiring(): AsyncGenerator<ChainedEntry> {
      for await (const entry of entries) {
        if (entry.expired === true) {
          total += 1;
          yield entry;
          continue;
        }
        const until = expiresAt(entry.purpose, entry.at);
        if (until > now) {
          nextExpiry = Math.min(nextExpiry, until);
          yield entry;
          continue;
        }
        newlyExpired += 1;
        total += 1;
        yield {
          seq: entry.seq,
          at: entry.at,
          actor: '',
          purpose: entry.purpose,
          action: '',
          subject: '',
          outcome: '',
          hash: entry.hash,
          expired: true,
        };
      }
    }
    const written = await writeSegment(folder, name, expiring());
    await readBack(folder, name, written, old.header);
    const text = await signAndWriteManifest(deps, folder, {
      ...old,
      revision,
      file: { name, sha256: written.sha256, bytes: written.bytes },
      expired: total,
      nextExpiry: Number.isFinite(nextExpiry) ? nextExpiry : null,
    });
    if (!(await deps.store.replaceAuditSegmentManifest(row.month, row.manifest, text)))
      throw new DomainError(
        'AuditConflict',
        `the archived month ${row.month} was changed while it was expired: run the archive again`,
      );
    await folder.remove(old.file.name);
    expired.push({ month: row.month, file: name, expired: newlyExpired });
  }
  return expired;
}
