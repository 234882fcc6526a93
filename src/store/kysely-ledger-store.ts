// The ledger store over Kysely: one implementation of the LedgerStore port for both dialects.
// Everything that is not performance-critical is plain Kysely here. The bulk path (the five
// writer methods an import calls with thousands of rows per transaction) is delegated to a
// per-dialect `BulkPath`: cached better-sqlite3 statements on SQLite, array parameters on
// PostgreSQL. Unique violations from either are reported as DomainErrors.
import { Migrator, sql, type Kysely, type Transaction } from 'kysely';
import type { DomainError } from '../core/errors/domain-error.js';
import type {
  AgencyRecordsPage,
  AgencyTokenIssue,
  AgencyTokenState,
  AgencyWithTokenHash,
  NewAgency,
  LedgerChainRow,
  LedgerChainTable,
  LedgerCounts,
  LedgerSizes,
  LedgerPage,
  LedgerRowReader,
  LedgerStore,
  LedgerTransactionWriter,
  NewSubject,
  StoredDocument,
  StoredPolicy,
  SubjectState,
} from '../app/ports/ledger-store.js';
import type {
  AccessLogCount,
  AccessLogQuery,
  AuditChainer,
  AuditEntry,
} from '../app/ports/audit-log-store.js';
import type { AuditSegmentRow } from '../app/ports/audit-archive-store.js';
import type { CitizenSessionRow, SignInCodeRow } from '../app/ports/citizen-auth-store.js';
import type { CitizenPreferences } from '../app/ports/citizen-preference-store.js';
import type { NoticeLanguage } from '../app/notices/notice-language.js';
import type { MeasureCheckCounts } from '../app/ports/transparency-stats-store.js';
import type {
  FeedDayCounts,
  MeasureDayCounts,
  SubjectCheckCounts,
} from '../app/ports/authority-stats-store.js';
import type { FeedConsumer, FeedDelta } from '../app/ports/list-feed-store.js';
import type { NewNotice, NoticeSource, StoredNotice } from '../app/ports/notice-store.js';
import type { RecordingClock, StoreMode } from '../app/ports/store-clock.js';
import type {
  AuthorityKeyRecord,
  AuthorityPublicKey,
  MigrateOptions,
  FoundEntry,
  PublicationSummary,
  PublishedEntrySearch,
  SearchableEntry,
  StoredPublication,
} from '../app/ports/publication-store.js';
import type { Instant } from '../core/time/instant.js';
import type {
  LedgerEvent,
  LedgerRecord,
  LedgerRecordEvent,
  LedgerSubjectEvent,
  Subject,
} from '../core/ledger/ledger-types.js';
import {
  agencyFromRow,
  agencyTokenFromRow,
  catalogFromRow,
  policyFromRow,
  recordEventFromRow,
  recordFromRow,
  subjectEventFromRow,
  subjectFromRow,
} from './ledger-row-mapping.js';
import * as auditLog from './audit-log-queries.js';
import * as authorityStats from './authority-stats-queries.js';
import * as transparencyStats from './transparency-stats-queries.js';
import * as citizenAuth from './citizen-auth-queries.js';
import * as citizenPreferences from './citizen-preference-queries.js';
import * as listFeeds from './list-feed-queries.js';
import * as notices from './notice-queries.js';
import * as publicationQueries from './publication-queries.js';
import * as storeClock from './store-clock-queries.js';
import { ledgerMigrations } from './migrations/migration-provider.js';
import { ensurePartitions } from './audit-partitions.js';
import type { LedgerDatabase, StoreDialect } from './schema.js';
import { dropSecondaryIndexes, ensureSecondaryIndexes } from './secondary-indexes.js';
import {
  eventPages,
  eventReads,
  ledgerPages,
  queryBuilderRows,
  type OpenLedgerRows,
} from './ledger-event-pages.js';
import { closedSubjects, ledgerChainHead, ledgerChainRows } from './ledger-chain-queries.js';
import { refusingDuplicates } from './unique-violation.js';
import { setHeadAndNotify } from './postgres-coordination.js';

export type LedgerTransaction = Transaction<LedgerDatabase>;

/**
 * The writer methods that carry an import's volume, implemented per dialect. Each is called with
 * at least one row or key, inside the transaction `tx`.
 */
