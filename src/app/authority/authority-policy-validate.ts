// The policy workbench, validating (docs/http-api.md, "The policy workbench"): every problem of a
// draft policy at once, against the catalogue in force, with the paths `probity policy validate`
// prints, or the summary of a valid one. Nothing is written. The authority only; audited
// `oversight` / `policy-validate` (outcome `valid` or `invalid`).
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { validatePolicy, type PolicyValidation } from '../policy/document-validate.js';
import { catalogInForce } from '../policy/catalog-in-force.js';
import type { DocumentReader } from '../ports/ledger-store.js';
import { authorityRead } from './authority-read.js';

export type { PolicyValidation };

export function validateDraftPolicy(
  deps: Pick<AppDeps, 'audit' | 'clock'> & { readonly store: DocumentReader },
  caller: Caller,
  request: { readonly text: string },
): Promise<PolicyValidation> {
  return authorityRead(
    deps,
    caller,
    'policy-validate',
    async () => validatePolicy(request.text, (await catalogInForce(deps.store)).catalog),
    (result) => (result.valid ? 'valid' : 'invalid'),
  );
}
