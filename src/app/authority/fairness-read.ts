// The fairness monitor (docs/http-api.md, "The fairness monitor"): list membership rates and check
// denial rates of persons by district, age band and sex, each read from the resident identity
// number itself (no data is collected for it; organisations have none of these attributes and are
// left out). Membership: the persons scorable at `at` (adults, not closed), each list's members
// among them, from the engine scoring every subject at `at` in one pass. Denials: the agencies'
// checks of persons in a window, from the audit log (each check is one entry with the subject and
// its answer). A group below the suppression threshold is shown without figures; a group's rate
// far from the overall one is flagged by the stated rule (fairness-groups.ts). Aggregates only:
// no identifier leaves. The authority only; audited `oversight` / `fairness`.
import { DomainError } from '../../core/errors/domain-error.js';
import { personAttributes } from '../../core/identifiers/identifier-attributes.js';
import { formatInstant, instant, MS_PER_DAY, type Instant } from '../../core/time/instant.js';
import { NO_GRADE } from '../../engine/index.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { AuthorityStatsReader } from '../ports/authority-stats-store.js';
import type { DocumentReader, LedgerReader } from '../ports/ledger-store.js';
import { atAskedInstant, authorityRead } from './authority-read.js';
import { scoresAt } from './scores-at.js';
import {
  DIMENSIONS,
  FAIRNESS_RULE,
  flagOf,
  GroupTally,
  groupsOf,
  rateOf,
  suppressedGroups,
  type Dimension,
  type Flag,
} from './fairness-groups.js';

/** The default window of checks: the 30 days before `to`. */
export const FAIRNESS_WINDOW_DAYS = 30;

export interface FairnessRequest {
  /** Membership and age bands as of this instant (default: now). */
  readonly at?: Instant | undefined;
  /** Checks from this instant (default: `to` − 30 days), included. */
  readonly from?: Instant | undefined;
  /** Checks up to this instant (default: now), excluded. */
  readonly to?: Instant | undefined;
}

interface GroupName {
  readonly group: string;
  readonly name?: string;
  readonly nameZh?: string;
}

export interface MembershipGroup extends GroupName {
  /** Fewer than `rule.suppressBelow` persons (but some): no figure is shown. */
  readonly suppressed: boolean;
  readonly persons?: number;
  readonly lists?: Readonly<
    Record<string, { readonly members: number; readonly rate: number; readonly flag: Flag }>
  >;
}

export interface DenialGroup extends GroupName {
  readonly suppressed: boolean;
  /** Persons of the group checked in the window. */
  readonly subjects?: number;
  readonly checks?: number;
  readonly denials?: number;
  /** denials / checks. */
  readonly rate?: number;
  readonly flag?: Flag;
}

export interface FairnessFlag {
  readonly measure: 'membership' | 'denials';
  /** The list, for a membership flag. */
  readonly list: string | null;
  readonly dimension: Dimension;
  readonly group: string;
  readonly flag: 'high' | 'low';
  readonly rate: number;
  readonly overall: number;
  /** rate / overall. */
  readonly ratio: number;
  /** The group's persons (membership) or persons checked (denials). */
  readonly n: number;
}

export interface FairnessReport {
  readonly at: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly rule: typeof FAIRNESS_RULE & { readonly statement: string };
  readonly membership: {
    readonly lists: readonly string[];
    readonly overall: {
      readonly persons: number;
      readonly lists: Readonly<Record<string, { readonly members: number; readonly rate: number }>>;
    };
    readonly groups: Readonly<Record<Dimension, readonly MembershipGroup[]>>;
  };
  readonly denials: {
    readonly overall: {
      readonly subjects: number;
      readonly checks: number;
      readonly denials: number;
      readonly rate: number;
    };
    readonly groups: Readonly<Record<Dimension, readonly DenialGroup[]>>;
  };
  /** Every flag of the answer, with the figures that made it. */
  readonly flags: readonly FairnessFlag[];
}

export const RULE_STATEMENT =
  `a group is flagged high when its rate is more than ${FAIRNESS_RULE.above} times the overall rate, ` +
  `low when less than ${FAIRNESS_RULE.below} times it, and only when the group has at least ` +
  `${FAIRNESS_RULE.minGroup} persons (checked persons for denials); a group of fewer than ` +
  `${FAIRNESS_RULE.suppressBelow} persons (but at least one) is suppressed: shown without figures, ` +
  `and when it is the only one of its dimension, so is the next smallest group`;

type FairnessDeps = Pick<AppDeps, 'audit' | 'clock' | 'standing'> & {
  readonly store: LedgerReader & DocumentReader & AuthorityStatsReader;
};

