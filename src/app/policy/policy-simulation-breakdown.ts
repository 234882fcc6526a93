// The simulation of a draft policy broken down by district and age band (the authority's
// workbench: docs/http-api.md, "The policy workbench"): for the persons of each group, the same
// grade transition matrix, list entries gained and lost, and score distribution before and after
// as policy-simulation.ts gives for everyone, from the same two score tables, in one more pass
// over the subjects. Groups are read from the resident identity number itself
// (core/identifiers/identifier-attributes.ts); organisations have no district or age and are left
// out; small groups are suppressed as the fairness monitor's are (fairness-groups.ts).
import type { CompiledPolicy, PolicyList } from '../../core/policy/index.js';
import {
  AGE_BANDS,
  DISTRICT_GROUPS,
  personAttributes,
} from '../../core/identifiers/identifier-attributes.js';
import type { Instant } from '../../core/time/instant.js';
import { NO_GRADE, type ScoreTable } from '../../engine/index.js';
import { suppressedGroups } from '../authority/fairness-groups.js';
import { DEFAULT_BUCKET_WIDTH, UNGRADED, type ListChange } from './policy-simulation.js';

export interface GroupSimulation {
  readonly group: string;
  readonly name?: string;
  readonly nameZh?: string;
  /** Fewer than the suppression threshold of persons (but some): no figure is shown. */
  readonly suppressed: boolean;
  /** Persons of the group among the subjects compared. */
  readonly subjects?: number;
  readonly transitions?: Record<string, Record<string, number>>;
  readonly lists?: Record<string, ListChange>;
  /** Per bucket of the whole simulation's `distribution.buckets`. */
  readonly distribution?: {
    readonly before: readonly number[];
    readonly after: readonly number[];
    readonly unscorableBefore: number;
    readonly unscorableAfter: number;
  };
}

export interface SimulationBreakdown {
  readonly district: readonly GroupSimulation[];
  readonly ageBand: readonly GroupSimulation[];
}

interface Tally {
  n: number;
  transitions: Float64Array;
  /** Per list: before, after, gained, lost. */
  lists: Int32Array;
  histBefore: Int32Array;
  histAfter: Int32Array;
  unscorableBefore: number;
  unscorableAfter: number;
}

const gradeNames = (policy: CompiledPolicy): string[] => [
  ...policy.grades.map((g) => g.grade),
  UNGRADED,
];

/** The buckets of policy-simulation.ts's distribution for these two policies. */
function bucketGrid(before: CompiledPolicy, after: CompiledPolicy, width: number) {
  const min = Math.min(before.bounds.min, after.bounds.min);
  const max = Math.max(before.bounds.max, after.bounds.max);
  const first = Math.floor(min / width) * width;
  return { first, count: Math.max(1, Math.ceil((max - first) / width)) };
}

