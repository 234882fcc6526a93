// `probity catalog validate` and `probity policy validate`: every problem of a catalogue or a
// policy document at once, or a short summary of a valid one. Nothing is read from or written to
// a ledger (a document is checked before anyone stores it), so the doors call these without
// opening a store: validating a file must neither need nor create one. The policy is checked
// against the catalogue it is for, which must be valid itself (422 CatalogRejected otherwise).
import { parseCatalog, type Catalog } from '../../core/catalog/index.js';
import { DomainError, type Problem } from '../../core/errors/domain-error.js';
import { parsePolicy } from '../../core/policy/index.js';

export type CatalogValidation =
  | { readonly valid: true; readonly categories: number }
  | { readonly valid: false; readonly problems: readonly Problem[] };

export type PolicyValidation =
  | {
      readonly valid: true;
      readonly policy: string;
      readonly version: number;
      readonly rules: number;
      readonly lists: number;
      readonly measures: number;
    }
  | { readonly valid: false; readonly problems: readonly Problem[] };

export function validateCatalog(text: string): CatalogValidation {
  const result = parseCatalog(text);
  return result.ok
    ? { valid: true, categories: result.catalog.categories.length }
    : { valid: false, problems: result.problems };
}

/** The catalogue a policy is validated against; 422 CatalogRejected (naming it) if it is not valid. */
export function catalogToValidateAgainst(text: string, name: string): Catalog {
  const parsed = parseCatalog(text);
  if (!parsed.ok)
    throw new DomainError('CatalogRejected', `the catalogue ${name} is not valid`, parsed.problems);
  return parsed.catalog;
}

export function validatePolicy(text: string, catalog: Catalog): PolicyValidation {
  const result = parsePolicy(text, catalog);
  if (!result.ok) return { valid: false, problems: result.problems };
  const p = result.policy;
  return {
    valid: true,
    policy: p.id,
    version: p.version,
    rules: p.rules.length,
    lists: p.lists.length,
    measures: p.measures.length,
  };
}
