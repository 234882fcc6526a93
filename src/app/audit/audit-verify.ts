// Verifies the audit log from its first entry to its last (what `probity verify` runs), reading
// it in pages so that a log of any length is checked in constant memory: first the archived
// segments, in order (audit-segment.ts, docs/audit.md), then the live log. Each segment is checked
// on its own first: its manifest (the ledger's copy) is signed by a key of the authority's chain
// of keys, states the segment the ledger recorded, and follows the previous segment (the
// segments' chain); its file is there, has the SHA-256 and size the manifest states, and holds
// the entries it states. Then the hash chain runs across every segment and on into the live log,
// trusting the stored hash only of an entry expired past its retention. An anchor (an entry's seq
// and hash recorded outside Probity earlier) catches what the chain alone cannot: a tail
// rewritten with recomputed hashes, or cut off; it holds whether its entry is live or archived.
import type { AuditArchiveFiles, AuditArchiveFolder } from '../ports/audit-archive-files.js';
import type { AuditArchiveStore, AuditSegmentRow } from '../ports/audit-archive-store.js';
import type { AuditEntry, AuditLogStore } from '../ports/audit-log-store.js';
import type { AuthorityKeyRecord } from '../ports/publication-store.js';
import {
  AUDIT_GENESIS,
  verifyAuditChain,
  type AuditChainHead,
  type AuditChainReport,
  type ChainedEntry,
} from './audit-chain.js';
import {
  FIRST_SEGMENT_LINK,
  parseSegmentManifest,
  readSegment,
  segmentLink,
  segmentSignatureProblem,
  SegmentUnreadable,
  tallySegment,
  type SegmentHeader,
} from './audit-segment.js';

const PAGE = 10_000;

export async function* auditEntriesOf(
  store: AuditLogStore,
  pageSize = PAGE,
): AsyncGenerator<AuditEntry> {
  let after = 0;
  for (;;) {
    const page = await store.readAudit(after, pageSize);
    yield* page;
    const last = page[page.length - 1];
    if (last === undefined || page.length < pageSize) return;
    after = last.seq;
  }
}

/** What verify read of the archive: the directory, the segments and their entries. */
export interface AuditArchiveReport {
  readonly dir: string | null;
  readonly segments: number;
  readonly entries: number;
  /** Archived entries past their retention, whose hash is taken as stored. */
  readonly expired: number;
}

/** The chain's report, with `archive` when any month is archived. */
export type AuditLogReport = AuditChainReport & { readonly archive?: AuditArchiveReport };

/** What verify needs to read the archive: the files and the authority's trusted keys. */
export interface AuditArchiveAccess {
  readonly files: AuditArchiveFiles | undefined;
  readonly keys: ReadonlyMap<string, AuthorityKeyRecord>;
}

interface SegmentProblem {
  readonly row: AuditSegmentRow;
  readonly file: string;
  readonly message: string;
}

