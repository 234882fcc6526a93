// The server's standing: the in-memory engine folded from the ledger, following its head. Writes
// go to the ledger first (through the use cases) and are then folded here before the use case
// answers (`follow`), so a check that follows an accepted record sees it (as soon as its notice
// period allows). Writes by other processes (the CLI, another server) are folded by a poll of the
// ledger head; a new catalogue or policy version reloads the context. List feeds and notices
// follow the engine (charter C6, C13, C14). A record's notice is written with the record
// (app/notices/notice-outbox.ts).
//
// Work off the event loop (issue 11): the standing is ready (/readyz 200, checks answered from the
// engine) as soon as the engine is folded; the first sync of list feeds and notices runs right
// after, in slices that yield to the event loop, serialised with folds, and the doors that read
// feeds or a citizen's notices wait for it (`inStep`), so nothing is read from them before they
// follow the engine. Feeds wait only for the feed sync, not for the notices after it: a store
// loaded in bulk (a migration, the synthetic city) owes the notices of its whole history, hours
// of derivation for a city, and an agency's feed need not wait for a citizen's old notices (a
// check, the effect itself, does not wait for them either: notices owed for the past postpone no
// entry, charter C6). A new policy version is applied to the engine already loaded (a new context,
// `setPolicies` in one step, then the tail folded), not by folding the whole ledger again: a check
// answered meanwhile sees the old policy or the new one, never a mix. A new catalogue version (or
// a policy the engine cannot apply in place) still folds the ledger again under a new context,
// while the old engine answers.
//
// The sequence folded (`readiness().lastSeq`, what /readyz reports) moves only past what the
// engine folded: each catch-up reads the ledger up to a head in one snapshot (engine-load.ts), a
// gap stops it, and folds are serialised, whoever asks (a request following its write, the poll).
// A fold, the list feeds and the notices that follow it yield to the event loop as they go (a CLI
// import of 1.2 M rows beside a server once held it for 27 s): `catchUp` reads a tail in small
// pages and applies it in one step, so requests answered meanwhile see the engine before or after
// it, never half of a committed batch.
//
// Several servers on one PostgreSQL ledger (issue 12): each hears the others' writes at once
// (`headWatcher`, LISTEN/NOTIFY; the poll stays as the fallback, so a lost notification costs
// only latency) and folds the tail. The feed and notice syncs run under cluster-wide locks
// (`locks.exclusive`): a server that finds another syncing leaves it (and tries again shortly), and
// a server whose engine is behind the one that last wrote the feeds writes no feed delta (it would
// take back what the server ahead of it wrote; list-feed-sync.ts, `ledgerSeq`).
import type { Catalog, Category } from '../../core/catalog/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { LedgerRecord } from '../../core/ledger/ledger-types.js';
import type { CompiledPolicy } from '../../core/policy/index.js';
import type { CheckResult, SubjectEvaluation } from '../../core/scoring/index.js';
import type { Instant } from '../../core/time/instant.js';
import type { Engine, ScoreTable } from '../../engine/index.js';
import { syncListFeeds } from '../feeds/list-feed-sync.js';
import { syncNotices } from '../notices/notice-sync.js';
import type { LedgerStore } from '../ports/ledger-store.js';
import type { EngineSnapshotFile } from '../ports/engine-snapshot-file.js';
import type {
  ClusterLocks,
  HeadWatch,
  LedgerHeadWatcher,
  SharedWork,
} from '../ports/cluster-coordination.js';
import { catchUp, fillEngineFields, LEDGER_PAGE, loadEngine } from './engine-load.js';
import { startFromSnapshot, writeSnapshot, type SnapshotEvent } from './engine-snapshots.js';
import { loadScoringContext, type ScoringContext } from './scoring-context.js';
import type { InStepPart, Standing } from './standing.js';

