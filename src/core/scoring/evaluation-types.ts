// What an evaluation of one subject at one instant says: the score as the base plus every
// contribution traced to a record and a rule, the grade, the list memberships with their reasons,
// and the measures in effect (charter C12). The same structure serves the CLI, the HTTP API, the
// subject's own portal and the engine's agreement tests.
import type { LedgerRecord, LedgerRecordEvent, SubjectKind } from '../ledger/ledger-types.js';
import type { Instant } from '../time/instant.js';

/** Everything the ledger knows about one subject: the only input of its evaluation (C3). */
export interface SubjectHistory {
  readonly key: string;
  readonly kind: SubjectKind;
  /** Persons: from the identity number. */
  readonly birthDate: Instant | undefined;
  /** When the subject died or was dissolved, and when that was recorded. */
  readonly closure: { readonly at: Instant; readonly recordedAt: Instant } | undefined;
  /** Its records, each with the events that followed it (in ledger order). */
  readonly records: readonly RecordHistory[];
}

export interface RecordHistory {
  readonly record: LedgerRecord;
  readonly events: readonly LedgerRecordEvent[];
}

/** Why a record of the subject does not count at t. */
export type NotInForceReason =
  | 'not-yet-recorded'
  | 'expired'
  | 'revoked'
  | 'repaired'
  | 'fulfilled'
  | 'suspended'
  | 'objection-overdue';

/** What would change a contribution, shown to the subject (policy.md, Explanation). */
export interface ContributionOutlook {
  /** The record ends when fulfilled and is not yet. */
  readonly endsWhenFulfilled: boolean;
  /** Its hard expiry, counted from occurredAt: never re-aged (C7). */
  readonly effectEnd: string;
  /** From when repair can be asked, for a repairable adverse record; null otherwise. */
  readonly repairFrom: string | null;
}

export interface Contribution {
  readonly recordId: number;
  readonly category: string;
  readonly occurredAt: string;
  /** The rule that scored it, or null when no rule matches (it contributes 0). */
  readonly rule: string | null;
  /** round(points × w), before the rule's cap. */
  readonly points: number;
  /** The decay weight w (1 without decay). */
  readonly weight: number;
  readonly outlook: ContributionOutlook;
  /**
   * Present only for a rule error (docs/policy.md, "Rule errors"): the rule's `when` or `points`
   * failed on this record at run time (`points: division by zero`); `points` is then 0.
   */
  readonly error?: string;
}

export interface RuleTotal {
  readonly rule: string;
  readonly total: number;
  /** After |total| <= cap; equal to total when the rule has no cap. */
  readonly capped: number;
}

export interface ListReason {
  readonly list: string;
  readonly kind: 'sanction' | 'incentive';
  readonly label: string;
  readonly legalBasis: string;
  /** Start of the current unbroken membership (ISO instant). */
  readonly since: string;
  /** Expected end: the latest effectEnd among the qualifying records (sanction), null for incentives. */
  readonly until: string | null;
  /** The qualifying records (sanction lists); empty for incentive lists. */
  readonly records: readonly number[];
}

export interface MeasureInEffect {
  readonly measure: string;
  readonly kind: 'restriction' | 'benefit';
  readonly label: string;
  readonly legalBasis: string;
  /** The lists of the subject that bring it. */
  readonly lists: readonly string[];
}

export interface SubjectEvaluation {
  readonly subject: string;
  readonly kind: SubjectKind;
  readonly at: string;
  /** The id of the policy applied, and its version. */
  readonly policy: string;
  readonly policyVersion: number;
  /** Adult and alive (persons) or not dissolved (organisations) at t. */
  readonly scorable: boolean;
  readonly score: number | null;
  readonly grade: string | null;
  readonly base: number | null;
  readonly contributions: readonly Contribution[];
  readonly ruleTotals: readonly RuleTotal[];
  /** The sum before clamping to the policy's bounds, and whether clamping changed it. */
  readonly unclamped: number | null;
  readonly clamped: boolean;
  /** Visible records that do not count at t, and why. */
  readonly notInForce: readonly {
    readonly recordId: number;
    readonly category: string;
    readonly reason: NotInForceReason;
  }[];
  readonly lists: readonly ListReason[];
  readonly measures: readonly MeasureInEffect[];
}

export type CheckDecision = 'allow' | 'deny' | 'eligible' | 'not-eligible';

export interface CheckResult {
  readonly subject: string;
  readonly measure: string;
  readonly at: string;
  readonly decision: CheckDecision;
  readonly reasons: readonly {
    readonly list: string;
    readonly since: string;
    readonly until: string | null;
    readonly legalBasis: string;
    readonly records: readonly number[];
  }[];
}