export interface BulkPath {
  subjectStates(tx: LedgerTransaction, keys: readonly string[]): Promise<Map<string, SubjectState>>;
  recordIdsBySourceRef(
    tx: LedgerTransaction,
    agencyId: string,
    sourceRefs: readonly string[],
  ): Promise<Map<string, number>>;
  insertSubjects(tx: LedgerTransaction, rows: readonly NewSubject[]): Promise<void>;
  /** `hashes[i]`: `rows[i]`'s ledger chain hash. */
  insertRecords(
    tx: LedgerTransaction,
    rows: readonly LedgerRecord[],
    hashes: readonly string[],
  ): Promise<void>;
  insertRecordEvents(
    tx: LedgerTransaction,
    rows: readonly LedgerRecordEvent[],
    hashes: readonly string[],
  ): Promise<void>;
  /** Audit entries, numbered and hashed, in `tx` (audit-log-queries.ts `AuditRowsWriter`). */
  insertAuditEntries: auditLog.AuditRowsWriter;
}

export interface KyselyLedgerStoreConfig {
  readonly dialect: StoreDialect;
  /** Whether a bulk load sets the secondary indexes aside (SQLite, a single writer by nature). */
  readonly bulkLoadDropsIndexes: boolean;
  readonly db: Kysely<LedgerDatabase>;
  readonly bulk: BulkPath;
  /** Releases what Kysely does not own (SQLite: the file handle if Kysely never opened it). */
  readonly afterClose?: () => void;
  /** The dialect's raw row reader for folding (ledger-event-pages.ts); none: the query builder. */
  readonly rawRows?: OpenLedgerRows;
}

/** Subject events per INSERT: far below both dialects' limits on bound parameters. */
const SUBJECT_EVENTS_PER_STATEMENT = 1_000;

class KyselyLedgerWriter implements LedgerTransactionWriter {
  readonly #tx: LedgerTransaction;
  readonly #bulk: BulkPath;
  readonly #dialect: StoreDialect;

  constructor(tx: LedgerTransaction, bulk: BulkPath, dialect: StoreDialect) {
    this.#tx = tx;
    this.#bulk = bulk;
    this.#dialect = dialect;
  }

  // ---- The write's audit entries and notices, in its transaction

  appendAuditChain(chain: AuditChainer): Promise<readonly AuditEntry[]> {
    return auditLog.appendAuditChainIn(
      this.#tx,
      this.#dialect,
      chain,
      this.#bulk.insertAuditEntries,
    );
  }

