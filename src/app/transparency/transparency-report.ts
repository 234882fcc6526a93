// The public transparency report of one month (the public site; charter C11 and C12 seen from
// the city's side): the agencies' checks per measure and how many were denials, the records
// recorded per category and per agency, the objections filed on each agency's records and how
// they stand (upheld, rejected, pending, overdue), and the repairs granted. Counts only, from the
// ledger, the audit log and the objection queue: no identifier, no record id, nothing about any
// one person. Anyone may read it; the read is not audited (it concerns no subject). List sizes
// over time are the publications' own (GET /v1/publications).
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant, instant, type Instant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { ObjectionQueue } from '../due-process/objection-queue.js';
import type { AgencyDirectory } from '../ports/ledger-store.js';
import type { TransparencyStatsReader } from '../ports/transparency-stats-store.js';

export interface TransparencyRequest {
  /** `YYYY-MM` (UTC); default: the current month. */
  readonly month?: string | undefined;
}

export interface AgencyFigures {
  readonly agency: string;
  readonly kind: string;
  readonly name: string;
  /** Records recorded in the month. */
  readonly records: number;
  /** Objections filed in the month on the agency's records. */
  readonly objectionsFiled: number;
  /** Of those, decided by the agency for the subject: the record corrected or revoked. */
  readonly upheld: number;
  /** Of those, decided by the agency against the objection: the record upheld. */
  readonly rejected: number;
  /** Of those, not decided yet. */
  readonly pending: number;
  /** Of those, not decided and past the deadline (as of the report). */
  readonly overdue: number;
  /** Repairs granted in the month on the agency's records. */
  readonly repairs: number;
}

export interface TransparencyReport {
  readonly month: string;
  /** The month's window, UTC: `from` included, `to` (the next month's start) excluded. */
  readonly from: string;
  readonly to: string;
  /** When the report was computed; counts of an unfinished month are as of this instant. */
  readonly asOf: string;
  readonly complete: boolean;
  readonly checks: readonly {
    readonly measure: string;
    readonly label: string;
    readonly checks: number;
    readonly denials: number;
  }[];
  readonly records: readonly {
    readonly category: string;
    readonly label: string;
    readonly agency: string;
    readonly records: number;
  }[];
  readonly agencies: readonly AgencyFigures[];
  readonly totals: {
    readonly checks: number;
    readonly denials: number;
    readonly records: number;
    readonly objectionsFiled: number;
    readonly upheld: number;
    readonly overdue: number;
    readonly repairs: number;
  };
}

type ReportDeps = Pick<AppDeps, 'clock' | 'standing'> & {
  readonly store: AgencyDirectory & TransparencyStatsReader;
  readonly objectionQueue: ObjectionQueue;
};

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

function monthOf(at: Instant): string {
  return formatInstant(at).slice(0, 7);
}

function window(month: string): { from: Instant; to: Instant } {
  const match = MONTH.exec(month);
  if (!match) {
    const message = `month must be YYYY-MM, not ${JSON.stringify(month)}`;
    throw new DomainError('InvalidRequest', message, [
      { path: 'querystring.month', code: 'InvalidRequest', message },
    ]);
  }
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { from: instant(Date.UTC(year, index, 1)), to: instant(Date.UTC(year, index + 1, 1)) };
}

function upheldOutcome(outcome: string): boolean {
  return outcome === 'corrected' || outcome === 'revoked';
}

export async function readTransparencyReport(
  deps: ReportDeps,
  _caller: Caller,
  request: TransparencyRequest,
): Promise<TransparencyReport> {
  const now = deps.clock();
  const month = request.month ?? monthOf(now);
  const { from, to: end } = window(month);
  if (from > now) {
    const message = `${month} has not begun`;
    throw new DomainError('InvalidRequest', message, [
      { path: 'querystring.month', code: 'InvalidRequest', message },
    ]);
  }
  // The whole month, also when it is the current one: nothing is dated after now, and an entry
  // made at this very instant counts.
  const to = end;
  const standing = await deps.standing();
  const policy = standing.policyAt(now);
  const categoryOf = standing.categoryOf.bind(standing);
  const catalog = standing.scoring().catalog;

  const checkCounts = await deps.store.checksByMeasure(
    from,
    to,
    policy.measures.map((m) => m.id),
  );
  const checks = checkCounts.map((c) => ({
    measure: c.measure,
    label: policy.measuresById.get(c.measure)?.label ?? c.measure,
    checks: c.checks,
    denials: c.denials,
  }));
  const cells = await deps.store.recordsByCategoryAndAgency(from, to);
  const records = cells
    .map((c) => ({
      category: c.category,
      label: catalog.byId.get(c.category)?.label ?? c.category,
      agency: c.agencyId,
      records: c.records,
    }))
    .sort((a, b) => b.records - a.records || a.category.localeCompare(b.category));
  const recordsByAgency = new Map<string, number>();
  for (const c of cells)
    recordsByAgency.set(c.agencyId, (recordsByAgency.get(c.agencyId) ?? 0) + c.records);
  const repairs = new Map(
    (await deps.store.repairsByAgency(from, to)).map((r) => [r.agencyId, r.repairs]),
  );

  const agencies: AgencyFigures[] = [];
  for (const agency of await deps.store.agencies()) {
    const queued = await deps.objectionQueue.ofAgency(agency.id, 'all', now, categoryOf);
    const filed = queued.filter((q) => q.objection.at >= from && q.objection.at < to);
    let upheld = 0;
    let rejected = 0;
    let pending = 0;
    let overdue = 0;
    for (const q of filed) {
      const decision = q.objection.decision;
      if (decision === undefined) {
        pending += 1;
        if (q.objection.deadline <= now) overdue += 1;
      } else if (upheldOutcome(decision.outcome)) upheld += 1;
      else rejected += 1;
    }
    const figures: AgencyFigures = {
      agency: agency.id,
      kind: agency.kind,
      name: agency.name,
      records: recordsByAgency.get(agency.id) ?? 0,
      objectionsFiled: filed.length,
      upheld,
      rejected,
      pending,
      overdue,
      repairs: repairs.get(agency.id) ?? 0,
    };
    if (figures.records + figures.objectionsFiled + figures.repairs > 0) agencies.push(figures);
  }
  const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
  return {
    month,
    from: formatInstant(from),
    to: formatInstant(to),
    asOf: formatInstant(now),
    complete: end <= now,
    checks,
    records,
    agencies,
    totals: {
      checks: sum(checks.map((c) => c.checks)),
      denials: sum(checks.map((c) => c.denials)),
      records: sum(cells.map((c) => c.records)),
      objectionsFiled: sum(agencies.map((a) => a.objectionsFiled)),
      upheld: sum(agencies.map((a) => a.upheld)),
      overdue: sum(agencies.map((a) => a.overdue)),
      repairs: sum(agencies.map((a) => a.repairs)),
    },
  };
}
