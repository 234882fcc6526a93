// The policy workbench, its starting draft (docs/http-api.md, "The policy workbench"): the text
// of the policy version in force now, as it was activated, with its id, version and start, so the
// authority edits the policy in force rather than typing one from nothing. A version activated
// for a later start is named too (`scheduled`), not given as the draft. The authority only;
// audited `oversight` / `policy-read`.
import { DomainError } from '../../core/errors/domain-error.js';
import { formatInstant } from '../../core/time/instant.js';
import type { Caller } from '../access/caller.js';
import type { AppDeps } from '../app-deps.js';
import type { DocumentReader, StoredPolicy } from '../ports/ledger-store.js';
import { authorityRead } from './authority-read.js';

export interface PolicyInForce {
  /** The instant of the answer (now): the workbench's "today". */
  readonly at: string;
  readonly policy: string;
  readonly version: number;
  readonly effectiveFrom: string;
  /** The policy document as activated (YAML). */
  readonly text: string;
  /** The versions activated for a later start, soonest first. */
  readonly scheduled: readonly {
    readonly policy: string;
    readonly version: number;
    readonly effectiveFrom: string;
  }[];
}

export function readPolicyInForce(
  deps: Pick<AppDeps, 'audit' | 'clock'> & { readonly store: DocumentReader },
  caller: Caller,
): Promise<PolicyInForce> {
  return authorityRead(deps, caller, 'policy-read', async () => {
    const now = deps.clock();
    const ordered = [...(await deps.store.policies())].sort(
      (a, b) => a.effectiveFrom - b.effectiveFrom || a.seq - b.seq,
    );
    let current: StoredPolicy | undefined;
    for (const p of ordered) if (p.effectiveFrom <= now) current = p;
    if (current === undefined)
      throw new DomainError(
        'NoPolicyInForce',
        `no policy version is in force at ${formatInstant(now)}`,
      );
    return {
      at: formatInstant(now),
      policy: current.policyId,
      version: current.version,
      effectiveFrom: formatInstant(current.effectiveFrom),
      text: current.text,
      scheduled: ordered
        .filter((p) => p.effectiveFrom > now)
        .map((p) => ({
          policy: p.policyId,
          version: p.version,
          effectiveFrom: formatInstant(p.effectiveFrom),
        })),
    };
  });
}
