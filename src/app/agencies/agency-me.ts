// The signed-in agency's own view of itself (GET /v1/agency/me; the agency console): its id, kind
// and name, the categories of the catalogue in force it may submit and the measures of the policy
// in force it may check. Both lists come from the rules the doors enforce (access-rules.ts:
// `maySubmit` for POST /v1/records, `mayEnforce` for the checks), so what the console offers and
// what the API accepts can never disagree. It names no subject, so it is not audited (like the
// public documents in force).
import { DomainError } from '../../core/errors/domain-error.js';
import { enforceableMeasures, submittableCategories } from '../access/access-rules.js';
import { agencyOf } from '../access/caller-require.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';

export interface OwnAgency {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  /** The catalogue version in force and the ids of its categories this agency may submit. */
  readonly catalog: { readonly version: number; readonly categories: readonly string[] };
  /**
   * The policy in force (absent before the first) and the ids of its measures this agency may
   * check.
   */
  readonly policy: {
    readonly id: string | null;
    readonly version: number | null;
    readonly measures: readonly string[];
  };
}

export async function readOwnAgency(
  deps: Pick<AppDeps, 'standing' | 'clock'>,
  caller: Caller,
): Promise<OwnAgency> {
  const agency = agencyOf(caller);
  const standing = await deps.standing();
  const { catalog, version } = standing.catalog();
  let policy: OwnAgency['policy'] = { id: null, version: null, measures: [] };
  try {
    const inForce = standing.policyAt(deps.clock());
    policy = {
      id: inForce.id,
      version: inForce.version,
      measures: enforceableMeasures(inForce, agency).map((m) => m.id),
    };
  } catch (error) {
    // No policy in force yet: nothing to check.
    if (!(error instanceof DomainError && error.code === 'NoPolicyInForce')) throw error;
  }
  return {
    id: agency.id,
    kind: agency.kind,
    name: agency.name,
    catalog: { version, categories: submittableCategories(catalog, agency).map((c) => c.id) },
    policy,
  };
}