  latestDocumentSeq(): Promise<number> {
    return notices.latestDocumentSeq(this.#tx);
  }

  recordsById(ids: readonly number[]): Promise<LedgerRecord[]> {
    return notices.recordsById(this.#tx, ids);
  }

  agencyNames(ids: readonly string[]): Promise<Map<string, string>> {
    return notices.agencyNames(this.#tx, ids);
  }

  citizenLanguages(subjects: readonly string[]): Promise<Map<string, NoticeLanguage>> {
    return citizenPreferences.citizenLanguages(this.#tx, subjects);
  }

  addAppendedNotices(
    rows: readonly NewNotice[],
    cursor: { readonly from: number; readonly to: number },
  ): Promise<number> {
    return notices.addAppendedNotices(this.#tx, rows, cursor, this.#dialect);
  }

  async lockHead(): Promise<number> {
    // A no-op update: it takes the row lock on PostgreSQL and the database write lock on SQLite,
    // so a second writer waits here until this transaction ends.
    const row = await this.#tx
      .updateTable('ledger_head')
      .set((eb) => ({ last_seq: eb.ref('last_seq') }))
      .where('id', '=', 1)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    return row.last_seq;
  }

  recordingClock(): Promise<RecordingClock> {
    return storeClock.recordingClock(this.#tx);
  }

  raiseRecordedThrough(at: Instant): Promise<void> {
    return storeClock.raiseRecordedThrough(this.#tx, at);
  }

  async setHead(seq: number): Promise<void> {
    // On PostgreSQL the other servers are told on commit (LISTEN/NOTIFY, postgres-coordination.ts).
    if (this.#dialect === 'postgres') return setHeadAndNotify(this.#tx, seq);
    await this.#tx.updateTable('ledger_head').set({ last_seq: seq }).where('id', '=', 1).execute();
  }

  async chainHead(): Promise<string> {
    return (await ledgerChainHead(this.#tx)).hash;
  }

  async setChainHead(hash: string): Promise<void> {
    await this.#tx
      .updateTable('ledger_head')
      .set({ last_hash: hash })
      .where('id', '=', 1)
      .execute();
  }

  async subjectStates(keys: readonly string[]): Promise<Map<string, SubjectState>> {
    return keys.length === 0 ? new Map() : this.#bulk.subjectStates(this.#tx, keys);
  }

  async recordEventsOf(recordId: number): Promise<LedgerRecordEvent[]> {
    const rows = await this.#tx
      .selectFrom('record_events')
      .selectAll()
      .where('record_id', '=', recordId)
      .orderBy('seq')
      .execute();
    return rows.map(recordEventFromRow);
  }

  async recordIdsBySourceRef(
    agencyId: string,
    sourceRefs: readonly string[],
  ): Promise<Map<string, number>> {
    return sourceRefs.length === 0
      ? new Map()
      : this.#bulk.recordIdsBySourceRef(this.#tx, agencyId, sourceRefs);
  }

  async insertSubjects(rows: readonly NewSubject[]): Promise<void> {
    if (rows.length === 0) return;
    await refusingDuplicates('LedgerConflict', 'a subject', () =>
      this.#bulk.insertSubjects(this.#tx, rows),
    );
  }

  async insertRecords(rows: readonly LedgerRecord[], hashes?: readonly string[]): Promise<void> {
    if (rows.length === 0) return;
    await refusingDuplicates('LedgerConflict', 'a record', () =>
      this.#bulk.insertRecords(this.#tx, rows, hashes ?? unchained(rows.length)),
    );
  }

  async insertRecordEvents(
    rows: readonly LedgerRecordEvent[],
    hashes?: readonly string[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await refusingDuplicates('LedgerConflict', 'a record event', () =>
      this.#bulk.insertRecordEvents(this.#tx, rows, hashes ?? unchained(rows.length)),
    );
  }

  async insertSubjectEvents(
    rows: readonly LedgerSubjectEvent[],
    hashes?: readonly string[],
  ): Promise<void> {
    for (let start = 0; start < rows.length; start += SUBJECT_EVENTS_PER_STATEMENT) {
      const chunk = rows.slice(start, start + SUBJECT_EVENTS_PER_STATEMENT);
      await refusingDuplicates('LedgerConflict', 'a subject event', () =>
        this.#tx
          .insertInto('subject_events')
          .values(
            chunk.map((e, i) => ({
              seq: e.seq,
              subject_key: e.subject,
              type: e.type,
              at: e.at,
              recorded_at: e.recordedAt,
              actor: e.actor,
              hash: hashes?.[start + i] ?? '',
            })),
          )
          .execute(),
      );
    }
    // The first closing event wins: a closed subject stays closed.
    for (const e of rows) {
      await this.#tx
        .updateTable('subjects')
        .set({ closed_at: e.at, closed_by: e.type })
        .where('subject_key', '=', e.subject)
        .where('closed_at', 'is', null)
        .execute();
    }
  }

  async insertAgency(row: NewAgency, hash = ''): Promise<void> {
    await refusingDuplicates('AgencyExists', `agency "${row.id}" or its token`, async () => {
      await this.#tx
        .insertInto('agencies')
        .values({
          id: row.id,
          kind: row.kind,
          name: row.name,
          token_hash: row.tokenHash,
          seq: row.seq,
          created_at: row.createdAt,
          hash,
        })
        .execute();
      await this.#tx
        .insertInto('agency_tokens')
        .values({
          agency_id: row.id,
          token_hash: row.tokenHash,
          issued_at: row.createdAt,
          expires_at: row.tokenExpiresAt ?? null,
          revoked_at: null,
        })
        .execute();
    });
  }

  async insertCatalog(doc: StoredDocument, hash = ''): Promise<void> {
    await refusingDuplicates('LedgerConflict', `catalogue version ${doc.version}`, () =>
      this.#tx
        .insertInto('catalog_versions')
        .values({
          version: doc.version,
          seq: doc.seq,
          digest: doc.digest,
          document: doc.text,
          recorded_at: doc.recordedAt,
          hash,
        })
        .execute(),
    );
  }

  async insertPolicy(doc: StoredPolicy, hash = ''): Promise<void> {
    await refusingDuplicates(
      'LedgerConflict',
      `policy "${doc.policyId}" version ${doc.version}`,
      () =>
        this.#tx
          .insertInto('policy_versions')
          .values({
            seq: doc.seq,
            policy_id: doc.policyId,
            version: doc.version,
            effective_from: doc.effectiveFrom,
            digest: doc.digest,
            document: doc.text,
            recorded_at: doc.recordedAt,
            hash,
          })
          .execute(),
    );
  }
}

/** The hashes of rows written without a chain (store tests only): empty, which never verifies. */
function unchained(n: number): string[] {
  return new Array<string>(n).fill('');
}

export class KyselyLedgerStore implements LedgerStore {
  readonly dialect: StoreDialect;
  readonly #db: Kysely<LedgerDatabase>;
  readonly #bulk: BulkPath;
  readonly #afterClose: (() => void) | undefined;
  readonly #bulkLoadDropsIndexes: boolean;
  readonly #rawRows: OpenLedgerRows | undefined;

  constructor(config: KyselyLedgerStoreConfig) {
    this.dialect = config.dialect;
    this.#bulkLoadDropsIndexes = config.bulkLoadDropsIndexes;
    this.#db = config.db;
    this.#bulk = config.bulk;
    this.#afterClose = config.afterClose;
    this.#rawRows = config.rawRows;
  }

  async migrate(options: MigrateOptions = {}): Promise<void> {
    // Kysely looks for its own tables in every schema unless told which one; naming the
    // connection's current schema keeps databases with several ledger schemas (tests) apart.
    const migrationTableSchema =
      this.dialect === 'postgres' ? await this.#currentSchema() : undefined;
    const migrator = new Migrator({
      db: this.#db,
      provider: ledgerMigrations(this.dialect, options),
      ...(migrationTableSchema === undefined ? {} : { migrationTableSchema }),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'setup';
      throw new Error(`ledger migration ${failed} failed`, { cause: error });
    }
    await ensureSecondaryIndexes(this.#db);
    // This month's and the next month's partitions of the audit log and the notices, and any
    // month waiting in a DEFAULT partition (PostgreSQL: store/audit-partitions.ts).
    if (this.dialect === 'postgres') await ensurePartitions(this.#db, Date.now());
  }

  async bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    if (!this.#bulkLoadDropsIndexes) return work();
    await dropSecondaryIndexes(this.#db);
    try {
      return await work();
    } finally {
      await ensureSecondaryIndexes(this.#db);
    }
  }

  async close(): Promise<void> {
    await this.#db.destroy();
    this.#afterClose?.();
  }

  transaction<T>(work: (tx: LedgerTransactionWriter) => Promise<T>): Promise<T> {
    return this.#db
      .transaction()
      .execute((tx) => work(new KyselyLedgerWriter(tx, this.#bulk, this.dialect)));
  }

  refusal(): DomainError | undefined {
    return undefined; // a dialect adapter that can refuse replaces it (postgres-store.ts)
  }

  async headSeq(): Promise<number> {
    const row = await this.#db
      .selectFrom('ledger_head')
      .select('last_seq')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return row.last_seq;
  }

  async latestCatalog(): Promise<StoredDocument | undefined> {
    const row = await this.#db
      .selectFrom('catalog_versions')
      .selectAll()
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row && catalogFromRow(row);
  }

  async catalogVersion(version: number): Promise<StoredDocument | undefined> {
    const row = await this.#db
      .selectFrom('catalog_versions')
      .selectAll()
      .where('version', '=', version)
      .executeTakeFirst();
    return row && catalogFromRow(row);
  }

  async policies(): Promise<StoredPolicy[]> {
    const rows = await this.#db.selectFrom('policy_versions').selectAll().orderBy('seq').execute();
    return rows.map(policyFromRow);
  }

  async findAgency(id: string): Promise<AgencyWithTokenHash | undefined> {
    const row = await this.#db
      .selectFrom('agencies')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && agencyFromRow(row);
  }

  async findAgencyByTokenHash(
    tokenHash: string,
  ): Promise<(AgencyWithTokenHash & { readonly token: AgencyTokenState }) | undefined> {
    const token = await this.#db
      .selectFrom('agency_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!token) return undefined;
    const agency = await this.findAgency(token.agency_id);
    return agency && { ...agency, token: agencyTokenFromRow(token) };
  }

  async agencies(): Promise<AgencyWithTokenHash[]> {
    const rows = await this.#db.selectFrom('agencies').selectAll().orderBy('seq').execute();
    return rows.map(agencyFromRow);
  }

  async agencyTokens(): Promise<AgencyTokenState[]> {
    const rows = await this.#db
      .selectFrom('agency_tokens')
      .selectAll()
      .orderBy('agency_id')
      .execute();
    return rows.map(agencyTokenFromRow);
  }

  async replaceAgencyToken(issue: AgencyTokenIssue): Promise<void> {
    await refusingDuplicates('AgencyExists', `a token of agency "${issue.agencyId}"`, () =>
      this.#db
        .updateTable('agency_tokens')
        .set({
          token_hash: issue.tokenHash,
          issued_at: issue.issuedAt,
          expires_at: issue.expiresAt ?? null,
          revoked_at: null,
        })
        .where('agency_id', '=', issue.agencyId)
        .execute(),
    );
  }

  async revokeAgencyToken(agencyId: string, at: Instant): Promise<void> {
    await this.#db
      .updateTable('agency_tokens')
      .set({ revoked_at: at })
      .where('agency_id', '=', agencyId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async findSubject(key: string): Promise<Subject | undefined> {
    const row = await this.#db
      .selectFrom('subjects')
      .selectAll()
      .where('subject_key', '=', key)
      .executeTakeFirst();
    return row && subjectFromRow(row);
  }

  async findRecord(id: number): Promise<LedgerRecord | undefined> {
    const row = await this.#db
      .selectFrom('records')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && recordFromRow(row);
  }

  async recordsOfAgency(agencyId: string, page: AgencyRecordsPage): Promise<LedgerRecord[]> {
    let query = this.#db.selectFrom('records').selectAll().where('agency_id', '=', agencyId);
    if (page.subject !== undefined) query = query.where('subject_key', '=', page.subject);
    if (page.category !== undefined) query = query.where('category', '=', page.category);
    if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
    const rows = await query.orderBy('id', 'desc').limit(page.limit).execute();
    return rows.map(recordFromRow);
  }

  async recordsOfSubject(key: string): Promise<LedgerRecord[]> {
    const rows = await this.#db
      .selectFrom('records')
      .selectAll()
      .where('subject_key', '=', key)
      .orderBy('id')
      .execute();
    return rows.map(recordFromRow);
  }

  async recordEventsOf(recordId: number): Promise<LedgerRecordEvent[]> {
    const rows = await this.#db
      .selectFrom('record_events')
      .selectAll()
      .where('record_id', '=', recordId)
      .orderBy('seq')
      .execute();
    return rows.map(recordEventFromRow);
  }

  async recordEventsOfRecords(recordIds: readonly number[]): Promise<LedgerRecordEvent[]> {
    if (recordIds.length === 0) return [];
    const rows = await this.#db
      .selectFrom('record_events')
      .selectAll()
      .where('record_id', 'in', [...recordIds])
      .orderBy('seq')
      .execute();
    return rows.map(recordEventFromRow);
  }

  async subjectEventsOf(key: string): Promise<LedgerSubjectEvent[]> {
    const rows = await this.#db
      .selectFrom('subject_events')
      .selectAll()
      .where('subject_key', '=', key)
      .orderBy('seq')
      .execute();
    return rows.map(subjectEventFromRow);
  }

  // ---- Ledger chain
  ledgerChainHead(): Promise<{ readonly seq: number; readonly hash: string }> {
    return ledgerChainHead(this.#db);
  }

  closedSubjects(): Promise<
    { readonly key: string; readonly closedAt: number; readonly closedBy: string }[]
  > {
    return closedSubjects(this.#db);
  }

  ledgerChainRows(
    table: LedgerChainTable,
    afterSeq: number,
    upToSeq: number,
    limit: number,
  ): Promise<LedgerChainRow[]> {
    return ledgerChainRows(this.#db, table, afterSeq, upToSeq, limit);
  }
  // ---- end of ledger chain

  ledgerPages(
    afterSeq: number,
    pageSize: number,
    reader: LedgerRowReader = 'raw',
  ): AsyncIterable<LedgerPage> {
    const rows =
      reader === 'raw' && this.#rawRows !== undefined
        ? this.#rawRows
        : queryBuilderRows(this.#db, this.dialect);
    return ledgerPages(rows, afterSeq, pageSize);
  }

  eventPages(afterSeq: number, pageSize: number): AsyncIterable<LedgerEvent[]> {
    return eventPages(
      this.#rawRows ?? queryBuilderRows(this.#db, this.dialect),
      afterSeq,
      pageSize,
    );
  }

  async readEvents(afterSeq: number, limit: number): Promise<LedgerEvent[]> {
    if (limit <= 0) return [];
    // Each table yields at most `limit` events after `afterSeq`; the first `limit` of their
    // union in seq order are the answer. Up to the head only: below it every row is committed,
    // so the three reads see the same ledger (ledger-event-pages.ts).
    const head = await this.headSeq();
    const reads = eventReads(this.#db);
    const events = (
      await Promise.all([
        reads.records(afterSeq, head, limit),
        reads.recordEvents(afterSeq, head, limit),
        reads.subjectEvents(afterSeq, head, limit),
      ])
    ).flat();
    events.sort((a, b) => a.seq - b.seq);
    return events.slice(0, limit);
  }

  async counts(): Promise<LedgerCounts> {
    const countAll = (table: 'records' | 'record_events' | 'agencies') =>
      this.#db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
    const [subjectKinds, records, recordEvents, agencies, headSeq] = await Promise.all([
      this.#db
        .selectFrom('subjects')
        .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('kind')
        .execute(),
      countAll('records'),
      countAll('record_events'),
      countAll('agencies'),
      this.headSeq(),
    ]);
    const ofKind = (kind: string) => subjectKinds.find((row) => row.kind === kind)?.n ?? 0;
    return {
      persons: ofKind('person'),
      organizations: ofKind('organization'),
      records: records.n,
      recordEvents: recordEvents.n,
      agencies: agencies.n,
      headSeq,
    };
  }

  async sizes(): Promise<LedgerSizes> {
    // Subject rows are never deleted (a death or dissolution closes the subject), so on SQLite
    // the largest rowid is a bound found in one B-tree descent, where count(*) reads the whole
    // key index (about 25 s for Beijing's 24 M subjects on a cold cache, measured).
    const subjects =
      this.dialect === 'sqlite'
        ? sql<{ n: number | null }>`select max(rowid) as n from subjects`
            .execute(this.#db)
            .then((r) => Number(r.rows[0]?.n ?? 0))
        : this.#db
            .selectFrom('subjects')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
            .then((r) => Number(r.n));
    const records = this.#db
      .selectFrom('records')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => Number(r.n));
    const [s, r] = await Promise.all([subjects, records]);
    return { subjects: s, records: r };
  }

  // ---- Audit log
  appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    return auditLog.appendAudit(this.#db, this.dialect, entries, this.#bulk.insertAuditEntries);
  }

  appendAuditChain(chain: AuditChainer): Promise<readonly AuditEntry[]> {
    return auditLog.appendAuditChain(this.#db, this.dialect, chain, this.#bulk.insertAuditEntries);
  }

  lastAudit(): Promise<AuditEntry | undefined> {
    return auditLog.lastAudit(this.#db);
  }

  readAudit(afterSeq: number, limit: number): Promise<AuditEntry[]> {
    return auditLog.readAudit(this.#db, afterSeq, limit);
  }

  auditOfSubject(subject: string, limit: number): Promise<AuditEntry[]> {
    return auditLog.auditOfSubject(this.#db, subject, limit);
  }

  accessLogOf(subject: string, query: AccessLogQuery): Promise<AuditEntry[]> {
    return auditLog.accessLogOf(this.#db, subject, query);
  }

  accessLogCounts(subject: string): Promise<AccessLogCount[]> {
    return auditLog.accessLogCounts(this.#db, subject);
  }

  // ---- the audit archive's bookkeeping (audit-log-queries.ts, app/ports/audit-archive-store.ts)
  auditArchiveDir(): Promise<string | undefined> {
    return auditLog.auditArchiveDir(this.#db);
  }

  recordAuditArchiveDir(dir: string, at: Instant): Promise<void> {
    return auditLog.recordAuditArchiveDir(this.#db, dir, at);
  }

  auditSegments(): Promise<AuditSegmentRow[]> {
    return auditLog.auditSegments(this.#db);
  }

  firstLiveAudit(): Promise<AuditEntry | undefined> {
    return auditLog.firstLiveAudit(this.#db);
  }

  lastAuditSeqBefore(before: Instant): Promise<number | undefined> {
    return auditLog.lastAuditSeqBefore(this.#db, before);
  }

  async prepareAuditPartitions(now: Instant): Promise<void> {
    if (this.dialect === 'postgres') await ensurePartitions(this.#db, now);
  }

  commitAuditSegment(row: AuditSegmentRow, monthEnd: Instant): Promise<void> {
    return auditLog.commitAuditSegment(this.#db, this.dialect, row, monthEnd);
  }

  replaceAuditSegmentManifest(month: string, was: string, manifest: string): Promise<boolean> {
    return auditLog.replaceAuditSegmentManifest(this.#db, month, was, manifest);
  }
  // ---- end of audit log

  // ---- List feeds
  appendFeed(deltas: readonly FeedDelta[], from?: { readonly ledgerSeq: number }): Promise<void> {
    return listFeeds.appendFeed(this.#db, deltas, from);
  }

  feedLedgerSeq(): Promise<number> {
    return listFeeds.feedLedgerSeq(this.#db);
  }

  lastFeedSeq(list?: string): Promise<number> {
    return listFeeds.lastFeedSeq(this.#db, list);
  }

  readFeed(list: string, afterSeq: number, limit: number): Promise<FeedDelta[]> {
    return listFeeds.readFeed(this.#db, list, afterSeq, limit);
  }

  feedState(): Promise<FeedDelta[]> {
    return listFeeds.feedState(this.#db);
  }

  registerFeedConsumer(list: string, agencyId: string): Promise<void> {
    return listFeeds.registerFeedConsumer(this.#db, list, agencyId);
  }

  ackFeed(list: string, agencyId: string, seq: number, at: Instant): Promise<number> {
    return listFeeds.ackFeed(this.#db, list, agencyId, seq, at);
  }

  feedConsumers(): Promise<FeedConsumer[]> {
    return listFeeds.feedConsumers(this.#db);
  }
  // ---- end of list feeds

  // ---- the authority's aggregates (authority-stats-queries.ts)
  checkCountsBySubject(from: Instant, to: Instant): Promise<SubjectCheckCounts[]> {
    return authorityStats.checkCountsBySubject(this.#db, from, to);
  }

  checkCountsByMeasureDay(since: Instant, until: Instant): Promise<MeasureDayCounts[]> {
    return authorityStats.checkCountsByMeasureDay(this.#db, this.dialect, since, until);
  }

  feedListSizes(): Promise<{ list: string; size: number }[]> {
    return authorityStats.feedListSizes(this.#db);
  }

  feedDayCounts(since: Instant): Promise<FeedDayCounts[]> {
    return authorityStats.feedDayCounts(this.#db, since);
  }

  recordsByAgency(from: Instant, to: Instant): Promise<{ agencyId: string; records: number }[]> {
    return authorityStats.recordsByAgency(this.#db, from, to);
  }

  // ---- the public transparency report's counts (transparency-stats-queries.ts)
  checksByMeasure(
    from: Instant,
    to: Instant,
    measures: readonly string[],
  ): Promise<MeasureCheckCounts[]> {
    return transparencyStats.checksByMeasure(this.#db, from, to, measures);
  }

  recordsByCategoryAndAgency(
    from: Instant,
    to: Instant,
  ): Promise<{ category: string; agencyId: string; records: number }[]> {
    return transparencyStats.recordsByCategoryAndAgency(this.#db, from, to);
  }

  repairsByAgency(from: Instant, to: Instant): Promise<{ agencyId: string; repairs: number }[]> {
    return transparencyStats.repairsByAgency(this.#db, from, to);
  }

  // ---- Citizen sign-in
  insertSignInCode(code: SignInCodeRow): Promise<void> {
    return citizenAuth.insertSignInCode(this.#db, code);
  }

  openSignInCode(subject: string): Promise<SignInCodeRow | undefined> {
    return citizenAuth.openSignInCode(this.#db, subject);
  }

  countWrongTry(subject: string, codeId: string, lockAfter: number, at: Instant): Promise<number> {
    return citizenAuth.countWrongTry(this.#db, subject, codeId, lockAfter, at);
  }

  useSignInCode(subject: string, codeId: string, at: Instant): Promise<boolean> {
    return citizenAuth.useSignInCode(this.#db, subject, codeId, at);
  }

  insertCitizenSession(session: CitizenSessionRow): Promise<void> {
    return citizenAuth.insertCitizenSession(this.#db, session);
  }

  findCitizenSession(tokenHash: string): Promise<CitizenSessionRow | undefined> {
    return citizenAuth.findCitizenSession(this.#db, tokenHash);
  }

  deleteCitizenSession(tokenHash: string, subject: string): Promise<boolean> {
    return citizenAuth.deleteCitizenSession(this.#db, tokenHash, subject);
  }
  // ---- end of citizen sign-in

  // ---- Citizen preferences
  citizenPreferences(subject: string): Promise<CitizenPreferences | undefined> {
    return citizenPreferences.citizenPreferences(this.#db, subject);
  }

  setCitizenLanguage(subject: string, language: NoticeLanguage, at: Instant): Promise<void> {
    return citizenPreferences.setCitizenLanguage(this.#db, subject, language, at);
  }

  citizenLanguages(subjects: readonly string[]): Promise<Map<string, NoticeLanguage>> {
    return citizenPreferences.citizenLanguages(this.#db, subjects);
  }
  // ---- end of citizen preferences

  // ---- Notices
  noticeCursor(source: NoticeSource): Promise<number> {
    return notices.noticeCursor(this.#db, source);
  }

  addNotices(
    rows: readonly NewNotice[],
    cursor: { readonly source: NoticeSource; readonly seq: number },
  ): Promise<number> {
    return notices.addNotices(this.#db, rows, cursor, this.dialect);
  }

  feedDeltasAfter(afterSeq: number, limit: number): Promise<FeedDelta[]> {
    return notices.feedDeltasAfter(this.#db, afterSeq, limit);
  }

  noticesOfSubject(subject: string, limit: number, beforeId?: number): Promise<StoredNotice[]> {
    return notices.noticesOfSubject(this.#db, subject, limit, beforeId);
  }

  dueNotices(now: Instant, limit: number): Promise<StoredNotice[]> {
    return notices.dueNotices(this.#db, now, limit);
  }

  claimNotice(id: number, now: Instant, leaseUntil: Instant): Promise<boolean> {
    return notices.claimNotice(this.#db, id, now, leaseUntil);
  }

  markNoticeDelivered(id: number, at: Instant): Promise<void> {
    return notices.markNoticeDelivered(this.#db, id, at);
  }

  markNoticeAttemptFailed(
    id: number,
    error: string,
    nextAttemptAt: Instant,
    giveUp: boolean,
  ): Promise<void> {
    return notices.markNoticeAttemptFailed(this.#db, id, error, nextAttemptAt, giveUp);
  }
  // ---- end of notices

  // ---- Publications
  authorityPublicKey(): Promise<AuthorityPublicKey | undefined> {
    return publicationQueries.authorityPublicKey(this.#db);
  }

  authorityKeys(): Promise<AuthorityKeyRecord[]> {
    return publicationQueries.authorityKeys(this.#db);
  }

  recordAuthorityKey(key: AuthorityKeyRecord): Promise<void> {
    return publicationQueries.recordAuthorityKey(this.#db, key);
  }

  storeMode(): Promise<StoreMode | undefined> {
    return storeClock.storeMode(this.#db);
  }

  setStoreMode(mode: StoreMode): Promise<StoreMode> {
    return storeClock.setStoreMode(this.#db, mode);
  }

  insertPublication(
    publication: StoredPublication,
    searchable: readonly SearchableEntry[],
  ): Promise<void> {
    return publicationQueries.insertPublication(this.#db, publication, searchable, this.dialect);
  }

  searchPublishedEntries(search: PublishedEntrySearch): Promise<FoundEntry[]> {
    return publicationQueries.searchPublishedEntries(this.#db, search);
  }

  latestPublication(list: string): Promise<StoredPublication | undefined> {
    return publicationQueries.latestPublication(this.#db, list);
  }

  publication(list: string, version: number): Promise<StoredPublication | undefined> {
    return publicationQueries.publication(this.#db, list, version);
  }

  publications(): Promise<PublicationSummary[]> {
    return publicationQueries.publications(this.#db);
  }
  // ---- end of publications

  async #currentSchema(): Promise<string | undefined> {
    const { rows } = await sql<{
      schema: string | null;
    }>`select current_schema() as schema`.execute(this.#db);
    return rows[0]?.schema ?? undefined;
  }
}
