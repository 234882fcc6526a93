// The policy workbench, activating (docs/http-api.md, "The policy workbench"): the authority
// stores a new policy version in force from an instant that is not in the past (422
// PolicyEffectiveInPast: results already given stay as they were given), with the checks of
// `probity policy activate` (app/policy/policy-activate.ts: valid against the catalogue in force,
// 422 PolicyRejected; a stored version is not replaced by another text, 409 PolicyVersionExists;
// the same text and start again is harmless). The authority only; audited `oversight` /
// `policy-activate` (outcome `activated <policy> v<version>`, `unchanged`, or the refusal).
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import { storePolicyVersion, type ActivatedPolicy } from '../policy/policy-activate.js';
import type { DocumentReader, LedgerAppender } from '../ports/ledger-store.js';
import { authorityRead } from './authority-read.js';

export interface WorkbenchActivation {
  readonly text: string;
  /** In force from this instant: now or later. */
  readonly effectiveFrom: Instant;
}

export function activateWorkbenchPolicy(
  deps: Pick<AppDeps, 'audit' | 'clock' | 'standing'> & {
    readonly store: DocumentReader & LedgerAppender;
  },
  caller: Caller,
  request: WorkbenchActivation,
): Promise<ActivatedPolicy> {
  return authorityRead(
    deps,
    caller,
    'policy-activate',
    async () => {
      const now = deps.clock();
      if (request.effectiveFrom < now) {
        throw new DomainError(
          'PolicyEffectiveInPast',
          `effectiveFrom ${formatInstant(request.effectiveFrom)} is before now (${formatInstant(now)}): a policy takes effect now or later`,
          [
            {
              path: 'body.effectiveFrom',
              code: 'PolicyEffectiveInPast',
              message: 'a policy takes effect now or later',
            },
          ],
        );
      }
      return storePolicyVersion(deps, { text: request.text, from: request.effectiveFrom });
    },
    (r) => (r.added ? `activated ${r.policy} v${r.version}` : 'unchanged'),
  );
}
