// The authority's population view (docs/http-api.md, "The authority's dashboard"): the subjects
// the ledger mentions by kind, the grade distribution of each kind at an instant (the engine's
// scores: every subject scored in one pass), each list's size at that instant, each list's size
// at the end of every UTC day of a period (the last N days, or the days [from, to) touches: from
// the list feeds' history: the feed's current state walked back through its dated deltas), each
// measure's checks and denials on each of those days (from the audit log), and the publications. Aggregates only: no
// identifier leaves. The authority only; audited `oversight` / `population`. The scores are the
// server's live engine's (scores-at.ts).
import { DomainError } from '../../core/errors/domain-error.js';
import type { CompiledPolicy } from '../../core/policy/index.js';
import { isPersonKey } from '../../core/identifiers/identifier-attributes.js';
import {
  formatDate,
  formatInstant,
  instant,
  MS_PER_DAY,
  type Instant,
} from '../../core/time/instant.js';
import { NO_GRADE } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { AuthorityStatsReader } from '../ports/authority-stats-store.js';
import type { DocumentReader, LedgerReader } from '../ports/ledger-store.js';
import type { PublicationStore } from '../ports/publication-store.js';
import { UNGRADED } from '../policy/policy-simulation.js';
import { atAskedInstant, authorityRead } from './authority-read.js';
import { scoresAt } from './scores-at.js';

export const POPULATION_DAYS_DEFAULT = 30;
export const POPULATION_DAYS_MAX = 366;

export interface PopulationRequest {
  /** Scores, grades and list sizes as of this instant (default: now). */
  readonly at?: Instant | undefined;
  /** Days of list-size history, ending with the period's last day (default 30, at most 366). */
  readonly days?: number | undefined;
  /**
   * The period's first day: the UTC day of this instant (not with `days`; default: `days` days
   * before its last day).
   */
  readonly from?: Instant | undefined;
  /**
   * The period's end, excluded: its last day is the last UTC day it touches (default, and at the
   * latest: today).
   */
  readonly to?: Instant | undefined;
}

/** The first and last UTC day numbers of the period asked for (400 InvalidRequest if none). */
export function populationPeriod(
  request: PopulationRequest,
  now: Instant,
): { readonly first: number; readonly last: number } {
  const refuse = (path: string, message: string): never => {
    throw new DomainError('InvalidRequest', message, [
      { path: `querystring.${path}`, code: 'InvalidRequest', message },
    ]);
  };
  if (request.from !== undefined && request.days !== undefined)
    refuse('days', 'give `days` or `from`, not both');
  if (request.from !== undefined && request.to !== undefined && !(request.from < request.to))
    refuse('to', '`to` must be after `from`');
  const today = Math.floor(now / MS_PER_DAY);
  const last =
    request.to === undefined ? today : Math.min(today, Math.ceil(request.to / MS_PER_DAY) - 1);
  const first =
    request.from === undefined
      ? last -
        Math.min(POPULATION_DAYS_MAX, Math.max(1, request.days ?? POPULATION_DAYS_DEFAULT)) +
        1
      : Math.floor(request.from / MS_PER_DAY);
  if (first > last) refuse('from', 'the period holds no day up to today');
  if (last - first + 1 > POPULATION_DAYS_MAX)
    refuse('from', `the period is longer than ${POPULATION_DAYS_MAX} days`);
  return { first, last };
}

type SubjectKindName = 'person' | 'organization';

export interface Population {
  readonly at: string;
  readonly policy: { readonly id: string; readonly version: number };
  /** Subjects the ledger mentions, by kind. */
  readonly subjects: Readonly<Record<SubjectKindName, number>>;
  /** Per kind, subjects per grade of the policy in force at `at`, and `-` for the unscorable. */
  readonly grades: Readonly<Record<SubjectKindName, Readonly<Record<string, number>>>>;
  /** Each list of the policy in force at `at`: its kind and the subjects on it at `at`. */
  readonly lists: readonly {
    readonly list: string;
    readonly kind: 'sanction' | 'incentive';
    readonly size: number;
  }[];
  /**
   * The list feeds' sizes at the end of each UTC day of the period (today: now), oldest first:
   * `days[i]` is the date of `sizes[list][i]`. The feeds follow the engine (as of now, not `at`).
   */
  readonly history: {
    readonly days: readonly string[];
    readonly sizes: Readonly<Record<string, readonly number[]>>;
  };
  /**
   * The agencies' checks answered on each of the same days (`history.days`), per measure, and
   * how many of them were denials (from the audit log: one entry per check).
   */
  readonly checks: Readonly<
    Record<string, { readonly checks: readonly number[]; readonly denials: readonly number[] }>
  >;
  readonly publications: {
    /** Versions published, every list together. */
    readonly count: number;
    readonly last: {
      readonly list: string;
      readonly version: number;
      readonly at: string;
      readonly publishedAt: string;
      readonly entries: number;
    } | null;
  };
}

type PopulationDeps = Pick<AppDeps, 'audit' | 'clock' | 'standing'> & {
  readonly store: LedgerReader & DocumentReader & PublicationStore & AuthorityStatsReader;
};

