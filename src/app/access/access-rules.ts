// Who may do what (architecture.md, Security model): an agency's kind decides which categories it
// may submit (catalogue `submitters`), which measures it may check (policy `enforcers`), and for
// which purposes it may read a subject (charter C11). Each rule answers with a DomainError code
// that the doors map to 403; the table of purposes is here so every door applies the same one.
import type { Catalog, Category } from '../../core/catalog/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { Purpose } from '../../core/access/purposes.js';
import type { Agency } from '../../core/ledger/ledger-types.js';
import type { CompiledPolicy, Measure } from '../../core/policy/index.js';
import { quoted } from '../../core/text/storable-text.js';

/** The kind of the city's oversight authority: it may read any subject for `oversight`. */
export const AUTHORITY_KIND = 'authority';

/** Whether the agency's kind may submit records of this category (catalogue `submitters`). */
export function maySubmit(category: Category, agency: Agency): boolean {
  return category.submitters.includes(agency.kind);
}

/** Whether the agency's kind enforces (may check) this measure (policy `enforcers`). */
export function mayEnforce(measure: Measure, agency: Agency): boolean {
  return measure.enforcers.includes(agency.kind);
}

/** The categories of the catalogue the agency's kind may submit, in catalogue order. */
export function submittableCategories(catalog: Catalog, agency: Agency): Category[] {
  return catalog.categories.filter((category) => maySubmit(category, agency));
}

/** The measures of the policy the agency's kind enforces, in policy order. */
export function enforceableMeasures(policy: CompiledPolicy, agency: Agency): Measure[] {
  return policy.measures.filter((measure) => mayEnforce(measure, agency));
}

/**
 * Refuses a batch holding a record of a category the agency's kind may not submit: the whole batch
 * is 403 `SubmitterNotAllowed` (one detail per such record), before anything else is looked at.
 * Unknown categories and malformed items are left to ingest, which answers 422 for them.
 */
export function assertMaySubmit(
  catalog: Catalog,
  agency: Agency,
  records: readonly unknown[],
): void {
  const details: { path: string; code: string; message: string }[] = [];
  records.forEach((record, i) => {
    const id =
      typeof record === 'object' && record !== null
        ? (record as { category?: unknown }).category
        : undefined;
    if (typeof id !== 'string') return;
    const category = catalog.byId.get(id);
    if (category && !maySubmit(category, agency)) {
      details.push({
        path: `records[${i}].category`,
        code: 'SubmitterNotAllowed',
        message: `an agency of kind "${agency.kind}" may not submit ${id} (submitters: ${category.submitters.join(', ')})`,
      });
    }
  });
  if (details.length > 0) {
    throw new DomainError(
      'SubmitterNotAllowed',
      `${details.length} record(s) are of categories this agency may not submit; nothing was written`,
      details,
    );
  }
}

/** The measure of the policy in force, when the agency's kind enforces it; 404/403 otherwise. */
export function enforcedMeasure(
  policy: CompiledPolicy,
  agency: Agency,
  measureId: string,
): Measure {
  const measure = policy.measuresById.get(measureId);
  if (!measure) {
    throw new DomainError(
      'UnknownMeasure',
      `no measure ${quoted(measureId)} in policy ${policy.id} version ${policy.version}`,
    );
  }
  if (!mayEnforce(measure, agency)) {
    throw new DomainError(
      'NotAnEnforcer',
      `an agency of kind "${agency.kind}" does not enforce ${measureId} (enforcers: ${measure.enforcers.join(', ')})`,
    );
  }
  return measure;
}

/** Every agency kind that enforces some measure of the policy. */
export function enforcerKinds(policy: CompiledPolicy): Set<string> {
  return new Set(policy.measures.flatMap((m) => m.enforcers));
}

/** Every agency kind that may submit some category of the catalogue. */
export function submitterKinds(catalog: Catalog): Set<string> {
  return new Set(catalog.categories.flatMap((c) => c.submitters));
}

export interface SubjectReadContext {
  readonly policy: CompiledPolicy;
  readonly catalog: Catalog;
  /** The agencies that submitted records about the subject. */
  readonly submittingAgencies: ReadonlySet<string>;
}

/**
 * May this agency read a subject's evaluation for this purpose? The table:
 * - `enforcement`, `eligibility`: kinds that enforce some measure of the policy in force;
 * - `dispute-review`: an agency that submitted a record about this subject (it decides objections);
 * - `oversight`: the authority;
 * - `subject-access`: the subject itself only (a citizen session), never an agency.
 */
export function assertMayRead(agency: Agency, purpose: Purpose, ctx: SubjectReadContext): void {
  let allowed: boolean;
  switch (purpose) {
    case 'enforcement':
    case 'eligibility':
      allowed = enforcerKinds(ctx.policy).has(agency.kind);
      break;
    case 'dispute-review':
      allowed = ctx.submittingAgencies.has(agency.id);
      break;
    case 'oversight':
      allowed = agency.kind === AUTHORITY_KIND;
      break;
    case 'subject-access':
      allowed = false;
      break;
    default: {
      const never: never = purpose;
      throw new Error(`unknown purpose ${String(never)}`);
    }
  }
  if (!allowed) {
    throw new DomainError(
      'PurposeNotPermitted',
      `an agency of kind "${agency.kind}" may not read a subject for "${purpose}"`,
    );
  }
}