export interface StandingOptions {
  readonly clock: () => Instant;
  /** How often to look for writes by other processes (default 1 s; 0 turns polling off). */
  readonly pollMs?: number;
  /** Told when a background poll fails (the next poll tries again); the server logs it. */
  readonly onPollError?: (error: unknown) => void;
  /** Hears other servers' ledger writes at once (PostgreSQL LISTEN/NOTIFY); none: the poll alone. */
  readonly headWatcher?: LedgerHeadWatcher | undefined;
  /** Cluster-wide locks around the feed and notice syncs; none: this process is alone. */
  readonly locks?: ClusterLocks | undefined;
  /** The citizen portal's address notices name (default: notice-language.ts). */
  readonly portalUrl?: string | undefined;
  /** The engine snapshot to start from and keep (none: every start folds the whole ledger). */
  readonly snapshot?: SnapshotOptions | undefined;
  /**
   * Told, and awaited, at each step of work done while the standing already answers (tests observe
   * the order of answers with it; nothing else should wait here): before the first sync of feeds
   * and notices, between its slices, and before a new policy version is applied.
   */
  readonly onStep?: ((step: StandingStep) => Promise<void> | void) | undefined;
}

/** A step of work done while the standing answers (`StandingOptions.onStep`). */
export type StandingStep = 'first-sync' | 'feed-slice' | 'notice-sync' | 'policy-apply';

/** Where and how often the server writes its engine snapshot (engine-snapshots.ts). */
export interface SnapshotOptions {
  readonly file: EngineSnapshotFile;
  /** Write again once the ledger has moved this many sequence numbers past the last snapshot. */
  readonly everyEvents: number;
  /** ... or once this long has passed since it, with anything new (milliseconds). */
  readonly everyMs: number;
  /** Told what happened to a snapshot (the server logs it; a refusal is a warning). */
  readonly onEvent?: ((event: SnapshotEvent) => void) | undefined;
  /**
   * Engines whose typed columns are at most this many bytes are copied at once for a snapshot and
   * go on folding while it is written; larger ones are written from their live columns while the
   * fold waits (default SNAPSHOT_COPY_UP_TO_BYTES; `snapshotIfDue` says why).
   */
  readonly copyUpToBytes?: number | undefined;
}

/**
 * Up to this size (the engine's typed columns) a snapshot copies them and the fold goes on while
 * it is written; above it, the fold waits for the write (`snapshotIfDue`). 256 MiB: S is about
 * 40 MiB (copied in milliseconds), M about 0.5 GB, a city 12-16 GB.
 */
export const SNAPSHOT_COPY_UP_TO_BYTES = 256 << 20;

interface Loaded {
  readonly context: ScoringContext;
  readonly engine: Engine;
  /** The ledger sequence folded so far: every number up to it is folded or is no engine event. */
  lastSeq: number;
  /** When the check index was last prepared. */
  preparedAt?: Instant | undefined;
  /** When list feeds must be brought up to date even without new writes (a transition is due). */
  feedsDueAt?: number | undefined;
}

/** Time alone (notice periods ending, expiries) moves list feeds at most this often. */
const FEED_REFRESH_MIN_MS = 60_000;

const PREPARED_FOR_MS = 86_400_000;

/** When another server holds the feed sync, this server tries again this much later. */
const FEEDS_BUSY_RETRY_MS = 100;

/** How many times a load starts again when a catalogue or policy version lands during it. */
const LOADS_PER_DOCUMENT_CHANGE = 3;

export class LiveStanding implements Standing {
  private loaded: Loaded | undefined;
  private loading: Promise<void> | undefined;
  /** Serialises folds: one catch-up at a time, in sequence order. */
  private folding: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  /** The watch on other servers' writes, and whether a sync it asked for has not started yet. */
  private watch: HeadWatch | undefined;
  private wakePending = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly clock: () => Instant;
  /** The sequence the last snapshot (read or written) covers, and when it was taken. */
  private snapshotSeq = 0;
  private snapshotAt = 0;
  /** The snapshot being written, if any (one at a time). */
  private snapshotting: Promise<void> | undefined;
  /** How the engine was started: from a snapshot (and its sequence) or cold. */
  private startedFrom: { readonly snapshotSeq: number | undefined } | undefined;
  /** Settled once list feeds, then notices, have followed the engine (`inStep`). */
  private readonly feedsFollowed: Promise<void>;
  private readonly noticesFollowed: Promise<void>;
  /** Set by `close`: long derivations stop at their next page. */
  private closing = false;
  private markFeedsFollowed: () => void = () => undefined;
  private markNoticesFollowed: () => void = () => undefined;

