// The fairness monitor's arithmetic (docs/http-api.md, "The fairness monitor"), pure: rates per
// group of persons by district, age band and sex (read from the identifier itself:
// core/identifiers/identifier-attributes.ts), groups below the suppression threshold shown
// without figures, and the disparities flagged by one stated rule.
import {
  AGE_BANDS,
  DISTRICT_GROUPS,
  SEXES,
  type PersonAttributes,
} from '../../core/identifiers/identifier-attributes.js';

/** The rule, as the answer states it. */
export const FAIRNESS_RULE = {
  /** A group's rate above this multiple of the overall rate is flagged `high`. */
  above: 1.25,
  /** A group's rate below this multiple of the overall rate is flagged `low`. */
  below: 0.8,
  /** Only a group of at least this many persons is flagged (smaller ones are noise). */
  minGroup: 30,
  /** A group of fewer persons than this is suppressed: its figures are not shown (k-anonymity). */
  suppressBelow: 10,
} as const;

export const DIMENSIONS = ['district', 'ageBand', 'sex'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Every group of a dimension, in a stable order (districts with their names). */
export function groupsOf(
  dimension: Dimension,
): readonly { readonly group: string; readonly name?: string; readonly nameZh?: string }[] {
  switch (dimension) {
    case 'district':
      return DISTRICT_GROUPS.map((d) => ({ group: d.code, name: d.name, nameZh: d.nameZh }));
    case 'ageBand':
      return AGE_BANDS.map((group) => ({ group }));
    case 'sex':
      return SEXES.map((group) => ({ group }));
    default: {
      const never: never = dimension;
      return never;
    }
  }
}

export type Flag = 'high' | 'low' | null;

/** `high` / `low` when the rule says so for a group of `n` with `rate` against `overall`. */
export function flagOf(rate: number, overall: number, n: number): Flag {
  if (n < FAIRNESS_RULE.minGroup || !(overall > 0)) return null;
  if (rate > FAIRNESS_RULE.above * overall) return 'high';
  if (rate < FAIRNESS_RULE.below * overall) return 'low';
  return null;
}

/** Counters per group of each dimension: `n` the persons, `counts` what is counted of them. */
export class GroupTally {
  private readonly tallies = new Map<string, { n: number; counts: number[] }>();

  constructor(private readonly width: number) {}

  /** Adds one person of these attributes: `counts[i]` added to counter i. */
  add(attributes: PersonAttributes, counts: readonly number[]): void {
    for (const dimension of DIMENSIONS) {
      const key = `${dimension}\u0000${attributes[dimension]}`;
      let t = this.tallies.get(key);
      if (t === undefined) {
        t = { n: 0, counts: new Array<number>(this.width).fill(0) };
        this.tallies.set(key, t);
      }
      t.n += 1;
      counts.forEach((c, i) => {
        if (t !== undefined) t.counts[i] = (t.counts[i] ?? 0) + c;
      });
    }
  }

  /** The persons and counters of a group; zeros when none was added. */
  of(dimension: Dimension, group: string): { n: number; counts: readonly number[] } {
    return (
      this.tallies.get(`${dimension}\u0000${group}`) ?? {
        n: 0,
        counts: new Array<number>(this.width).fill(0),
      }
    );
  }
}

/**
 * Which groups of one dimension are suppressed, given each group's size: every group of fewer
 * than `suppressBelow` persons but at least one (primary), and, when that is a single group, the
 * smallest other group with anyone in it too (secondary): the overall figures are the sum of the
 * groups, so one group alone hidden could be had by subtracting the others from the whole.
 */
export function suppressedGroups(sizes: readonly number[]): boolean[] {
  const primary = sizes.map((n) => n > 0 && n < FAIRNESS_RULE.suppressBelow);
  if (primary.filter(Boolean).length !== 1) return primary;
  let smallest = -1;
  sizes.forEach((n, i) => {
    if (!primary[i] && n > 0 && (smallest < 0 || n < (sizes[smallest] ?? 0))) smallest = i;
  });
  if (smallest >= 0) primary[smallest] = true;
  return primary;
}

/** A rate, 0 when there is nothing to divide by. */
export function rateOf(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}
