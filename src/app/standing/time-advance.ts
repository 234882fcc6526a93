// `tick`: what the passage of time changes between two instants — people turning 18, notice
// periods ending, records expiring, objection deadlines passing — found by walking the engine's
// transition schedule from one instant to the other and comparing list memberships at the ends.
// (Notices and feed deltas for these changes are emitted by the due-process outbox.)
import type { Engine } from '../../engine/index.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';

export interface TimeAdvance {
  readonly from: string;
  readonly to: string;
  /** The first instants in (from, to] at which something changes (at most 20). */
  readonly transitions: readonly string[];
  /** Whether there are more than those listed. */
  readonly more: boolean;
  readonly nextTransition: string | null;
  /** Subjects that joined or left each list between `from` and `to`. */
  readonly lists: Readonly<Record<string, { readonly joined: number; readonly left: number }>>;
}

// Each step of the schedule is a pass over the records, and decaying records change daily: the
// walk lists the first few instants only; the membership diff below covers the whole interval.
const LISTED_TRANSITIONS = 20;

export function advanceTime(engine: Engine, from: Instant, to: Instant): TimeAdvance {
  const transitions: string[] = [];
  let t = engine.nextTransition(from);
  while (t !== undefined && t <= to && transitions.length < LISTED_TRANSITIONS) {
    transitions.push(formatInstant(t));
    t = engine.nextTransition(t);
  }
  const more = t !== undefined && t <= to;
  const before = engine.scoreAll(from);
  const after = engine.scoreAll(to);
  const lists: Record<string, { joined: number; left: number }> = {};
  for (const list of after.policy.lists) {
    const bit = 1 << list.ordinal;
    let joined = 0;
    let left = 0;
    for (let s = 0; s < after.subjects; s++) {
      const was = ((before.lists[s] ?? 0) & bit) !== 0;
      const is = ((after.lists[s] ?? 0) & bit) !== 0;
      if (is && !was) joined += 1;
      else if (was && !is) left += 1;
    }
    lists[list.id] = { joined, left };
  }
  const next = engine.nextTransition(to);
  return {
    from: formatInstant(from),
    to: formatInstant(to),
    transitions,
    more,
    nextTransition: next === undefined ? null : formatInstant(next),
    lists,
  };
}
