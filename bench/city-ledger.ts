// The synthetic city as the engine sees it, shared by the engine benchmarks (P2, P6, P7): the
// reference catalogue and policy, the city of a scale, and its ledger events (records and their
// `fulfilled` events in the order a ledger would have accepted them, seq = record id = 1..n,
// catalogue version 1), folded into an Engine page by page so that the events of a 5 M-record
// city never all exist at once.
import { readFileSync } from 'node:fs';
import { parseCatalog, type Catalog } from '../src/core/catalog/index.js';
import type { LedgerEvent } from '../src/core/ledger/ledger-types.js';
import { parsePolicy, type CompiledPolicy } from '../src/core/policy/index.js';
import { instant, type Instant } from '../src/core/time/instant.js';
import { Engine, fieldsReadBy } from '../src/engine/index.js';
import { generateCity, type SyntheticCity } from '../src/synth/index.js';
import { SCALES, type ScaleName } from './scales.js';

/** The city's "now": the end of its five years of history, and the instant every bench scores at. */
export const NOW: Instant = instant(Date.parse('2026-06-01T00:00:00Z'));
export const CATALOG_VERSION = 1;
const PAGE = 50_000;

export interface ReferenceDocuments {
  readonly catalogText: string;
  readonly policyText: string;
  readonly catalog: Catalog;
}

export function referenceDocuments(): ReferenceDocuments {
  const catalogText = readFileSync('policies/catalog.yaml', 'utf8');
  const policyText = readFileSync('policies/policy.yaml', 'utf8');
  const parsed = parseCatalog(catalogText);
  if (!parsed.ok) throw new Error('the reference catalogue does not parse');
  return { catalogText, policyText, catalog: parsed.catalog };
}

/** Compiles a policy text; every call gives a new object (the engine caches per object). */
export function compilePolicy(text: string, catalog: Catalog): CompiledPolicy {
  const parsed = parsePolicy(text, catalog);
  if (!parsed.ok) {
    throw new Error(`policy does not compile: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  }
  return parsed.policy;
}

export function cityOf(catalog: Catalog, scale: ScaleName): SyntheticCity {
  return generateCity(catalog, { ...SCALES[scale], years: 5, seed: 1, now: NOW });
}

/**
 * The ledger events of the city in pages; `recordIds[i]` is the ledger id (= seq) of city record i.
 * `only`, when given, keeps just the records it marks, and the fulfilments of those records.
 */
export function* cityEventPages(
  city: SyntheticCity,
  only?: Uint8Array,
): Generator<LedgerEvent[], Float64Array> {
  const order = city.ledgerOrder();
  const recordCount = city.recordCount;
  const recordIds = new Float64Array(recordCount);
  let seq = 0;
  let page: LedgerEvent[] = [];
  for (const item of order) {
    if (item < recordCount) {
      if (only !== undefined && only[item] !== 1) continue;
      const r = city.record(item);
      seq += 1;
      recordIds[item] = seq;
      page.push({
        kind: 'record',
        seq,
        record: { id: seq, ...r, catalogVersion: CATALOG_VERSION },
      });
    } else {
      const f = city.fulfilment(item - recordCount);
      if (only !== undefined && only[f.record] !== 1) continue;
      seq += 1;
      page.push({
        kind: 'record-event',
        seq,
        event: {
          seq,
          recordId: recordIds[f.record] ?? 0,
          subject: f.subject,
          type: 'fulfilled',
          at: f.at,
          recordedAt: f.recordedAt,
          actor: f.agencyId,
          reason: undefined,
          fields: undefined,
        },
      });
    }
    if (page.length >= PAGE) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
  return recordIds;
}

/**
 * An engine holding the whole city, with `policies` set. It keeps the record fields those
 * policies (and `also`, a draft to simulate later) read, as a server does (engine-load.ts).
 */
export function loadCityEngine(
  city: SyntheticCity,
  catalog: Catalog,
  policies: readonly CompiledPolicy[],
  also: readonly CompiledPolicy[] = [],
): Engine {
  const engine = new Engine({
    catalogFor: (v) => (v === CATALOG_VERSION ? catalog : undefined),
    fields: [...new Set([...policies, ...also].flatMap(fieldsReadBy))].sort(),
  });
  for (const page of cityEventPages(city)) engine.apply(page);
  engine.setPolicies(policies);
  return engine;
}
