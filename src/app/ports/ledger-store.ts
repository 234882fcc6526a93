// The port through which the application reads and writes the ledger. `src/store` implements it
// on SQLite and PostgreSQL with one schema; the store contract suite holds both to it.
//
// Writes happen inside `transaction`: the caller locks the ledger head (which serialises writers
// on both dialects), reads what it needs to decide (duplicates, closed subjects), assigns
// sequence numbers itself, inserts, and moves the head. Either all of it commits or none does.
import type { DomainError } from '../../core/errors/domain-error.js';
import type { Instant } from '../../core/time/instant.js';
import type { AuditAppender, AuditLogStore } from './audit-log-store.js';
import type { AuditArchiveStore } from './audit-archive-store.js';
import type { AuthorityStatsReader } from './authority-stats-store.js';
import type { TransparencyStatsReader } from './transparency-stats-store.js';
import type { CitizenAuthStore } from './citizen-auth-store.js';
import type { CitizenPreferenceStore } from './citizen-preference-store.js';
import type { ListFeedStore } from './list-feed-store.js';
import type { NoticeOutboxWriter, NoticeStore } from './notice-store.js';
import type { MigrateOptions, PublicationStore } from './publication-store.js';
import type { RecordingClockWriter, StoreModeStore } from './store-clock.js';
import type {
  Agency,
  LedgerEvent,
  LedgerRecord,
  LedgerRecordEvent,
  LedgerSubjectEvent,
  Subject,
  SubjectKind,
} from '../../core/ledger/ledger-types.js';

export interface StoredDocument {
  /** Catalogue: 1, 2, 3...; policy: the document's own `version`. */
  readonly version: number;
  readonly seq: number;
  /** SHA-256 (hex) of `text`. */
  readonly digest: string;
  /** The YAML exactly as submitted, so any past result can be recomputed. */
  readonly text: string;
  readonly recordedAt: Instant;
}

export interface StoredPolicy extends StoredDocument {
  readonly policyId: string;
  readonly effectiveFrom: Instant;
}

export interface NewSubject {
  readonly key: string;
  readonly kind: SubjectKind;
  readonly birthDate: Instant | undefined;
  readonly name: string | undefined;
  readonly firstSeq: number;
}

export interface AgencyWithTokenHash extends Agency {
  readonly tokenHash: string;
  readonly seq: number;
}

/** An agency to register: its ledger row, and when its first token expires (never by default). */
export interface NewAgency extends AgencyWithTokenHash {
  readonly tokenExpiresAt?: Instant | undefined;
}

/**
 * The token an agency holds now (kept outside the ledger chain: a rotation or a revocation
 * changes no ledger row). Never the token itself; its digest only where authentication needs it.
 */
export interface AgencyTokenState {
  readonly agencyId: string;
  readonly issuedAt: Instant;
  readonly expiresAt: Instant | undefined;
  readonly revokedAt: Instant | undefined;
}

/** A new token for an agency: its digest, when it was issued and when it expires. */
export interface AgencyTokenIssue {
  readonly agencyId: string;
  readonly tokenHash: string;
  readonly issuedAt: Instant;
  readonly expiresAt: Instant | undefined;
}

export interface LedgerCounts {
  readonly persons: number;
  readonly organizations: number;
  readonly records: number;
  readonly recordEvents: number;
  readonly agencies: number;
  readonly headSeq: number;
}

/**
 * How many subjects and records the ledger holds, for sizing the engine's columns before a cold
 * load: at least the true counts (never fewer; a few more, e.g. rows rolled back, are harmless)
 * and cheap on a city-sized store, where counting every subject row costs half a minute.
 */
export interface LedgerSizes {
  readonly subjects: number;
  readonly records: number;
}

export interface SubjectState {
  readonly closedAt: Instant | undefined;
}

/** How `LedgerReader.ledgerPages` reads rows: the raw row reader, or the query builder. */
export type LedgerRowReader = 'raw' | 'query-builder';

/** A page of the ledger as folding reads it (`LedgerReader.ledgerPages`). */
export interface LedgerPage {
  /** The engine events of the page (records, record events, subject events), in sequence order. */
  readonly events: readonly LedgerEvent[];
  /**
   * Every sequence number after the previous page's `throughSeq` (the first page: after
   * `afterSeq`) up to this one is accounted for: an event of `events`, or a catalogue, policy or
   * agency version, which take sequence numbers without being engine events.
   */
  readonly throughSeq: number;
  /** The sequence numbers of the catalogue and policy versions in this page's range. */
  readonly documentSeqs: readonly number[];
  /** The ledger head the pages are read up to, read in the same snapshot as they are. */
  readonly head: number;
  /**
   * On the last page only, when the ledger has a gap: the sequence number after `throughSeq`,
   * which no row holds. Nothing beyond it is read.
   */
  readonly gapAt?: number | undefined;
}

