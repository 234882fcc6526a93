// The server's application state and the use cases its doors call: one ledger store, the scoring
// context (catalogue and policy versions from the ledger), and the in-memory engine folded from
// the ledger. Writes go to the ledger first and are then folded into the engine before the call
// returns, so a check that follows an accepted record sees it (as soon as its notice period
// allows). Writes by other processes (the CLI, another server) are folded by a poll of the ledger
// head; a new catalogue or policy version reloads the context.
import type { Category } from '../../core/catalog/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Purpose } from '../../core/access/purposes.js';
import { checkIdentifier } from '../../core/identifiers/index.js';
import type { Agency, LedgerRecord, LedgerRecordEvent } from '../../core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../../core/policy/index.js';
import type { CheckResult, SubjectEvaluation } from '../../core/scoring/index.js';
import type { Instant } from '../../core/time/instant.js';
import type { Engine } from '../../engine/index.js';
import { hashAgencyToken } from '../agencies/agency-token.js';
import { catchUp, loadEngine } from './engine-load.js';
import { syncListFeeds } from '../feeds/list-feed-sync.js';
import { syncNotices } from '../notices/notice-sync.js';
import { ingestRecords } from '../records/record-ingest.js';
import type { LedgerStore } from '../ports/ledger-store.js';
import { addRecordEvent, type RecordEventRequest } from '../records/record-event-add.js';
import { loadScoringContext, type ScoringContext } from './scoring-context.js';
import { assertMayRead, assertMaySubmit, enforcedMeasure } from '../access/access-rules.js';

export interface ServiceOptions {
  readonly clock: () => Instant;
  /** How often to look for writes by other processes (default 1 s; 0 turns polling off). */
  readonly pollMs?: number;
}

export interface SubmittedRecord {
  readonly sourceRef: string;
  readonly id: number;
  readonly status: 'accepted' | 'duplicate';
}

/** One item of a batch check: the result, or why the identifier was refused (C10). */
export type BatchCheckItem =
  | CheckResult
  | {
      readonly subject: string;
      readonly measure: string;
      readonly error: { readonly code: string; readonly message: string };
    };

interface Loaded {
  readonly context: ScoringContext;
  readonly engine: Engine;
  /** The ledger sequence folded so far. */
  lastSeq: number;
  /** Identifies the catalogue and policy versions the context was built from. */
  documents: string;
  /** When the check index was last prepared. */
  preparedAt?: Instant | undefined;
  /** When list feeds must be brought up to date even without new writes (a transition is due). */
  feedsDueAt?: number | undefined;
}

/** Time alone (notice periods ending, expiries) moves list feeds at most this often. */
const FEED_REFRESH_MIN_MS = 60_000;

const PREPARED_FOR_MS = 86_400_000;

export class ProbityService {
  private loaded: Loaded | undefined;
  private loading: Promise<void> | undefined;
  /** Serialises folds: one catch-up at a time, in sequence order. */
  private folding: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private readonly agencies = new Map<string, Agency>();
  readonly clock: () => Instant;

  constructor(
    readonly store: LedgerStore,
    private readonly options: ServiceOptions,
  ) {
    this.clock = options.clock;
  }

  get ready(): boolean {
    return this.loaded !== undefined;
  }

