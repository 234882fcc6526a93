// Which policy version applies at t (policy.md: "the policy version with the latest
// effectiveFrom ≤ t"). A version without effectiveFrom is in force from the beginning; between
// versions with the same effectiveFrom the higher version number wins.
import type { CompiledPolicy } from '../policy/index.js';
import type { Instant } from '../time/instant.js';

export function policyAt(
  versions: readonly CompiledPolicy[],
  t: Instant,
): CompiledPolicy | undefined {
  let best: CompiledPolicy | undefined;
  let bestFrom = -Infinity;
  for (const policy of versions) {
    const from = policy.effectiveFrom ?? -Infinity;
    if (from > t) continue;
    if (
      best === undefined ||
      from > bestFrom ||
      (from === bestFrom && policy.version > best.version)
    ) {
      best = policy;
      bestFrom = from;
    }
  }
  return best;
}
