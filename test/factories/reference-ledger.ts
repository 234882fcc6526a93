// A ledger set up as `probity init --simulation` would: the reference catalogue and policy of
// policies/, and the agencies a test needs. Shared by the integration and HTTP suites. A
// simulation, because tests date their writes with a clock of their own (docs/ledger.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addAgencies, type AgencyToAdd } from '../../src/app/agencies/agency-add.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import { initStore, type InitDocuments } from '../../src/app/ledger/store-init.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import type { Instant } from '../../src/core/time/instant.js';
import { openStore } from '../../src/store/index.js';

const POLICIES = fileURLToPath(new URL('../../policies/', import.meta.url));

export const REFERENCE_DOCUMENTS: InitDocuments = {
  catalogText: readFileSync(join(POLICIES, 'catalog.yaml'), 'utf8'),
  policyText: readFileSync(join(POLICIES, 'policy.yaml'), 'utf8'),
};

/** Opens the ledger at `location`, initialised (a simulation) with the reference documents and these agencies. */
export async function openReferenceLedger(
  location: string,
  agencies: readonly AgencyToAdd[],
  at: Instant,
): Promise<LedgerStore> {
  const store = await openStore(location);
  await initStore(store, REFERENCE_DOCUMENTS, at, { mode: 'simulation' });
  if (agencies.length > 0) await addAgencies(store, agencies, at);
  return store;
}

/**
 * Accepts records straight into the ledger as agency `agencyId` (atomically), as another process
 * (the CLI, another server) would; the record ids in order, -1 for a row not accepted.
 */
export async function ingestAs(
  store: LedgerStore,
  agencyId: string,
  records: readonly object[],
  at: Instant,
): Promise<number[]> {
  const agency = await store.findAgency(agencyId);
  if (!agency) throw new Error(`no agency ${agencyId}`);
  const context = await loadScoringContext(store);
  const summary = await ingestRecords(
    store,
    { catalog: context.catalog, version: context.catalogVersion },
    agency,
    records,
    at,
    { mode: 'atomic' },
  );
  return summary.outcomes.map((o) => ('id' in o ? o.id : -1));
}