/** Checks each segment on its own and against the one before; the first problem found. */
async function checkSegments(
  rows: readonly AuditSegmentRow[],
  folder: AuditArchiveFolder | undefined,
  keys: ReadonlyMap<string, AuthorityKeyRecord>,
): Promise<SegmentProblem | undefined> {
  let previous: { header: SegmentHeader; file: string } | undefined;
  for (const row of rows) {
    const signed = parseSegmentManifest(row.manifest);
    const fallback = `audit-${row.month}`;
    if (signed === undefined)
      return { row, file: fallback, message: 'its manifest in the ledger cannot be read' };
    const { header, file } = signed.manifest;
    const fail = (message: string): SegmentProblem => ({ row, file: file.name, message });
    const signature = segmentSignatureProblem(signed, keys);
    if (signature !== undefined) return fail(signature);
    if (
      header.month !== row.month ||
      header.firstSeq !== row.firstSeq ||
      header.lastSeq !== row.lastSeq ||
      header.lastHash !== row.lastHash
    )
      return fail('its manifest does not state the segment the ledger recorded');
    const link = previous === undefined ? FIRST_SEGMENT_LINK : segmentLink(previous.header);
    if (
      header.previousSegment !== link ||
      header.firstSeq !== (previous?.header.lastSeq ?? 0) + 1 ||
      header.previousHash !== (previous?.header.lastHash ?? AUDIT_GENESIS)
    )
      return fail(
        previous === undefined
          ? 'it is not the first segment: the segments before it were removed'
          : `it does not follow ${previous.file}: a segment between them was removed, replaced or reordered`,
      );
    if (folder === undefined)
      return fail('the archive directory is not recorded, or this process cannot read it');
    try {
      const { digest: read, count, last } = await tallySegment(folder, file.name);
      if (read.sha256 !== file.sha256 || read.bytes !== file.bytes)
        return fail('it was altered: its SHA-256 is not the one its signed manifest states');
      if (count !== header.entries || last?.seq !== header.lastSeq || last.hash !== header.lastHash)
        return fail('it does not hold the entries its signed manifest states');
    } catch (error) {
      if (!(error instanceof SegmentUnreadable)) throw error;
      return fail(
        error.missing
          ? `it is missing from ${folder.location}`
          : 'it was altered: it cannot be read as a segment',
      );
    }
    previous = { header, file: file.name };
  }
  return undefined;
}

export async function verifyAuditLog(
  store: AuditLogStore & Partial<AuditArchiveStore>,
  anchor?: AuditChainHead,
  archive?: AuditArchiveAccess,
): Promise<AuditLogReport> {
  const rows = (await store.auditSegments?.()) ?? [];
  const dir = rows.length > 0 ? ((await store.auditArchiveDir?.()) ?? null) : null;
  const folder = dir === null ? undefined : archive?.files?.open(dir);
  let archiveReport: AuditArchiveReport = { dir, segments: rows.length, entries: 0, expired: 0 };

  if (rows.length > 0) {
    const problem = await checkSegments(rows, folder, archive?.keys ?? new Map());
    if (problem !== undefined) {
      const before = rows.slice(0, rows.indexOf(problem.row));
      return {
        ok: false,
        entries: before.reduce((n, r) => n + (r.lastSeq - r.firstSeq + 1), 0),
        head: before.at(-1)?.lastHash ?? AUDIT_GENESIS,
        firstBroken: {
          seq: problem.row.firstSeq,
          problem: 'segment',
          segment: problem.file,
          message: `archived segment ${problem.file} (${problem.row.month}, entries ${problem.row.firstSeq}..${problem.row.lastSeq}): ${problem.message}`,
        },
        archive: archiveReport,
      };
    }
  }

  let archivedEntries = 0;
  let expired = 0;
  let anchored: string | undefined;
  async function* everything(): AsyncGenerator<ChainedEntry> {
    for (const row of rows) {
      const signed = parseSegmentManifest(row.manifest);
      if (signed === undefined || folder === undefined) return;
      const { entries } = await readSegment(folder, signed.manifest.file.name);
      for await (const entry of entries) {
        archivedEntries += 1;
        if (entry.expired === true) expired += 1;
        if (entry.seq === anchor?.seq) anchored = entry.hash;
        yield entry;
      }
    }
    for await (const entry of auditEntriesOf(store)) {
      if (entry.seq === anchor?.seq) anchored = entry.hash;
      yield entry;
    }
  }
  const chain = await verifyAuditChain(everything());
  archiveReport = { ...archiveReport, entries: archivedEntries, expired };
  const report: AuditLogReport = rows.length === 0 ? chain : { ...chain, archive: archiveReport };
  if (!report.ok || anchor === undefined) return report;
  if (anchored === undefined)
    return { ...report, ok: false, firstBroken: { seq: anchor.seq, problem: 'missing' } };
  if (anchored !== anchor.hash)
    return { ...report, ok: false, firstBroken: { seq: anchor.seq, problem: 'hash' } };
  return report;
}
