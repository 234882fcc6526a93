// The demo's enforcing agencies: one per agency kind that enforces a measure of the policy in
// force and has no agency yet (id = kind, token `demo-<kind>-<seed>`), so that the demo can show
// checks as well as submissions. DEMO CREDENTIALS: public by construction, never for a deployment.
import { addAgencies, type AddedAgency, type AgencyToAdd } from './agency-add.js';
import type { AgencyDirectory, DocumentReader, LedgerAppender } from '../ports/ledger-store.js';
import { loadScoringContext } from '../standing/scoring-context.js';
import type { Instant } from '../../core/time/instant.js';
import { enforcerKinds } from '../access/access-rules.js';

export function demoToken(kind: string, seed: number): string {
  return `demo-${kind}-${seed}`;
}

export async function addDemoEnforcers(
  store: DocumentReader & AgencyDirectory & LedgerAppender,
  seed: number,
  now: Instant,
): Promise<AddedAgency[]> {
  const context = await loadScoringContext(store);
  const agencies = await store.agencies();
  const kinds = new Set(agencies.map((a) => a.kind));
  const ids = new Set(agencies.map((a) => a.id));
  const missing: AgencyToAdd[] = [...enforcerKinds(context.policyAt(now))]
    .filter((kind) => !kinds.has(kind) && !ids.has(kind))
    .map((kind) => ({
      id: kind,
      kind,
      name: `Demo ${kind.replace(/-/g, ' ')}`,
      token: demoToken(kind, seed),
    }));
  return missing.length > 0 ? addAgencies(store, missing, now) : [];
}
