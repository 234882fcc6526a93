// The audit log's writer: group commit over the AuditLogStore port. The doors call `record` and
// answer only once it resolves, i.e. once their entries are committed; many concurrent requests
// share one transaction, so the log costs a request a few milliseconds at most and the database
// one commit per batch rather than per access.
//
// One writer loop (never two at once) takes calls from the queue in arrival order and appends
// them in one transaction, which takes the audit lock, reads the last entry under it, and numbers
// and hashes the batch after it (AuditLogStore.appendAuditChain). The same lock serialises the
// entries a write commits inside its own ledger transaction (ledger-append.ts) and the writers of
// other processes, so all of them make one chain, committed in seq order, with nothing to
// renumber. The first entry into an idle queue waits `flushIntervalMs` for company, or less when
// `batchSize` entries are already there; while a write is in flight, later calls gather and go in
// the next write as soon as it ends. The queue holds at most `queueLimit` uncommitted entries:
// past that, `record` waits for room (requests slow down; nothing is dropped).
//
// One caller's entry can never fail another caller's request. Entries are made storable when
// they are recorded, before they join a batch (`storableAuditEvent`: no NUL, no lone surrogate,
// bounded length), so nothing the store would refuse is batched with others. Should a batch still
// fail, its calls are written again one by one: only the calls whose own write fails are
// rejected (their requests fail rather than answer unlogged), with `AuditWriteFailed` and a
// message of ours; the store's error (which may quote the database) stays in `cause`, for the
// server's log, never in an answer.
import { DomainError } from '../../core/errors/domain-error.js';
import type { AuditLogStore } from '../ports/audit-log-store.js';
import { chainAfterLast, storableAuditEvent } from './audit-chain.js';
import type { AuditEvent, AuditSink } from './audit-sink.js';

export interface AuditLogOptions {
  /** A write starts as soon as this many entries are queued. */
  readonly batchSize?: number;
  /** How long the first entry into an idle queue waits for others (0: the next turn of the loop). */
  readonly flushIntervalMs?: number;
  /** Uncommitted entries (queued and being written) beyond which `record` waits for room. */
  readonly queueLimit?: number;
}

export const AUDIT_LOG_DEFAULTS = {
  batchSize: 1_000,
  flushIntervalMs: 2,
  queueLimit: 50_000,
} as const;

/** Attempts again after an `AuditConflict` (an entry numbered by a writer that takes no lock). */
const CONFLICT_RETRIES = 5;

interface PendingCall {
  readonly events: readonly AuditEvent[];
  resolve(): void;
  reject(error: unknown): void;
}

/** What a caller whose entries could not be written is told: a code and our words, the cause kept. */
export function auditWriteFailure(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const failure = new DomainError(
    'AuditWriteFailed',
    'the audit log could not be written; retry later',
  );
  failure.cause = error;
  return failure;
}

/** Opens the writer. `close()` before closing the store. */
export function openAuditLog(store: AuditLogStore, options: AuditLogOptions = {}): AuditSink {
  return new GroupCommitAuditLog(store, { ...AUDIT_LOG_DEFAULTS, ...options });
}

class GroupCommitAuditLog implements AuditSink {
  readonly #store: AuditLogStore;
  readonly #options: Required<AuditLogOptions>;
  /** Accepted calls not yet taken by the writer, in arrival order. */
  readonly #queue: PendingCall[] = [];
  /** Calls waiting for room in the queue, in arrival order. */
  readonly #waiting: PendingCall[] = [];
  #queuedEntries = 0;
  /** Entries accepted and not yet committed or failed: what the bound applies to. */
  #uncommitted = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #writer: Promise<void> | undefined;
  #closing = false;

  constructor(store: AuditLogStore, options: Required<AuditLogOptions>) {
    this.#store = store;
    this.#options = options;
  }

  record(events: readonly AuditEvent[]): Promise<void> {
    if (this.#closing)
      return Promise.reject(new DomainError('AuditLogClosed', 'the audit log is closed'));
    if (events.length === 0) return Promise.resolve();
    const storable = events.map(storableAuditEvent);
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ events: storable, resolve, reject });
      this.#admit();
    });
  }

  queued(): number {
    let waiting = 0;
    for (const call of this.#waiting) waiting += call.events.length;
    return this.#uncommitted + waiting;
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.#startWriter();
    while (this.#writer !== undefined) await this.#writer;
  }

  /** Moves waiting calls into the queue while they fit; one call larger than the bound goes alone. */
  #admit(): void {
    let admitted = false;
    for (let call = this.#waiting[0]; call !== undefined; call = this.#waiting[0]) {
      const fits = this.#uncommitted + call.events.length <= this.#options.queueLimit;
      if (!fits && this.#uncommitted > 0) break;
      this.#waiting.shift();
      this.#queue.push(call);
      this.#queuedEntries += call.events.length;
      this.#uncommitted += call.events.length;
      admitted = true;
    }
    if (!admitted || this.#writer !== undefined) return;
    if (this.#queuedEntries >= this.#options.batchSize || this.#closing) this.#startWriter();
    else this.#timer ??= setTimeout(() => this.#startWriter(), this.#options.flushIntervalMs);
  }

  #startWriter(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    this.#writer ??= this.#writeWhileQueued().finally(() => {
      this.#writer = undefined;
      // Calls that arrived during the last write and found no writer to start.
      if (this.#queue.length > 0 || this.#waiting.length > 0) this.#admit();
      if (this.#queue.length > 0) this.#startWriter();
    });
  }

  async #writeWhileQueued(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#takeBatch();
      const entries = batch.reduce((n, call) => n + call.events.length, 0);
      try {
        await this.#append(batch.flatMap((call) => call.events));
        for (const call of batch) call.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]?.reject(auditWriteFailure(error));
        else await this.#appendOneByOne(batch);
      } finally {
        this.#uncommitted -= entries;
        this.#admit();
      }
    }
  }

  /** After a failed batch: each call on its own, so that only the calls that fail are rejected. */
  async #appendOneByOne(batch: readonly PendingCall[]): Promise<void> {
    for (const call of batch) {
      try {
        await this.#append(call.events);
        call.resolve();
      } catch (error) {
        call.reject(auditWriteFailure(error));
      }
    }
  }

  /** Whole calls from the front of the queue, up to `batchSize` entries (at least one call). */
  #takeBatch(): PendingCall[] {
    const batch: PendingCall[] = [];
    let entries = 0;
    while (this.#queue.length > 0) {
      const call = this.#queue[0];
      if (
        call === undefined ||
        (batch.length > 0 && entries + call.events.length > this.#options.batchSize)
      )
        break;
      this.#queue.shift();
      batch.push(call);
      entries += call.events.length;
    }
    this.#queuedEntries -= entries;
    return batch;
  }

  async #append(events: readonly AuditEvent[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#store.appendAuditChain(chainAfterLast(events));
        return;
      } catch (error) {
        if (
          error instanceof DomainError &&
          error.code === 'AuditConflict' &&
          attempt < CONFLICT_RETRIES
        )
          continue;
        throw error;
      }
    }
  }
}
