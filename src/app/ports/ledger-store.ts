// The port through which the application reads and writes the ledger. `src/store` implements it
// on SQLite and PostgreSQL with one schema; the store contract suite holds both to it.
//
// Writes happen inside `transaction`: the caller locks the ledger head (which serialises writers
// on both dialects), reads what it needs to decide (duplicates, closed subjects), assigns
// sequence numbers itself, inserts, and moves the head. Either all of it commits or none does.
import type { Instant } from '../../core/time/instant.js';
import type { AuditLogStore } from './audit-log-store.js';
import type { CitizenAuthStore } from './citizen-auth-store.js';
import type { ListFeedStore } from './list-feed-store.js';
import type { NoticeStore } from './notice-store.js';
import type { PublicationStore } from './publication-store.js';
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

export interface LedgerCounts {
  readonly persons: number;
  readonly organizations: number;
  readonly records: number;
  readonly recordEvents: number;
  readonly agencies: number;
  readonly headSeq: number;
}

export interface SubjectState {
  readonly closedAt: Instant | undefined;
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
  insertRecords(rows: readonly LedgerRecord[]): Promise<void>;
  insertRecordEvents(rows: readonly LedgerRecordEvent[]): Promise<void>;
  /** Appends the events and marks the subjects closed. */
  insertSubjectEvents(rows: readonly LedgerSubjectEvent[]): Promise<void>;
  insertAgency(row: AgencyWithTokenHash): Promise<void>;
  insertCatalog(doc: StoredDocument): Promise<void>;
  insertPolicy(doc: StoredPolicy): Promise<void>;
}

/** Appending to the ledger: one transaction per batch, under the head lock. */
export interface LedgerAppender {
  transaction<T>(work: (tx: LedgerWriter) => Promise<T>): Promise<T>;
  /**
   * Runs a large append (many transactions) with the store tuned for it: on SQLite the read
   * indexes are set aside and built once at the end. Nothing about what is written changes, and
   * an interrupted load leaves them to be rebuilt by the next `migrate()`.
   */
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
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
  recordEventsOf(recordId: number): Promise<LedgerRecordEvent[]>;
  /** The events of these records, in sequence order (a subject's history in one query). */
  recordEventsOfRecords(recordIds: readonly number[]): Promise<LedgerRecordEvent[]>;
  subjectEventsOf(key: string): Promise<LedgerSubjectEvent[]>;
  /** Up to `limit` events with seq > afterSeq, in sequence order, across all event kinds. */
  readEvents(afterSeq: number, limit: number): Promise<LedgerEvent[]>;
  /** Every event with seq > afterSeq, in sequence order, in pages: each row read once (folding the ledger). */
  eventPages(afterSeq: number, pageSize: number): AsyncIterable<LedgerEvent[]>;
  counts(): Promise<LedgerCounts>;
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
  findAgencyByTokenHash(tokenHash: string): Promise<AgencyWithTokenHash | undefined>;
  agencies(): Promise<AgencyWithTokenHash[]>;
}

/** Opening and closing a store; only composition roots and set-up use it. */
export interface StoreLifecycle {
  readonly dialect: 'sqlite' | 'postgres';
  /** Creates or upgrades the schema; safe to call on every start. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** Everything a store adapter implements: the sum of the narrow ports the use cases take. */
export interface LedgerStore
  extends
    StoreLifecycle,
    LedgerAppender,
    LedgerReader,
    DocumentReader,
    AgencyDirectory,
    AuditLogStore,
    ListFeedStore,
    CitizenAuthStore,
    NoticeStore,
    PublicationStore {}
