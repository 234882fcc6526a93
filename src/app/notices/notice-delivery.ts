// Delivers the outbox through a channel (a file for the demo, a signed webhook in deployments).
// The bookkeeping is in the store, so it survives restarts: a notice is claimed for one attempt
// (its attempt counted, its next attempt moved past a lease so no other deliverer takes it), sent,
// and then marked delivered only when the channel says it was accepted (a webhook's 2xx), or given
// its next attempt after an exponential backoff with a cap. A delivered notice is never due
// again, so it is never sent twice after its acknowledgement was recorded. The one window left is
// a crash between the channel's acknowledgement and that record: the notice is sent again after
// the lease, with the same id, which receivers use to deduplicate.
import { formatInstant, instant, type Instant } from '../../core/time/instant.js';
import type { DeliveryOutcome, NoticeChannel, OutgoingNotice } from '../ports/notice-channel.js';
import type { NoticeStore, StoredNotice } from '../ports/notice-store.js';

export type { DeliveryOutcome, NoticeChannel, OutgoingNotice } from '../ports/notice-channel.js';

export interface DeliveryOptions {
  /** Notices attempted per call (default 100). */
  readonly batch?: number;
  /** Delay before the second attempt (default 30 s); doubled for each further one. */
  readonly baseDelayMs?: number;
  /** The cap on the delay between two attempts (default 1 h). */
  readonly maxDelayMs?: number;
  /** How long a claimed attempt keeps others off the notice (default 5 min). */
  readonly leaseMs?: number;
  /** Give up (`failed`) after this many attempts; by default a notice is retried at the cap forever. */
  readonly maxAttempts?: number;
}

export interface DeliveryReport {
  readonly attempted: number;
  readonly delivered: number;
  readonly retrying: number;
  readonly failed: number;
}

const DEFAULTS = { batch: 100, baseDelayMs: 30_000, maxDelayMs: 3_600_000, leaseMs: 300_000 };

export function toOutgoing(notice: StoredNotice): OutgoingNotice {
  return {
    id: notice.id,
    subject: notice.subject,
    kind: notice.kind,
    source: notice.source,
    createdAt: formatInstant(notice.createdAt),
    payload: notice.payload,
  };
}

/** The delay after the `attempts`-th failed attempt: base × 2^(attempts−1), at most the cap. */
export function retryDelay(attempts: number, options: DeliveryOptions = {}): number {
  const base = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  return Math.min(cap, base * 2 ** Math.max(0, Math.min(attempts - 1, 40)));
}

/** One pass: attempts the notices due at `now`, oldest first, one at a time. */
export async function deliverNotices(
  store: NoticeStore,
  channel: NoticeChannel,
  now: Instant,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const report = { attempted: 0, delivered: 0, retrying: 0, failed: 0 };
  const due = await store.dueNotices(now, options.batch ?? DEFAULTS.batch);
  for (const notice of due) {
    const leaseUntil = instant(now + (options.leaseMs ?? DEFAULTS.leaseMs));
    if (!(await store.claimNotice(notice.id, now, leaseUntil))) continue;
    report.attempted += 1;
    const attempts = notice.delivery.attempts + 1;
    let outcome: DeliveryOutcome;
    try {
      outcome = await channel.deliver(toOutgoing(notice));
    } catch (error) {
      outcome = { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    if (outcome.ok) {
      await store.markNoticeDelivered(notice.id, now);
      report.delivered += 1;
      continue;
    }
    const giveUp = options.maxAttempts !== undefined && attempts >= options.maxAttempts;
    await store.markNoticeAttemptFailed(
      notice.id,
      `${channel.name}: ${outcome.error}`,
      instant(now + retryDelay(attempts, options)),
      giveUp,
    );
    if (giveUp) report.failed += 1;
    else report.retrying += 1;
  }
  return report;
}

export interface NoticeDeliveryLoop {
  /** Stops the timer and waits for the pass in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `deliverNotices` every `intervalMs` (default 2 s), one pass at a time, and pass after pass
 * while each finds a full batch due (a backlog drains at the channel's pace, not the timer's). A
 * pass that fails (the store unreachable) is reported to `onError` and the next tick tries again.
 */
export function startNoticeDelivery(
  store: NoticeStore,
  channel: NoticeChannel,
  clock: () => Instant,
  options: DeliveryOptions & DeliveryLoopOptions = {},
): NoticeDeliveryLoop {
  return repeatNoticeDelivery(() => deliverNotices(store, channel, clock(), options), options);
}

export interface DeliveryLoopOptions {
  /** Passes attempt at most this many notices each (default 100): a full pass runs again at once. */
  readonly batch?: number;
  readonly intervalMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * The delivery loop around any one pass (the server's runs `ProbityApp.deliverNotices`): every
 * `intervalMs` (default 2 s), one pass at a time, pass after pass while each attempts a full batch.
 */
export function repeatNoticeDelivery(
  pass: () => Promise<DeliveryReport>,
  options: DeliveryLoopOptions = {},
): NoticeDeliveryLoop {
  const batch = options.batch ?? DEFAULTS.batch;
  let running: Promise<void> | undefined;
  let stopped = false;
  const drain = async (): Promise<void> => {
    try {
      while (!stopped) {
        const report = await pass();
        if (report.attempted < batch) return;
      }
    } catch (error) {
      options.onError?.(error);
    }
  };
  const tick = (): void => {
    running ??= drain().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, options.intervalMs ?? 2_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