export async function readPopulation(
  deps: PopulationDeps,
  caller: Caller,
  request: PopulationRequest,
): Promise<Population> {
  return authorityRead(deps, caller, 'population', async () => {
    const now = deps.clock();
    const at = request.at ?? now;
    const period = populationPeriod(request, now);
    const { table, keyOf } = await atAskedInstant(request.at !== undefined, () =>
      scoresAt(deps, at),
    );
    const policy = table.policy;
    const gradeNames = [...policy.grades.map((g) => g.grade), UNGRADED];
    const emptyGrades = () =>
      Object.fromEntries(gradeNames.map((g) => [g, 0])) as Record<string, number>;
    const subjects: Record<SubjectKindName, number> = { person: 0, organization: 0 };
    const grades: Record<SubjectKindName, Record<string, number>> = {
      person: emptyGrades(),
      organization: emptyGrades(),
    };
    const listSizes = new Array<number>(policy.lists.length).fill(0);
    for (let s = 0; s < table.subjects; s += 1) {
      const kind: SubjectKindName = isPersonKey(keyOf(s)) ? 'person' : 'organization';
      subjects[kind] += 1;
      const g = table.grades[s] ?? NO_GRADE;
      const name = g === NO_GRADE ? UNGRADED : (policy.grades[g]?.grade ?? UNGRADED);
      grades[kind][name] = (grades[kind][name] ?? 0) + 1;
      const bits = table.lists[s] ?? 0;
      if (bits !== 0)
        policy.lists.forEach((l, i) => {
          if ((bits & ((1 << l.ordinal) >>> 0)) !== 0) listSizes[i] = (listSizes[i] ?? 0) + 1;
        });
    }
    return {
      at: formatInstant(at),
      policy: { id: policy.id, version: policy.version },
      subjects,
      grades,
      lists: policy.lists.map((l, i) => ({ list: l.id, kind: l.kind, size: listSizes[i] ?? 0 })),
      history: await listHistory(deps.store, policy, period),
      checks: await checksPerDay(deps.store, policy, now, period),
      publications: await publicationsSummary(deps.store),
    };
  });
}

/**
 * Each list's size at the end of each UTC day from `first` to `last` (today's: now), walked back
 * from the feed's current state: the size at the end of day d is the size now, less the adds and
 * plus the removes dated after it.
 */
async function listHistory(
  store: AuthorityStatsReader,
  policy: CompiledPolicy,
  { first, last }: { readonly first: number; readonly last: number },
): Promise<Population['history']> {
  const days = last - first + 1;
  const [current, counts] = await Promise.all([
    store.feedListSizes(),
    store.feedDayCounts(instant((first + 1) * MS_PER_DAY)),
  ]);
  const lists = [...new Set([...policy.lists.map((l) => l.id), ...current.map((c) => c.list)])];
  // net[list][i]: adds minus removes dated on day first + i (those of a later day: after `last`).
  const net = new Map(lists.map((l) => [l, new Array<number>(days + 1).fill(0)]));
  for (const c of counts) {
    const row = net.get(c.list);
    if (row === undefined) continue;
    const i = Math.min(days, c.day - first);
    if (i >= 1) row[i] = (row[i] ?? 0) + c.added - c.removed;
  }
  const sizes: Record<string, number[]> = {};
  for (const list of lists) {
    const row = net.get(list) ?? [];
    const out = new Array<number>(days).fill(0);
    // The last day ends with the current size, less what is dated after it (after today: a clock
    // set back).
    let size = (current.find((c) => c.list === list)?.size ?? 0) - (row[days] ?? 0);
    for (let i = days - 1; i >= 0; i -= 1) {
      out[i] = size;
      size -= row[i] ?? 0;
    }
    sizes[list] = out;
  }
  const dayNames = Array.from({ length: days }, (_, i) =>
    formatDate(instant((first + i) * MS_PER_DAY)),
  );
  return { days: dayNames, sizes };
}

/** Each measure's checks and denials on each UTC day from `first` to `last` (today: until now). */
async function checksPerDay(
  store: AuthorityStatsReader,
  policy: CompiledPolicy,
  now: Instant,
  { first, last }: { readonly first: number; readonly last: number },
): Promise<Population['checks']> {
  const days = last - first + 1;
  const counts = await store.checkCountsByMeasureDay(
    instant(first * MS_PER_DAY),
    instant(Math.min(now + 1, (last + 1) * MS_PER_DAY)),
  );
  const out: Record<string, { checks: number[]; denials: number[] }> = {};
  const row = (measure: string) =>
    (out[measure] ??= {
      checks: new Array<number>(days).fill(0),
      denials: new Array<number>(days).fill(0),
    });
  for (const m of policy.measures) row(m.id);
  for (const c of counts) {
    const i = c.day - first;
    if (i < 0 || i >= days) continue;
    const r = row(c.measure);
    r.checks[i] = (r.checks[i] ?? 0) + c.checks;
    r.denials[i] = (r.denials[i] ?? 0) + c.denials;
  }
  return out;
}

async function publicationsSummary(store: PublicationStore): Promise<Population['publications']> {
  const all = await store.publications();
  let last: (typeof all)[number] | undefined;
  for (const p of all) if (last === undefined || p.publishedAt > last.publishedAt) last = p;
  return {
    count: all.length,
    last:
      last === undefined
        ? null
        : {
            list: last.list,
            version: last.version,
            at: formatInstant(last.at),
            publishedAt: formatInstant(last.publishedAt),
            entries: last.entries,
          },
  };
}
