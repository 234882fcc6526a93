// What the doors (HTTP, CLI) call to log an access. `record` resolves once the entry is durable:
// entries are written in batches (group commit), so a request waits a few milliseconds at most,
// and a response is never sent for an access that a crash could lose. Under pressure the queue is
// bounded and `record` waits for room: requests slow down, entries are never dropped.
import type { Instant } from '../../core/time/instant.js';

export interface AuditEvent {
  readonly at: Instant;
  readonly actor: string;
  readonly purpose: string;
  readonly action: string;
  readonly subject: string;
  readonly outcome: string;
}

export interface AuditSink {
  record(events: readonly AuditEvent[]): Promise<void>;
  /** Flushes what is queued and stops taking entries (graceful shutdown). */
  close(): Promise<void>;
  /** Entries accepted and not yet committed, with those waiting for room (metrics); 0 if none. */
  queued?(): number;
}