  constructor(
    private readonly store: LedgerStore,
    private readonly options: StandingOptions,
  ) {
    this.clock = options.clock;
    this.feedsFollowed = new Promise((resolve) => {
      this.markFeedsFollowed = resolve;
    });
    this.noticesFollowed = new Promise((resolve) => {
      this.markNoticesFollowed = resolve;
    });
  }

  get ready(): boolean {
    return this.loaded !== undefined;
  }

  /**
   * Loads the engine from the ledger (once) and starts following the ledger head. The standing is
   * ready (`readiness`, checks) once the engine is folded; the promise settles once list feeds and
   * notices follow it too.
   */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const loaded = await this.fold(true);
      this.prepare(loaded);
      this.loaded = loaded;
      // Then, while checks are answered: list feeds in step with the engine, and the notices of
      // every event already in the ledger (a record's is written with it; the sync derives any
      // the ledger still owes, e.g. of a synthetic history or a store of an older version). Feed
      // and notice reads wait for it (`inStep`); a write's follow-up is serialised after it.
      const first = this.folding.then(async () => {
        await this.options.onStep?.('first-sync');
        await this.syncFeeds(loaded, true);
      });
      this.folding = first.catch(() => undefined);
      await first;
      // The first snapshot after a load (none when the snapshot read covers everything folded).
      this.snapshotIfDue(loaded, true);
      const pollMs = this.options.pollMs ?? 1000;
      if (pollMs > 0) {
        this.timer = setInterval(
          () => void this.sync().catch((error: unknown) => this.options.onPollError?.(error)),
          pollMs,
        );
        this.timer.unref();
      }
      // Other servers' writes, heard at once (the poll above stays as the fallback).
      if (!this.closing) this.watch = this.options.headWatcher?.watch((head) => this.heard(head));
    })();
    return this.loading;
  }

  /**
   * Stops following the ledger (the store is closed by whoever opened it). A clean shutdown
   * writes a last snapshot when the ledger moved since the last one.
   */
  async close(): Promise<void> {
    this.closing = true; // a notice derivation under way stops at its next page
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.watch?.close();
    this.watch = undefined;
    await this.folding;
    await this.snapshotting;
    const loaded = this.loaded;
    if (loaded !== undefined) {
      this.snapshotIfDue(loaded, true);
      await this.snapshotting;
    }
  }

  /**
   * Resolves once the list feeds (`'feeds'`) or the notices too (`'notices'`) follow the engine
   * (the first sync after a load); `NotReady` while the engine is still loading, as every answer
   * from the standing.
   */
  async inStep(what: InStepPart = 'notices'): Promise<void> {
    this.state();
    await (what === 'feeds' ? this.feedsFollowed : this.noticesFollowed);
  }

  /** How the engine was started, and the snapshot's sequence when from one (for tests and bench). */
  start(): { readonly snapshotSeq: number | undefined } | undefined {
    return this.startedFrom;
  }

  /**
   * Writes a snapshot in the background when one is due (`force`: whenever the ledger moved past
   * the last one), one write at a time. The snapshot is one state at one sequence,
   * `loaded.lastSeq`, while the engine goes on: a small engine's columns (at most
   * `copyUpToBytes`) are copied now and the fold goes on at once, as before; a larger engine is
   * written from its live columns, with no copy (at a city's size a copy is a second engine in
   * memory, 12-16 GB on a 24 GiB machine), and the next fold waits until the file is written
   * (`folding` holds it). Checks, evaluations and feed reads are answered meanwhile (they only
   * read the engine); a write's `follow()` and the poll wait, and the records they bring are
   * folded right after, so none is lost and none is folded twice: the snapshot's sequence is the
   * one before them, and a start from it folds them from the tail.
   */
  private snapshotIfDue(loaded: Loaded, force: boolean): void {
    const options = this.options.snapshot;
    if (options === undefined || this.snapshotting !== undefined) return;
    const seq = loaded.lastSeq;
    if (seq <= this.snapshotSeq) return;
    const now = performance.now();
    const due =
      force ||
      seq - this.snapshotSeq >= options.everyEvents ||
      now - this.snapshotAt >= options.everyMs;
    if (!due) return;
    const started = performance.now();
    let detach: () => void = () => undefined;
    const detached = new Promise<void>((resolve) => {
      detach = resolve;
    });
    const written = writeSnapshot(
      this.store,
      options.file,
      loaded.engine,
      loaded.context,
      seq,
      this.clock(),
      {
        copyUpToBytes: options.copyUpToBytes ?? SNAPSHOT_COPY_UP_TO_BYTES,
        onDetached: () => detach(),
      },
    );
    // The next fold waits until the snapshot no longer reads the live columns (at once when they
    // were copied). `folding` never rejects, so neither does this.
    this.folding = this.folding.then(() => detached);
    this.snapshotSeq = seq;
    this.snapshotAt = now;
    this.snapshotting = written
      .then((bytes) => {
        if (bytes > 0) {
          options.onEvent?.({
            kind: 'written',
            path: options.file.path,
            seq,
            bytes,
            ms: Math.round(performance.now() - started),
          });
        }
      })
      .catch((error: unknown) =>
        options.onEvent?.({ kind: 'failed', path: options.file.path, error }),
      )
      .finally(() => {
        this.snapshotting = undefined;
      });
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
      const { documentsChanged } = await catchUp(this.store, loaded.engine, loaded.lastSeq, {
        documents: loaded.context.documentSeqs,
        // Page by page, so that a fold stopped by a gap still says how far it got.
        onProgress: (seq) => {
          loaded.lastSeq = seq;
        },
      });
      if (documentsChanged) {
        // A new catalogue or policy version: the engine answers with the old one until then.
        const next = await this.activate(loaded);
        this.loaded = next;
        this.prepare(next);
        await this.syncFeeds(next, true);
        this.snapshotIfDue(next, true);
        return;
      }
      await this.syncFeeds(loaded, true);
      this.snapshotIfDue(loaded, false);
    });
    this.folding = run.catch(() => undefined);
    return run;
  }

  /**
   * A ledger write heard from the head watcher (`head`; undefined when the watch (re)connected and
   * may have missed some): a sync, unless the engine has folded that far already or a sync asked
   * for this way has not started yet (it will read the head when it does).
   */
  private heard(head: number | undefined): void {
    const loaded = this.loaded;
    if (this.closing || loaded === undefined) return;
    if (head !== undefined && head <= loaded.lastSeq) return;
    if (this.wakePending) return;
    this.wakePending = true;
    void this.folding
      .then(() => {
        this.wakePending = false;
        return this.closing ? undefined : this.sync();
      })
      .catch((error: unknown) => this.options.onPollError?.(error));
  }

  /** Another server held the feed sync: a sync again shortly (one pending at a time). */
  private retrySoon(): void {
    if (this.closing || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.closing) return;
      void this.sync().catch((error: unknown) => this.options.onPollError?.(error));
    }, FEEDS_BUSY_RETRY_MS);
    this.retryTimer.unref();
  }

  /**
   * Runs `run` under the cluster-wide lock of `work` (at once when this process is alone): its
   * value, or undefined when another server holds the lock.
   */
  private async exclusive<T>(work: SharedWork, run: () => Promise<T>): Promise<T | undefined> {
    const locks = this.options.locks;
    if (locks === undefined) return run();
    const result = await locks.exclusive(work, run);
    return result.ran ? result.value : undefined;
  }

  /**
   * Brings every list feed up to date with the engine (charter C13, C14): after every write, and
   * when time alone has changed memberships (the engine's next transition), at most once a minute.
   * With several servers, one at a time (cluster-wide locks), and never from an engine behind the
   * one that last wrote them; a sync another server holds is owed, and done shortly after.
   */
  private async syncFeeds(loaded: Loaded, written: boolean): Promise<void> {
    const now = this.clock();
    if (!written && loaded.feedsDueAt !== undefined && now < loaded.feedsDueAt) return;
    const onStep = this.options.onStep;
    const shared = this.options.locks?.shared === true;
    const fed = await this.exclusive('list-feeds', async () => {
      await syncListFeeds(this.store, loaded.engine, now, {
        onSlice: onStep && (() => onStep('feed-slice')),
        // Several servers: none takes back what a server ahead of this engine wrote.
        ledgerSeq: shared ? loaded.lastSeq : undefined,
      });
      return true;
    });
    if (fed !== true) {
      loaded.feedsDueAt = undefined; // owed: the next sync runs it whatever the time
      this.retrySoon();
      return;
    }
    this.markFeedsFollowed();
    await onStep?.('notice-sync');
    // C6: a record's notice is issued with its acceptance; list joins and leaves as the feed says them.
    const noticed = await this.exclusive('notices', async () => {
      await syncNotices(this.store, loaded.context, now, {
        portalUrl: this.options.portalUrl,
        stop: () => this.closing,
      });
      return true;
    });
    if (noticed !== true) {
      // Another server derives them (perhaps a bulk-loaded history's, for hours): the poll retries.
      loaded.feedsDueAt = undefined;
      return;
    }
    const next = loaded.engine.nextTransition(now) ?? Number.POSITIVE_INFINITY;
    loaded.feedsDueAt = Math.max(next, now + FEED_REFRESH_MIN_MS);
    this.markNoticesFollowed();
  }

  /**
   * The engine under the catalogue and policy versions the ledger holds now, after a fold stopped
   * before one it did not know (at `loaded.lastSeq + 1`). A policy version alone is applied to the
   * engine already loaded: a new context, `setPolicies` in one step (checks answered before it see
   * the old policy, after it the new one), then the tail after it folded and applied in one step.
   * A version that reads a record field the engine does not keep has that field's column built
   * from the store first, into the same engine (`fillEngineFields`). A new catalogue version (the
   * engine reads every record's category through the catalogue it was accepted under, bound when
   * the engine was built), or a policy the engine cannot apply in place otherwise, folds the whole
   * ledger again under a new context instead, while the old engine goes on answering.
   */
  private async activate(loaded: Loaded): Promise<Loaded> {
    let current = loaded;
    for (let round = 1; round <= LOADS_PER_DOCUMENT_CHANGE; round++) {
      const context = await loadScoringContext(this.store);
      const sameCatalogues =
        context.catalogVersion === current.context.catalogVersion &&
        [...current.context.documentSeqs].every((seq) => context.documentSeqs.has(seq));
      if (!sameCatalogues) return this.fold(false);
      await this.options.onStep?.('policy-apply');
      // A field no earlier version read: its column is built from the store into the engine
      // already loaded (which answers meanwhile), rather than a second engine folded beside it.
      await fillEngineFields(this.store, current.engine, context.policies, current.lastSeq);
      try {
        current.engine.setPolicies(context.policies);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // Checked before the engine changes: the old engine still answers while the fold runs.
        return this.fold(false);
      }
      const next: Loaded = { context, engine: current.engine, lastSeq: current.lastSeq };
      this.loaded = next;
      this.prepare(next);
      const { documentsChanged } = await catchUp(this.store, next.engine, next.lastSeq, {
        documents: context.documentSeqs,
        onProgress: (seq) => {
          next.lastSeq = seq;
        },
      });
      if (!documentsChanged) return next;
      current = next;
    }
    // Versions keep landing: the next sync goes on from here.
    return current;
  }

  // ---- Standing ------------------------------------------------------------------------------

  catalog(): { catalog: Catalog; version: number } {
    const { context } = this.state();
    return { catalog: context.catalog, version: context.catalogVersion };
  }

  /** The category of a record under the catalogue version it was accepted with. */
  categoryOf(record: LedgerRecord): Category | undefined {
    return this.state().context.categoryOf(record);
  }

  policyAt(t: Instant): CompiledPolicy {
    return this.state().context.policyAt(t);
  }

  scoring(): ScoringContext & { readonly portalUrl?: string | undefined } {
    const { context } = this.state();
    const portalUrl = this.options.portalUrl;
    return portalUrl === undefined ? context : { ...context, portalUrl };
  }

  /** The explained evaluation of a subject (the CLI `score` JSON). */
  evaluate(subjectKey: string, t: Instant): SubjectEvaluation {
    return this.state().engine.evaluate(subjectKey, t);
  }

  check(subjectKey: string, measureId: string, t: Instant): CheckResult {
    const loaded = this.state();
    this.prepare(loaded);
    return loaded.engine.check(subjectKey, measureId, t);
  }

  checkBatch(subjectKeys: readonly string[], measureId: string, t: Instant): CheckResult[] {
    const loaded = this.state();
    this.prepare(loaded);
    return loaded.engine.checkBatch(subjectKeys, measureId, t);
  }

  follow(): Promise<void> {
    return this.sync();
  }

  /** Every subject scored at t by the live engine (the authority's dashboard: aggregates only). */
  scoreTable(t: Instant): {
    readonly table: ScoreTable;
    readonly keyOf: (ordinal: number) => string;
  } {
    const { engine } = this.state();
    return { table: engine.scoreAll(t), keyOf: (s) => engine.keyOf(s) };
  }

  /** What /readyz reports: the ledger sequence folded and the subjects known; undefined while loading. */
  readiness(): { lastSeq: number; subjects: number } | undefined {
    const loaded = this.loaded;
    if (!loaded) return undefined;
    return { lastSeq: loaded.lastSeq, subjects: loaded.engine.stats().subjects };
  }

  /**
   * What /metrics reports as rule errors: per rule id, the records in force now that the policy in
   * force fails on (docs/policy.md, "Rule errors"); empty while loading.
   */
  ruleErrors(): Record<string, number> {
    const loaded = this.loaded;
    return loaded ? loaded.engine.ruleErrors(this.clock()) : {};
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

  /**
   * A context and an engine folded from the whole ledger. A catalogue or policy version that
   * lands while the engine is folded (after the context was read) stops the fold before it; the
   * load starts again (a few times at most, then the next sync does).
   */
  private async fold(first: boolean): Promise<Loaded> {
    for (let load = 1; ; load++) {
      const context = await loadScoringContext(this.store);
      const { engine, lastSeq, documentsChanged } =
        (first && load === 1 ? await this.foldFromSnapshot(context) : undefined) ??
        (await loadEngine(this.store, context));
      if (!documentsChanged || load === LOADS_PER_DOCUMENT_CHANGE)
        return { context, engine, lastSeq };
    }
  }

  /**
   * The engine from the snapshot, when one may be trusted (engine-snapshots.ts), with the ledger
   * after it folded; undefined (a cold start) otherwise.
   */
  private async foldFromSnapshot(
    context: ScoringContext,
  ): Promise<{ engine: Engine; lastSeq: number; documentsChanged: boolean } | undefined> {
    const options = this.options.snapshot;
    this.startedFrom = { snapshotSeq: undefined };
    if (options === undefined) return undefined;
    const onEvent = options.onEvent ?? (() => undefined);
    const start = await startFromSnapshot(this.store, options.file, context, onEvent);
    if (start === undefined) return undefined;
    const { lastSeq, documentsChanged } = await catchUp(this.store, start.engine, start.seq, {
      documents: context.documentSeqs,
      pageSize: LEDGER_PAGE,
      staged: false,
    });
    start.engine.setPolicies(context.policies);
    this.startedFrom = { snapshotSeq: start.seq };
    this.snapshotSeq = start.seq;
    this.snapshotAt = performance.now();
    return { engine: start.engine, lastSeq, documentsChanged };
  }
}
