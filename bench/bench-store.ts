// Seeded SQLite stores for the server benchmarks (P3 HTTP, P4, P5), and the identifiers they check.
//
// A store per scale is made once by `probity seed`'s code (the reference catalogue and policy,
// the synthetic city with seed 1 and five years ending at NOW, one demo agency per submitting
// kind) plus the demo enforcers of `probity demo` (the aviation agency, token
// `demo-aviation-1`), and kept in $PROBITY_BENCH_STORES (default <tmp>/probity-bench-stores) to be
// reused across runs: M takes minutes to seed. A store made by the CLI instead
// (`probity --db <dir>/M.db --now 2026-06-01T00:00:00Z seed --persons 1000000 --orgs 100000`)
// is used as it is. Benchmarks that write (the audit log, list feeds) work on a copy.
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoToken, addDemoEnforcers } from '../src/app/agencies/demo-enforcers.js';
import { seedCity } from '../src/app/ledger/city-seed.js';
import { catalogInForce } from '../src/app/policy/catalog-in-force.js';
import { initStore } from '../src/app/ledger/store-init.js';
import { residentIdentityNumber } from '../src/core/identifiers/index.js';
import type { Engine } from '../src/engine/index.js';
import type { Instant } from '../src/core/time/instant.js';
import { openStore } from '../src/store/index.js';
import { NOW, referenceDocuments } from './city-ledger.js';
import { SCALES, seconds, type ScaleName } from './scales.js';

export const SEED = 1;
export const MEASURE = 'travel.flight';
/** The demo aviation agency's bearer token (a DEMO CREDENTIAL, public by construction). */
export const AVIATION_TOKEN = demoToken('aviation', SEED);
export const NOW_TEXT = '2026-06-01T00:00:00Z';

export function storeDir(): string {
  return process.env.PROBITY_BENCH_STORES ?? join(tmpdir(), 'probity-bench-stores');
}

/** The path of the seeded store of a scale, seeding it first when it does not exist yet. */
export async function seededStore(
  scale: ScaleName,
  log: (line: string) => void = () => undefined,
  reseeded = false,
): Promise<string> {
  const dir = storeDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${scale}.db`);
  if (!existsSync(path)) {
    const partial = `${path}.partial`;
    rmSync(partial, { force: true });
    log(`seeding ${scale} into ${path} (once; reused by later runs)`);
    const start = process.hrtime.bigint();
    const store = await openStore(partial);
    try {
      const { catalogText, policyText } = referenceDocuments();
      await initStore(store, { catalogText, policyText }, NOW, { mode: 'simulation' });
      const catalog = await catalogInForce(store);
      await seedCity(store, catalog.catalog, catalog.version, {
        ...SCALES[scale],
        years: 5,
        seed: SEED,
        now: NOW,
      });
    } finally {
      await store.close();
    }
    renameSync(partial, path);
    log(`seeded ${scale} in ${seconds(start).toFixed(1)} s`);
  }
  // The enforcing agencies (aviation among them); idempotent.
  let store;
  try {
    store = await openStore(path);
  } catch (error) {
    // Migrations applied out of their final order (a store kept while the schema was being
    // written): seed afresh rather than work on a schema no real store has.
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
    if (reseeded || !cause.includes('corrupted migrations')) throw error;
    log(`${path}: ${cause}; seeding it again`);
    rmSync(path, { force: true });
    return seededStore(scale, log, true);
  }
  try {
    await addDemoEnforcers(store, SEED, NOW);
  } finally {
    await store.close();
  }
  return path;
}

/** A copy of a seeded store in `dir` (for benchmarks that write to it). */
export function storeCopy(source: string, dir: string, name = 'probity.db'): string {
  const target = join(dir, name);
  copyFileSync(source, target);
  return target;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Beijing districts' codes, for identifiers the ledger has never seen. */
const REGIONS = ['110101', '110102', '110105', '110106', '110107', '110108', '110109', '110111'];

/** Valid resident identity numbers of adults that `isKnown` does not know. */
export function unseenIdentifiers(
  count: number,
  rnd: () => number,
  isKnown: (key: string) => boolean,
): string[] {
  const out: string[] = [];
  while (out.length < count) {
    const key = residentIdentityNumber(
      REGIONS[Math.floor(rnd() * REGIONS.length)] ?? '110101',
      {
        year: 1950 + Math.floor(rnd() * 50),
        month: 1 + Math.floor(rnd() * 12),
        day: 1 + Math.floor(rnd() * 28),
      },
      Math.floor(rnd() * 1000),
    );
    if (!isKnown(key)) out.push(key);
  }
  return out;
}

export interface CheckMixShares {
  /** On a list the measure reads: the check denies. */
  readonly listed: number;
  /** Known to the ledger (has records) and on no such list. */
  readonly known: number;
  /** Valid identifiers the ledger has never mentioned. */
  readonly unseen: number;
}

/** Who an airline's passengers are, roughly: mostly unlisted, a few listed, some never seen. */
export const CHECK_MIX: CheckMixShares = { listed: 0.05, known: 0.75, unseen: 0.2 };

export interface CheckMix {
  /** `count` identifiers in a shuffled, deterministic order. */
  readonly identifiers: string[];
  /** Every subject on a list the measure reads at t (what a bare `Set` lookup holds). */
  readonly listedKeys: string[];
  readonly shares: CheckMixShares;
}

/**
 * A realistic mix of identifiers for a measure, drawn from an engine that holds the city:
 * `listed` from the members of the measure's lists at t, `known` from the other subjects the
 * ledger knows, `unseen` made up (valid, never mentioned). Drawn with replacement.
 */
export function checkMix(
  engine: Engine,
  listIds: readonly string[],
  t: Instant,
  count: number,
  shares: CheckMixShares = CHECK_MIX,
): CheckMix {
  const listed = new Set<string>();
  for (const id of listIds) for (const key of engine.listMembers(id, t)) listed.add(key);
  const listedKeys = [...listed];
  const subjects = engine.stats().subjects;
  const rnd = random(SEED);
  const identifiers: string[] = [];
  const nListed = listedKeys.length === 0 ? 0 : Math.round(count * shares.listed);
  const nUnseen = Math.round(count * shares.unseen);
  for (let i = 0; i < nListed; i++)
    identifiers.push(listedKeys[Math.floor(rnd() * listedKeys.length)] ?? '');
  while (identifiers.length < count - nUnseen) {
    const key = engine.keyOf(Math.floor(rnd() * subjects));
    if (!listed.has(key)) identifiers.push(key);
  }
  const unseenPool = unseenIdentifiers(
    Math.min(nUnseen, 100_000),
    rnd,
    (key) => engine.ordinalOf(key) !== undefined,
  );
  for (let i = 0; i < nUnseen; i++) identifiers.push(unseenPool[i % unseenPool.length] ?? '');
  for (let i = identifiers.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const a = identifiers[i] ?? '';
    identifiers[i] = identifiers[j] ?? '';
    identifiers[j] = a;
  }
  return { identifiers, listedKeys, shares };
}

/** The resident set size and its peak of a process, in MiB (Linux /proc). */
export async function residentMemory(pid: number): Promise<{ rssMiB: number; peakMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: Math.round(kib('VmRSS') / 1024), peakMiB: Math.round(kib('VmHWM') / 1024) };
}