  /** Loads the engine from the ledger (once) and starts following the ledger head. */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const context = await loadScoringContext(this.store);
      const documents = await this.documentsKey();
      const { engine, lastSeq } = await loadEngine(this.store, context);
      this.loaded = { context, engine, lastSeq, documents };
      this.prepare(this.loaded);
      const pollMs = this.options.pollMs ?? 1000;
      if (pollMs > 0) {
        this.timer = setInterval(() => void this.sync().catch(() => undefined), pollMs);
        this.timer.unref();
      }
    })();
    return this.loading;
  }

  /** Stops following the ledger (the store is closed by whoever opened it). */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.folding;
  }

  /** Folds what the ledger holds beyond the engine; reloads catalogue and policies when they changed. */
  sync(): Promise<void> {
    const run = this.folding.then(async () => {
      const loaded = this.loaded;
      if (!loaded) return;
      const head = await this.store.headSeq();
      if (head <= loaded.lastSeq) {
        await this.syncFeeds(loaded, false);
        return;
      }
      const documents = await this.documentsKey();
      if (documents !== loaded.documents) {
        // A new catalogue or policy version: the engine reads catalogues through the context.
        const context = await loadScoringContext(this.store);
        const { engine, lastSeq } = await loadEngine(this.store, context);
        this.loaded = { context, engine, lastSeq, documents };
        this.prepare(this.loaded);
        await this.syncFeeds(this.loaded, true);
        return;
      }
      const { lastSeq } = await catchUp(this.store, loaded.engine, loaded.lastSeq);
      // Policy, catalogue and agency events take sequence numbers without being engine events.
      loaded.lastSeq = Math.max(lastSeq, head);
      await this.syncFeeds(loaded, true);
    });
    this.folding = run.catch(() => undefined);
    return run;
  }

  /**
   * Brings every list feed up to date with the engine (charter C13, C14): after every write, and
   * when time alone has changed memberships (the engine's next transition), at most once a minute.
   */
  private async syncFeeds(loaded: Loaded, written: boolean): Promise<void> {
    const now = this.clock();
    if (!written && loaded.feedsDueAt !== undefined && now < loaded.feedsDueAt) return;
    await syncListFeeds(this.store, loaded.engine, now);
    // C6: a record's notice is issued with its acceptance; list joins and leaves as the feed says them.
    await syncNotices(this.store, loaded.context, now);
    const next = loaded.engine.nextTransition(now) ?? Number.POSITIVE_INFINITY;
    loaded.feedsDueAt = Math.max(next, now + FEED_REFRESH_MIN_MS);
  }

  // ---- Authentication ------------------------------------------------------------------------

  /** The agency a bearer token belongs to (tokens are compared by their SHA-256 digest). */
  async agencyByToken(token: string): Promise<Agency | undefined> {
    const hash = hashAgencyToken(token);
    const cached = this.agencies.get(hash);
    if (cached) return cached;
    const found = await this.store.findAgencyByTokenHash(hash);
    if (!found) return undefined;
    const agency: Agency = {
      id: found.id,
      kind: found.kind,
      name: found.name,
      createdAt: found.createdAt,
    };
    this.agencies.set(hash, agency);
    return agency;
  }

  // ---- Writes --------------------------------------------------------------------------------

  /** An atomic batch: every record accepted (or a duplicate), or nothing written. */
  async submitRecords(agency: Agency, records: readonly unknown[]): Promise<SubmittedRecord[]> {
    const { context } = this.state();
    assertMaySubmit(context.catalog, agency, records);
    const summary = await ingestRecords(
      this.store,
      { catalog: context.catalog, version: context.catalogVersion },
      agency,
      records,
      this.clock(),
      { mode: 'atomic' },
    );
    await this.sync();
    return summary.outcomes.map((o) => {
      if (o.status === 'rejected')
        throw new DomainError('Internal', 'an atomic ingest returned a rejection');
      return { sourceRef: o.sourceRef, id: o.id, status: o.status };
    });
  }

  async addRecordEvent(agency: Agency, request: RecordEventRequest): Promise<LedgerRecordEvent> {
    this.state();
    const event = await addRecordEvent(this.store, agency, request, this.clock());
    await this.sync();
    return event;
  }

  // ---- Reads ---------------------------------------------------------------------------------

  /** The policy in force now. */
  policyNow(): CompiledPolicy {
    return this.state().context.policyAt(this.clock());
  }

  /** Refuses (403) a check of a measure the agency's kind does not enforce. */
  assertMayCheck(agency: Agency, measureId: string): void {
    enforcedMeasure(this.policyNow(), agency, measureId);
  }

  /** One check now; the identifier is validated and normalised first (C10). */
  check(identifier: string, measureId: string): CheckResult {
    const loaded = this.state();
    const now = this.clock();
    const key = this.subjectKey(identifier, now);
    this.prepare(loaded);
    return loaded.engine.check(key, measureId, now);
  }

  /** One result per identifier, in input order; an invalid identifier is an item error. */
  checkBatch(identifiers: readonly string[], measureId: string): BatchCheckItem[] {
    const loaded = this.state();
    const now = this.clock();
    this.prepare(loaded);
    const keys: string[] = [];
    const positions: number[] = [];
    const out = new Array<BatchCheckItem>(identifiers.length);
    identifiers.forEach((input, i) => {
      const id = checkIdentifier(input, now);
      if (id.valid) {
        keys.push(id.normalized);
        positions.push(i);
      } else {
        out[i] = {
          subject: input,
          measure: measureId,
          error: { code: 'InvalidIdentifier', message: `${id.reason}: ${id.message}` },
        };
      }
    });
    const results = loaded.engine.checkBatch(keys, measureId, now);
    results.forEach((r, j) => {
      out[positions[j] ?? 0] = r;
    });
    return out;
  }

  /** The normalised key of an identifier, or 422 `InvalidIdentifier`. */
  subjectKey(identifier: string, now: Instant = this.clock()): string {
    const id = checkIdentifier(identifier, now);
    if (!id.valid)
      throw new DomainError(
        'InvalidIdentifier',
        `"${identifier}" is not a valid identifier (${id.reason}): ${id.message}`,
      );
    return id.normalized;
  }

  /** Refuses (403) a read of a subject for a purpose the agency may not use. */
  async assertMayRead(agency: Agency, subjectKey: string, purpose: Purpose): Promise<void> {
    const { context } = this.state();
    const submitting =
      purpose === 'dispute-review'
        ? new Set((await this.store.recordsOfSubject(subjectKey)).map((r) => r.agencyId))
        : new Set<string>();
    assertMayRead(agency, purpose, {
      policy: this.policyNow(),
      catalog: context.catalog,
      submittingAgencies: submitting,
    });
  }

  /** The explained evaluation of a subject now (the CLI `score` JSON). */
  evaluate(subjectKey: string): SubjectEvaluation {
    return this.state().engine.evaluate(subjectKey, this.clock());
  }

  /** The category of a record under the catalogue version it was accepted with. */
  categoryOf(record: LedgerRecord): Category | undefined {
    return this.state().context.categoryOf(record);
  }

  /** What /readyz reports: the ledger sequence folded and the subjects known; undefined while loading. */
  readiness(): { lastSeq: number; subjects: number } | undefined {
    const loaded = this.loaded;
    if (!loaded) return undefined;
    return { lastSeq: loaded.lastSeq, subjects: loaded.engine.stats().subjects };
  }

  // ---- Internals -----------------------------------------------------------------------------

  private state(): Loaded {
    if (!this.loaded)
      throw new DomainError(
        'NotReady',
        'the engine is still loading the ledger; try again shortly',
      );
    return this.loaded;
  }

  /**
   * Keeps the prepared check index fresh. Subjects whose window has passed are scored one by one
   * by the engine (correct, a little slower), so the index is rebuilt only when it is a day old
   * or the clock went back before it, not at every subject's transition.
   */
  private prepare(loaded: Loaded): void {
    const now = this.clock();
    const at = loaded.preparedAt;
    if (at !== undefined && now >= at && now - at < PREPARED_FOR_MS) return;
    try {
      loaded.engine.prepareChecks(now);
      loaded.preparedAt = now;
    } catch (error) {
      // No policy in force yet: checks will say so themselves.
      if (!(error instanceof DomainError)) throw error;
    }
  }

  private async documentsKey(): Promise<string> {
    const catalog = await this.store.latestCatalog();
    const policies = await this.store.policies();
    return `${catalog?.version ?? 0}:${policies.map((p) => p.seq).join(',')}`;
  }
}