/** Writes within one transaction. Rows carry the sequence numbers the caller assigned. */
export interface LedgerWriter {
  /** Locks the ledger head for the rest of the transaction and returns the last sequence number. */
  lockHead(): Promise<number>;
  /** Moves the head to `seq` (the last number this transaction used). */
  setHead(seq: number): Promise<void>;
  /** Closure state of those of `keys` that exist. */
  subjectStates(keys: readonly string[]): Promise<Map<string, SubjectState>>;
  /** Record ids already accepted from this agency under these source references. */
  recordIdsBySourceRef(
    agencyId: string,
    sourceRefs: readonly string[],
  ): Promise<Map<string, number>>;
  /** A record's events so far, read under the lock (to decide what may follow). */
  recordEventsOf(recordId: number): Promise<LedgerRecordEvent[]>;
  /** Registers subjects; a key that exists already is left as it is. */
  insertSubjects(rows: readonly NewSubject[]): Promise<void>;
  // The rows that take a sequence number carry their ledger chain hash (`hashes[i]` is `rows[i]`'s,
  // app/ledger/ledger-chain.ts). `appendToLedger` always gives them; a row written without one
  // stores '' and breaks the chain (only store tests write so).
  insertRecords(rows: readonly LedgerRecord[], hashes?: readonly string[]): Promise<void>;
  insertRecordEvents(rows: readonly LedgerRecordEvent[], hashes?: readonly string[]): Promise<void>;
  /** Appends the events and marks the subjects closed. */
  insertSubjectEvents(
    rows: readonly LedgerSubjectEvent[],
    hashes?: readonly string[],
  ): Promise<void>;
  /** The agency's ledger row and, beside it, its token in force (`agency_tokens`). */
  insertAgency(row: NewAgency, hash?: string): Promise<void>;
  insertCatalog(doc: StoredDocument, hash?: string): Promise<void>;
  insertPolicy(doc: StoredPolicy, hash?: string): Promise<void>;
  /** The ledger chain's head hash (the last row's hash; 64 zeros when empty), read under the lock. */
  chainHead(): Promise<string>;
  /** Stores the chain's head hash (the hash of the row numbered by `setHead`). */
  setChainHead(hash: string): Promise<void>;
}

/** The tables whose rows take a ledger sequence number, and so a place in the ledger chain. */
export type LedgerChainTable =
  | 'catalog_versions'
  | 'policy_versions'
  | 'agencies'
  | 'subject_events'
  | 'records'
  | 'record_events';

/** A stored column value as the chain hashes it. */
export type LedgerChainValue = string | number | null;

/** One ledger row as stored, for checking the chain. */
export interface LedgerChainRow {
  readonly seq: number;
  readonly table: LedgerChainTable;
  /** The stored columns, in the order of `LEDGER_CHAIN_COLUMNS` (app/ledger/ledger-chain.ts). */
  readonly values: readonly LedgerChainValue[];
  /** The stored chain hash. */
  readonly hash: string;
}

/**
 * Reading the ledger chain as stored, to verify it.
 * @example const head = await chain.ledgerChainHead(); // { seq: 42, hash: '9f86…' }
 */
export interface LedgerChainReader {
  /** The ledger head: the last sequence number and the hash stored with it. */
  ledgerChainHead(): Promise<{ readonly seq: number; readonly hash: string }>;
  /** Every subject marked closed in the subjects table (derived from the subject events). */
  closedSubjects(): Promise<
    { readonly key: string; readonly closedAt: number; readonly closedBy: string }[]
  >;
  /** Up to `limit` rows of `table` with afterSeq < seq <= upToSeq, in sequence order. */
  ledgerChainRows(
    table: LedgerChainTable,
    afterSeq: number,
    upToSeq: number,
    limit: number,
  ): Promise<LedgerChainRow[]>;
}

/** Everything a ledger transaction may write. */
export type LedgerTransactionWriter = LedgerWriter &
  RecordingClockWriter &
  NoticeOutboxWriter &
  AuditAppender;

/** Appending to the ledger: one transaction per batch, under the head lock. */
export interface LedgerAppender {
  /**
   * The writer also reads and raises the store's recording clock (app/ledger/recording-clock.ts),
   * writes the notices of what it appends (NoticeOutboxWriter) and appends the write's audit
   * entries (AuditAppender): one transaction, one truth.
   */
  transaction<T>(work: (tx: LedgerTransactionWriter) => Promise<T>): Promise<T>;
  /**
   * Runs a large append (many transactions) with the store tuned for it: on SQLite the read
   * indexes are set aside and built once at the end. Nothing about what is written changes, and
   * an interrupted load leaves them to be rebuilt by the next `migrate()`.
   */
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
}

/** Which of an agency's records to read (`LedgerReader.recordsOfAgency`). */
export interface AgencyRecordsPage {
  readonly subject?: string | undefined;
  readonly category?: string | undefined;
  readonly beforeId?: number | undefined;
  readonly limit: number;
}