export async function readFairness(
  deps: FairnessDeps,
  caller: Caller,
  request: FairnessRequest,
): Promise<FairnessReport> {
  return authorityRead(deps, caller, 'fairness', async () => {
    const now = deps.clock();
    const at = request.at ?? now;
    const to = request.to ?? now;
    const from = request.from ?? instant(to - FAIRNESS_WINDOW_DAYS * MS_PER_DAY);
    if (!(from < to)) {
      throw new DomainError('InvalidRequest', '`to` must be after `from`', [
        { path: 'querystring.to', code: 'InvalidRequest', message: '`to` must be after `from`' },
      ]);
    }
    // Membership: one pass over the subjects scored at `at`.
    const { table, keyOf } = await atAskedInstant(request.at !== undefined, () =>
      scoresAt(deps, at),
    );
    const lists = table.policy.lists.filter((l) => l.subjects.includes('person'));
    const bits = lists.map((l) => (1 << l.ordinal) >>> 0);
    const members = new GroupTally(lists.length);
    const overallMembers = new Array<number>(lists.length).fill(0);
    let persons = 0;
    const counts = new Array<number>(lists.length).fill(0);
    for (let s = 0; s < table.subjects; s += 1) {
      if ((table.grades[s] ?? NO_GRADE) === NO_GRADE) continue;
      const attributes = personAttributes(keyOf(s), at);
      if (attributes === undefined) continue;
      const on = table.lists[s] ?? 0;
      for (let i = 0; i < bits.length; i += 1) {
        const c = (on & (bits[i] ?? 0)) === 0 ? 0 : 1;
        counts[i] = c;
        overallMembers[i] = (overallMembers[i] ?? 0) + c;
      }
      persons += 1;
      members.add(attributes, counts);
    }

    // Denials: the agencies' checks of persons in the window, per subject from the audit log.
    const checked = new GroupTally(2);
    let subjects = 0;
    let checks = 0;
    let denials = 0;
    for (const row of await deps.store.checkCountsBySubject(from, to)) {
      const attributes = personAttributes(row.subject, at);
      if (attributes === undefined) continue;
      subjects += 1;
      checks += row.checks;
      denials += row.denials;
      checked.add(attributes, [row.checks, row.denials]);
    }

    const flags: FairnessFlag[] = [];
    const overallRates = lists.map((_, i) => rateOf(overallMembers[i] ?? 0, persons));
    const denialRate = rateOf(denials, checks);
    const membershipGroups = {} as Record<Dimension, MembershipGroup[]>;
    const denialGroups = {} as Record<Dimension, DenialGroup[]>;
    for (const dimension of DIMENSIONS) {
      const names = groupsOf(dimension);
      const hidden = suppressedGroups(names.map((g) => members.of(dimension, g.group).n));
      membershipGroups[dimension] = names.map((name, g) => {
        const { n, counts: on } = members.of(dimension, name.group);
        if (hidden[g] === true) return { ...name, suppressed: true };
        const byList: Record<string, { members: number; rate: number; flag: Flag }> = {};
        lists.forEach((list, i) => {
          const m = on[i] ?? 0;
          const rate = rateOf(m, n);
          const overall = overallRates[i] ?? 0;
          const flag = flagOf(rate, overall, n);
          byList[list.id] = { members: m, rate, flag };
          if (flag !== null)
            flags.push({
              measure: 'membership',
              list: list.id,
              dimension,
              group: name.group,
              flag,
              rate,
              overall,
              ratio: rate / overall,
              n,
            });
        });
        return { ...name, suppressed: false, persons: n, lists: byList };
      });
      const hiddenChecked = suppressedGroups(names.map((g) => checked.of(dimension, g.group).n));
      denialGroups[dimension] = names.map((name, g) => {
        const { n, counts: c } = checked.of(dimension, name.group);
        if (hiddenChecked[g] === true) return { ...name, suppressed: true };
        const groupChecks = c[0] ?? 0;
        const groupDenials = c[1] ?? 0;
        const rate = rateOf(groupDenials, groupChecks);
        const flag = flagOf(rate, denialRate, n);
        if (flag !== null)
          flags.push({
            measure: 'denials',
            list: null,
            dimension,
            group: name.group,
            flag,
            rate,
            overall: denialRate,
            ratio: rate / denialRate,
            n,
          });
        return {
          ...name,
          suppressed: false,
          subjects: n,
          checks: groupChecks,
          denials: groupDenials,
          rate,
          flag,
        };
      });
    }
    return {
      at: formatInstant(at),
      window: { from: formatInstant(from), to: formatInstant(to) },
      rule: { ...FAIRNESS_RULE, statement: RULE_STATEMENT },
      membership: {
        lists: lists.map((l) => l.id),
        overall: {
          persons,
          lists: Object.fromEntries(
            lists.map((l, i) => [
              l.id,
              { members: overallMembers[i] ?? 0, rate: overallRates[i] ?? 0 },
            ]),
          ),
        },
        groups: membershipGroups,
      },
      denials: {
        overall: { subjects, checks, denials, rate: denialRate },
        groups: denialGroups,
      },
      flags,
    };
  });
}
