// Default effect windows by tier, after China's 2026 credit-repair measures (NDRC Order No. 36,
// effective 2026-04-01): minor records last at most 3 months and may be repaired at once, general
// ones 1 year with repair after 3 months, serious ones 3 years with repair after 1 year. These are
// also the ceilings of charter C7: a category may shorten them, never lengthen them.
import { tryParseDuration, type Duration } from '../time/duration.js';
import type { Tier } from './catalog-types.js';

function constant(text: string): Duration {
  const parsed = tryParseDuration(text);
  if (!parsed) throw new Error(`tier-defaults: "${text}" is not an ISO 8601 duration`);
  return parsed;
}

export interface TierDefault {
  /** Default and longest effect of a record of this tier. */
  readonly maxDuration: Duration;
  /** Default and latest point after the conduct from which repair may be asked. */
  readonly repairAfter: Duration;
}

export const TIER_DEFAULTS: Readonly<Record<Tier, TierDefault>> = {
  minor: { maxDuration: constant('P3M'), repairAfter: constant('P0D') },
  general: { maxDuration: constant('P1Y'), repairAfter: constant('P3M') },
  serious: { maxDuration: constant('P3Y'), repairAfter: constant('P1Y') },
};

/** Favourable records last 3 years by default and are never repaired (there is nothing to repair). */
export const FAVOURABLE_MAX_DURATION: Duration = constant('P3Y');

export const DEFAULT_ENDS_WHEN_FULFILLED = false;

/** Charter C8: the submitting agency decides an objection within 15 days unless the category says otherwise. */
export const DEFAULT_OBJECTION_DEADLINE: Duration = constant('P15D');