/**
 * Reading the ledger: subjects, records and their events, and the sequence.
 * @example const records = await reader.recordsOfSubject('110105199003074119');
 */
export interface LedgerReader {
  headSeq(): Promise<number>;
  findSubject(key: string): Promise<Subject | undefined>;
  findRecord(id: number): Promise<LedgerRecord | undefined>;
  recordsOfSubject(key: string): Promise<LedgerRecord[]>;
  /**
   * One page of the records an agency submitted, newest first (by id): at most `limit`, with ids
   * below `beforeId` when given, of one subject and one category when given.
   */
  recordsOfAgency(agencyId: string, page: AgencyRecordsPage): Promise<LedgerRecord[]>;
  recordEventsOf(recordId: number): Promise<LedgerRecordEvent[]>;
  /** The events of these records, in sequence order (a subject's history in one query). */
  recordEventsOfRecords(recordIds: readonly number[]): Promise<LedgerRecordEvent[]>;
  subjectEventsOf(key: string): Promise<LedgerSubjectEvent[]>;
  /** Up to `limit` events with afterSeq < seq <= the head, in sequence order, across all event kinds. */
  readEvents(afterSeq: number, limit: number): Promise<LedgerEvent[]>;
  /**
   * The ledger after `afterSeq` up to its head, for folding: in sequence order, in pages of at
   * most `pageSize` events, each row read once. The head and every page are read in one snapshot
   * (PostgreSQL: one repeatable-read transaction; SQLite: everything up to a head is committed
   * and never changes), and every sequence number is accounted for: a gap ends the pages
   * (`gapAt`), a number held twice is refused (`LedgerSequenceBroken`). Rows are read by the
   * store's raw row reader (`'raw'`, the default: positional rows decoded straight into events)
   * or through the query builder (`'query-builder'`, the reference the raw reader is tested
   * against); both give the same pages.
   */
  ledgerPages(
    afterSeq: number,
    pageSize: number,
    reader?: LedgerRowReader,
  ): AsyncIterable<LedgerPage>;
  /** The events of `ledgerPages`, without the empty pages; a gap is refused (`LedgerSequenceBroken`). */
  eventPages(afterSeq: number, pageSize: number): AsyncIterable<LedgerEvent[]>;
  counts(): Promise<LedgerCounts>;
  /** @example const { subjects, records } = await reader.sizes(); // columns reserved for these */
  sizes(): Promise<LedgerSizes>;
}

/**
 * The catalogue and policy versions kept in the ledger.
 * @example const policies = await documents.policies(); // every version, in ledger order
 */
export interface DocumentReader {
  latestCatalog(): Promise<StoredDocument | undefined>;
  catalogVersion(version: number): Promise<StoredDocument | undefined>;
  policies(): Promise<StoredPolicy[]>;
}

/**
 * The agencies known to the ledger, with their token digests.
 * @example const agency = await directory.findAgencyByTokenHash(hashAgencyToken(token));
 */
export interface AgencyDirectory {
  findAgency(id: string): Promise<AgencyWithTokenHash | undefined>;
  /**
   * The agency whose token in force has this digest (a rotated-out token finds no one), with that
   * token's state: the caller decides whether it has expired or was revoked.
   */
  findAgencyByTokenHash(
    tokenHash: string,
  ): Promise<(AgencyWithTokenHash & { readonly token: AgencyTokenState }) | undefined>;
  agencies(): Promise<AgencyWithTokenHash[]>;
  /** The state of every agency's token in force (no digests). */
  agencyTokens(): Promise<AgencyTokenState[]>;
  /** Replaces the agency's token (a rotation: the old one finds no one from now on). */
  replaceAgencyToken(issue: AgencyTokenIssue): Promise<void>;
  /** Marks the agency's token revoked (no token of it works any more). */
  revokeAgencyToken(agencyId: string, at: Instant): Promise<void>;
}

/** Opening and closing a store; only composition roots and set-up use it. */
export interface StoreLifecycle {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Creates or upgrades the schema; safe to call on every start. `options` carries what a
   * migration needs from outside the database (a private key older stores kept: migration 0008).
   */
  migrate(options?: MigrateOptions): Promise<void>;
  close(): Promise<void>;
  /**
   * Why the store refuses every use now, for good (a PostgreSQL ledger that went backwards under
   * this process: `LedgerRewound`), or undefined. /readyz reports it, so a load balancer stops
   * sending the server anything.
   */
  refusal(): DomainError | undefined;
}

/** Everything a store adapter implements: the sum of the narrow ports the use cases take. */
export interface LedgerStore
  extends
    StoreLifecycle,
    LedgerAppender,
    LedgerReader,
    LedgerChainReader,
    DocumentReader,
    AgencyDirectory,
    AuditLogStore,
    AuditArchiveStore,
    ListFeedStore,
    CitizenAuthStore,
    CitizenPreferenceStore,
    NoticeStore,
    PublicationStore,
    StoreModeStore,
    AuthorityStatsReader,
    TransparencyStatsReader {}
