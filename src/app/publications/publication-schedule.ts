// The server's publication schedule: every public list published once a day, by default at
// 02:00 UTC (`PROBITY_PUBLISH_AT=HH:MM`, UTC; `off` disables it), into the publications directory
// (`PROBITY_PUBLICATIONS_DIR`, default ./data/publications/). Each run is the operator's publish
// use case (list-publish.ts: it loads its own scoring context and engine from the ledger as of its
// start, so it needs nothing from the request path and sees every write committed before it).
// Runs never overlap; a failed run is reported and the next day's run happens as usual. `stop()`
// cancels the timer and waits for a run in progress. With several servers on one ledger, each
// server's schedule fires, and the run publishes on the one that leads the publication (a cluster
// lock, main/server-app.ts `publishScheduled`); the others' runs resolve to undefined.
import { parseTimeOfDay } from '../../core/time/time-of-day.js';
import { instant, MS_PER_DAY, type Instant } from '../../core/time/instant.js';
import { DEFAULT_PUBLICATIONS_DIR, type PublishResult } from './publish-lists.js';

/**
 * One run: every public list as of now into `outDir` (`ProbityApp.publish` as the operator);
 * undefined when another server of the cluster publishes instead.
 */
export type ScheduledPublish = (request: {
  readonly outDir: string;
}) => Promise<PublishResult | undefined>;

export const DEFAULT_PUBLISH_AT = '02:00';

export interface PublicationScheduleOptions {
  readonly clock: () => Instant;
  /** `HH:MM` in UTC, or `off`; default 02:00. */
  readonly dailyAt?: string | undefined;
  readonly outDir?: string | undefined;
  readonly onPublished?: ((result: PublishResult) => void) | undefined;
  readonly onError?: ((error: unknown) => void) | undefined;
}

export interface PublicationSchedule {
  /** The next run's instant; undefined when the schedule is off or stopped. */
  nextRunAt(): Instant | undefined;
  /** Runs once now (what the timer calls), unless a run is in progress. */
  runNow(): Promise<void>;
  readonly stop: () => Promise<void>;
}

/** The first instant strictly after `now` at that time of day (UTC). */
export function nextRunAfter(now: Instant, minuteOfDay: number): Instant {
  const midnight = Math.floor(now / MS_PER_DAY) * MS_PER_DAY;
  const today = midnight + minuteOfDay * 60_000;
  return instant(today > now ? today : today + MS_PER_DAY);
}

export function startPublicationSchedule(
  publish: ScheduledPublish,
  options: PublicationScheduleOptions,
): PublicationSchedule {
  const minuteOfDay = parseTimeOfDay(options.dailyAt ?? DEFAULT_PUBLISH_AT);
  const outDir = options.outDir ?? DEFAULT_PUBLICATIONS_DIR;
  const onError =
    options.onError ??
    ((error: unknown) =>
      console.error(
        `scheduled publication failed: ${error instanceof Error ? error.message : String(error)}`,
      ));
  let timer: NodeJS.Timeout | undefined;
  let next: Instant | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runNow = (): Promise<void> =>
    (running ??= (async () => {
      try {
        const result = await publish({ outDir });
        if (result !== undefined) options.onPublished?.(result);
      } catch (error) {
        onError(error);
      } finally {
        running = undefined;
      }
    })());

  const arm = (): void => {
    if (stopped || minuteOfDay === undefined) return;
    const now = options.clock();
    next = nextRunAfter(now, minuteOfDay);
    timer = setTimeout(() => void runNow().finally(arm), Math.max(1_000, next - now));
    timer.unref();
  };
  arm();

  return {
    nextRunAt: () => (stopped ? undefined : next),
    runNow,
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      next = undefined;
      await running;
    },
  };
}
