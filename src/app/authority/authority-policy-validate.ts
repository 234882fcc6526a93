// The policy workbench, validating (docs/http-api.md, "The policy workbench"): every problem of a
// draft policy at once, against the catalogue in force, with the paths `probity policy validate`
// prints, each with the line of the text it points at (core/documents/yaml-lines.ts: the
// workbench shows it there), or the summary of a valid one. Nothing is written. The authority
// only; audited `oversight` / `policy-validate` (outcome `valid` or `invalid`).
import { withLines } from '../../core/documents/yaml-lines.js';
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
    async () => {
      const result = validatePolicy(request.text, (await catalogInForce(deps.store)).catalog);
      return result.valid
        ? result
        : { ...result, problems: withLines(request.text, result.problems) };
    },
    (result) => (result.valid ? 'valid' : 'invalid'),
  );
}
