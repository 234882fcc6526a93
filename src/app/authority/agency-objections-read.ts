// Objections and data quality per submitting agency (docs/http-api.md, "Objections per agency"):
// for the objections filed in a window on each agency's records, how the agency decided them and
// how fast, and how many it left past their deadline (docs/due-process.md); beside them, the
// records it submitted in the window. An objection is **upheld** when the agency's decision
// corrected or revoked the record (the subject was right: the record was wrong) and **rejected**
// when the agency upheld the record; an agency whose objections are upheld often sends records
// that do not hold, and is flagged by the stated rule. The state of each objection is the
// ledger's (the application's objection queue reads it). Aggregates only: no identifier, no
// record id. The authority only; audited `oversight` / `agency-objections`.
import type { Objection } from '../../core/due-process/objection-state.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant, instant, MS_PER_DAY, type Instant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { ObjectionQueue } from '../due-process/objection-queue.js';
import type { AuthorityStatsReader } from '../ports/authority-stats-store.js';
import type { AgencyDirectory } from '../ports/ledger-store.js';
import { authorityRead } from './authority-read.js';

/** The default window: the 30 days before `to`. */
export const OBJECTIONS_WINDOW_DAYS = 30;

/** The rule, as the answer states it. */
export const UPHELD_RULE = {
  /** An agency is flagged when more than this share of its decided objections were upheld... */
  upheldRateAbove: 0.25,
  /** ...and it decided at least this many in the window (fewer say little). */
  minDecided: 10,
} as const;

export const UPHELD_RULE_STATEMENT =
  `an agency is flagged when more than ${UPHELD_RULE.upheldRateAbove * 100} % of the objections ` +
  `it decided in the window were upheld (the record corrected or revoked), counting only an ` +
  `agency that decided at least ${UPHELD_RULE.minDecided}`;

export interface AgencyObjectionsRequest {
  /** Objections filed (and records recorded) from this instant, included (default: `to` − 30 days). */
  readonly from?: Instant | undefined;
  /** ...up to this instant, excluded (default: now). */
  readonly to?: Instant | undefined;
}

export interface AgencyObjections {
  readonly agency: string;
  readonly kind: string;
  readonly name: string;
  /** Records the agency submitted that were recorded in the window. */
  readonly records: number;
  /** Objections filed in the window on the agency's records (repeat objections included). */
  readonly objections: number;
  /** Decided by the agency: the record corrected or revoked. */
  readonly upheld: number;
  /** Decided by the agency: the record upheld. */
  readonly rejected: number;
  /** Not decided yet. */
  readonly pending: number;
  /** Not decided and past the deadline now (the record has lost its effect, docs/due-process.md). */
  readonly overdue: number;
  /** The median of the days from filing to decision, of those decided; null when none was. */
  readonly medianDaysToDecide: number | null;
  /** upheld / (upheld + rejected); null when none was decided. */
  readonly upheldRate: number | null;
  /** Decisions of the authority on appeal that changed the agency's decision. */
  readonly overturnedOnAppeal: number;
  readonly flagged: boolean;
}

export interface AgencyObjectionsReport {
  readonly window: { readonly from: string; readonly to: string };
  readonly rule: typeof UPHELD_RULE & { readonly statement: string };
  readonly agencies: readonly AgencyObjections[];
}

type AgencyObjectionsDeps = Pick<AppDeps, 'audit' | 'clock' | 'standing'> & {
  readonly store: AgencyDirectory & AuthorityStatsReader;
  readonly objectionQueue: ObjectionQueue;
};

/** Whether a decision outcome upholds the objection (the record was wrong). */
function objectionUpheld(outcome: string): boolean {
  return outcome === 'corrected' || outcome === 'revoked';
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function readAgencyObjections(
  deps: AgencyObjectionsDeps,
  caller: Caller,
  request: AgencyObjectionsRequest,
): Promise<AgencyObjectionsReport> {
  return authorityRead(deps, caller, 'agency-objections', async () => {
    const now = deps.clock();
    const to = request.to ?? now;
    const from = request.from ?? instant(to - OBJECTIONS_WINDOW_DAYS * MS_PER_DAY);
    if (!(from < to)) {
      throw new DomainError('InvalidRequest', '`to` must be after `from`', [
        { path: 'querystring.to', code: 'InvalidRequest', message: '`to` must be after `from`' },
      ]);
    }
    const standing = await deps.standing();
    const categoryOf = standing.categoryOf.bind(standing);
    const records = new Map(
      (await deps.store.recordsByAgency(from, to)).map((r) => [r.agencyId, r.records]),
    );
    const agencies: AgencyObjections[] = [];
    for (const agency of await deps.store.agencies()) {
      const queued = await deps.objectionQueue.ofAgency(agency.id, 'all', now, categoryOf);
      const inWindow = queued.filter((q) => q.objection.at >= from && q.objection.at < to);
      const submitted = records.get(agency.id) ?? 0;
      if (inWindow.length === 0 && submitted === 0) continue;
      agencies.push(
        summarise(
          agency,
          submitted,
          inWindow.map((q) => q.objection),
          now,
        ),
      );
    }
    return {
      window: { from: formatInstant(from), to: formatInstant(to) },
      rule: { ...UPHELD_RULE, statement: UPHELD_RULE_STATEMENT },
      agencies,
    };
  });
}

function summarise(
  agency: { readonly id: string; readonly kind: string; readonly name: string },
  records: number,
  objections: readonly Objection[],
  now: Instant,
): AgencyObjections {
  let upheld = 0;
  let rejected = 0;
  let pending = 0;
  let overdue = 0;
  let overturnedOnAppeal = 0;
  const days: number[] = [];
  for (const o of objections) {
    const decision = o.decision;
    if (decision === undefined) {
      pending += 1;
      if (o.deadline <= now) overdue += 1;
      continue;
    }
    if (objectionUpheld(decision.outcome)) upheld += 1;
    else rejected += 1;
    days.push((decision.at - o.at) / MS_PER_DAY);
    const final = o.appeal?.decision;
    if (final !== undefined && objectionUpheld(final.outcome) !== objectionUpheld(decision.outcome))
      overturnedOnAppeal += 1;
  }
  const decided = upheld + rejected;
  const upheldRate = decided === 0 ? null : upheld / decided;
  return {
    agency: agency.id,
    kind: agency.kind,
    name: agency.name,
    records,
    objections: objections.length,
    upheld,
    rejected,
    pending,
    overdue,
    medianDaysToDecide: median(days),
    upheldRate,
    overturnedOnAppeal,
    flagged:
      upheldRate !== null &&
      decided >= UPHELD_RULE.minDecided &&
      upheldRate > UPHELD_RULE.upheldRateAbove,
  };
}