export function breakDownSimulation(
  keyOf: (ordinal: number) => string,
  before: ScoreTable,
  after: ScoreTable,
  at: Instant,
  width = DEFAULT_BUCKET_WIDTH,
): SimulationBreakdown {
  const fromNames = gradeNames(before.policy);
  const toNames = gradeNames(after.policy);
  const rows = fromNames.length;
  const cols = toNames.length;
  const listIds = [...new Set([...before.policy.lists, ...after.policy.lists].map((l) => l.id))];
  const bitOf = (list: PolicyList | undefined): number =>
    list === undefined ? 0 : (1 << list.ordinal) >>> 0;
  const bitsBefore = listIds.map((id) => bitOf(before.policy.listsById.get(id)));
  const bitsAfter = listIds.map((id) => bitOf(after.policy.listsById.get(id)));
  const { first, count } = bucketGrid(before.policy, after.policy, width);
  const bucket = (score: number) =>
    Math.min(count - 1, Math.max(0, Math.floor((score - first) / width)));
  const newTally = (): Tally => ({
    n: 0,
    transitions: new Float64Array(rows * cols),
    lists: new Int32Array(listIds.length * 4),
    histBefore: new Int32Array(count),
    histAfter: new Int32Array(count),
    unscorableBefore: 0,
    unscorableAfter: 0,
  });
  const districtIndex = new Map(DISTRICT_GROUPS.map((d, i) => [d.code, i]));
  const bandIndex = new Map(AGE_BANDS.map((b, i) => [b as string, i]));
  const districts = DISTRICT_GROUPS.map(newTally);
  const bands = AGE_BANDS.map(newTally);

  for (let s = 0; s < before.subjects; s += 1) {
    const attributes = personAttributes(keyOf(s), at);
    if (attributes === undefined) continue;
    const gb = before.grades[s] ?? NO_GRADE;
    const ga = after.grades[s] ?? NO_GRADE;
    const cell = (gb === NO_GRADE ? rows - 1 : gb) * cols + (ga === NO_GRADE ? cols - 1 : ga);
    const lb = before.lists[s] ?? 0;
    const la = after.lists[s] ?? 0;
    const sb = before.scores[s] ?? Number.NaN;
    const sa = after.scores[s] ?? Number.NaN;
    const tallies = [
      districts[districtIndex.get(attributes.district) ?? districts.length - 1],
      bands[bandIndex.get(attributes.ageBand) ?? 0],
    ];
    for (const t of tallies) {
      if (t === undefined) continue;
      t.n += 1;
      t.transitions[cell] = (t.transitions[cell] ?? 0) + 1;
      for (let i = 0; i < listIds.length; i += 1) {
        const was = (lb & (bitsBefore[i] ?? 0)) !== 0;
        const is = (la & (bitsAfter[i] ?? 0)) !== 0;
        const o = i * 4;
        if (was) t.lists[o] = (t.lists[o] ?? 0) + 1;
        if (is) t.lists[o + 1] = (t.lists[o + 1] ?? 0) + 1;
        if (is && !was) t.lists[o + 2] = (t.lists[o + 2] ?? 0) + 1;
        else if (was && !is) t.lists[o + 3] = (t.lists[o + 3] ?? 0) + 1;
      }
      if (Number.isNaN(sb)) t.unscorableBefore += 1;
      else t.histBefore[bucket(sb)] = (t.histBefore[bucket(sb)] ?? 0) + 1;
      if (Number.isNaN(sa)) t.unscorableAfter += 1;
      else t.histAfter[bucket(sa)] = (t.histAfter[bucket(sa)] ?? 0) + 1;
    }
  }

  const view = (
    name: { group: string; name?: string; nameZh?: string },
    t: Tally,
    hidden: boolean,
  ): GroupSimulation => {
    if (hidden) return { ...name, suppressed: true };
    const transitions: Record<string, Record<string, number>> = {};
    fromNames.forEach((from, r) => {
      const row: Record<string, number> = {};
      toNames.forEach((to, c) => {
        row[to] = t.transitions[r * cols + c] ?? 0;
      });
      transitions[from] = row;
    });
    const lists: Record<string, ListChange> = {};
    listIds.forEach((id, i) => {
      const o = i * 4;
      lists[id] = {
        before: t.lists[o] ?? 0,
        after: t.lists[o + 1] ?? 0,
        gained: t.lists[o + 2] ?? 0,
        lost: t.lists[o + 3] ?? 0,
      };
    });
    return {
      ...name,
      suppressed: false,
      subjects: t.n,
      transitions,
      lists,
      distribution: {
        before: [...t.histBefore],
        after: [...t.histAfter],
        unscorableBefore: t.unscorableBefore,
        unscorableAfter: t.unscorableAfter,
      },
    };
  };
  const hiddenDistricts = suppressedGroups(districts.map((t) => t.n));
  const hiddenBands = suppressedGroups(bands.map((t) => t.n));
  return {
    district: DISTRICT_GROUPS.map((d, i) =>
      view(
        { group: d.code, name: d.name, nameZh: d.nameZh },
        districts[i] ?? newTally(),
        hiddenDistricts[i] === true,
      ),
    ),
    ageBand: AGE_BANDS.map((b, i) =>
      view({ group: b }, bands[i] ?? newTally(), hiddenBands[i] === true),
    ),
  };
}
