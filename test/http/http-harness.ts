// A Probity API on a real SQLite file with the reference catalogue and policy, the real audit log
// and an injectable clock: one agency per kind that submits or enforces anything (id = kind,
// token `demo-<kind>-1`) plus the authority. Tests move the clock; nothing sleeps.
import { join } from 'node:path';
import type { AuditSink } from '../../src/app/audit/audit-sink.js';
import { OPERATOR } from '../../src/app/access/caller.js';
import { issueSignInCode } from '../../src/app/citizen/sign-in-code-issue.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import type { ProbityApp } from '../../src/app/probity-app.js';
import { enforcerKinds, submitterKinds } from '../../src/app/access/access-rules.js';
import type { LiveStanding } from '../../src/app/standing/live-standing.js';
import { openServerApp } from '../../src/main/server-app.js';
import { keyFileFor } from '../../src/config/cli-config.js';
import { keyFileSigner } from '../../src/io/key-file-signer.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { parseCatalog } from '../../src/core/catalog/index.js';
import { parsePolicy } from '../../src/core/policy/index.js';
import { instant, type Instant } from '../../src/core/time/instant.js';
import { buildServer, type ProbityHttp, type ServerOptions } from '../../src/http/server.js';
import { scratchDir } from '../support/cli-harness.js';
import { openReferenceLedger, REFERENCE_DOCUMENTS } from '../factories/reference-ledger.js';

export const DAY = 86_400_000;
export const T_INIT = instant(Date.UTC(2025, 0, 1));
export const T0 = instant(Date.UTC(2026, 2, 1, 8, 0, 0));

export interface TestClock {
  (): Instant;
  set(t: Instant): void;
  advance(ms: number): void;
}

export function testClock(start: Instant): TestClock {
  let now = start;
  const clock = (() => now) as TestClock;
  clock.set = (t) => {
    now = t;
  };
  clock.advance = (ms) => {
    now = instant(now + ms);
  };
  return clock;
}

export const tokenOf = (kind: string) => `demo-${kind}-1`;

export interface Harness {
  readonly app: ProbityHttp;
  readonly store: LedgerStore;
  /** The SQLite file of the store (for CLI runs against the same ledger). */
  readonly path: string;
  /** The application the routes call (for set-up steps no route offers, e.g. publishing). */
  readonly probity: ProbityApp;
  /** The live standing (the engine following the ledger), for tests that drive it directly. */
  readonly service: LiveStanding;
  readonly audit: AuditSink;
  readonly clock: TestClock;
  /** Every agency kind of the city (submitters, enforcers, authority). */
  readonly kinds: readonly string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly server?: ServerOptions;
  /** Writes to the ledger before the engine loads (e.g. records accepted weeks ago). */
  readonly before?: (store: LedgerStore) => Promise<void>;
  /** Leave the engine unloaded (readiness tests). */
  readonly load?: boolean;
  /** Where the ledger lives (a fresh file or PostgreSQL schema, see store-targets.ts); default a new SQLite file. */
  readonly location?: string;
  /**
   * The authority's key file; default where the CLI looks for it, beside a SQLite ledger (under
   * ./data/ for PostgreSQL, so suites that publish on PostgreSQL name their own).
   */
  readonly keyFile?: string;
}

/** Every agency kind of the reference documents (submitters and enforcers), and the authority. */
export function cityKinds(): string[] {
  const catalog = parseCatalog(REFERENCE_DOCUMENTS.catalogText);
  if (!catalog.ok) throw new Error('reference catalogue');
  const policy = parsePolicy(REFERENCE_DOCUMENTS.policyText, catalog.catalog);
  if (!policy.ok) throw new Error('reference policy');
  return [
    ...new Set([...submitterKinds(catalog.catalog), ...enforcerKinds(policy.policy), 'authority']),
  ].sort();
}

export async function openCityStore(location?: string): Promise<{
  store: LedgerStore;
  kinds: string[];
  path: string;
}> {
  const kinds = cityKinds();
  const path = location ?? join(scratchDir('probity-http-'), 'p.db');
  const store = await openReferenceLedger(
    path,
    kinds.map((kind) => ({ id: kind, kind, token: tokenOf(kind) })),
    T_INIT,
  );
  return { store, kinds, path };
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { store, kinds, path } = await openCityStore(options.location);
  await options.before?.(store);
  const clock = testClock(T0);
  // The signing key where the CLI looks for it by default (beside a SQLite ledger).
  const signer = keyFileSigner(options.keyFile ?? keyFileFor(path));
  const server = openServerApp(store, { clock, pollMs: 0, signer });
  const app = await buildServer(server.httpDeps, options.server ?? {});
  await app.ready();
  if (options.load !== false) await server.load();
  return {
    app,
    store,
    path,
    probity: server.app,
    service: server.standing,
    audit: server.audit,
    clock,
    kinds,
    async close() {
      await app.close();
      await server.close();
      await store.close();
    },
  };
}

/** A dishonest judgment debtor record as an agency submits it. */
export function debtorRecord(
  subject: string,
  sourceRef: string,
  occurredAt: string,
  amount = 2_500_000,
) {
  return {
    sourceRef,
    subject,
    category: 'court.dishonest-debtor',
    occurredAt,
    fields: { amount, caseNumber: `(2026)京0105执${sourceRef}号` },
  };
}

/** Accepts records straight into the ledger as the court, at `at` (before the server starts). */
export async function ingestAsCourt(
  store: LedgerStore,
  records: readonly unknown[],
  at: Instant,
): Promise<number[]> {
  const context = await loadScoringContext(store);
  const court = await store.findAgency('court');
  if (!court) throw new Error('no court');
  const summary = await ingestRecords(
    store,
    { catalog: context.catalog, version: context.catalogVersion },
    court,
    records,
    at,
    { mode: 'atomic' },
  );
  return summary.outcomes.map((o) => ('id' in o ? o.id : -1));
}

export function bearer(kind: string): Record<string, string> {
  return { authorization: `Bearer ${tokenOf(kind)}` };
}

/**
 * A citizen's session for `subject`, as the portal gets one (a one-time code issued by the
 * operator, then POST /v1/citizen/session): the bearer header of its token.
 */
export async function citizenHeaders(h: Harness, subject: string): Promise<Record<string, string>> {
  const deps = { store: h.store, audit: h.audit, clock: h.clock };
  const { code } = await issueSignInCode(deps, OPERATOR, { identifier: subject });
  const res = await h.app.inject({
    method: 'POST',
    url: '/v1/citizen/session',
    payload: { identifier: subject, code },
  });
  if (res.statusCode !== 201)
    throw new Error(`signing ${subject} in answered ${res.statusCode}: ${res.body}`);
  return { authorization: `Bearer ${res.json<{ token: string }>().token}` };
}
