// Issue 13: the public search at city scale (docs/http-api.md, "The public search").
// `npm run bench -- public-search [--scale S]` stores one version of a list of 100 000 entries
// (20 000 with S) as publishing does (`insertPublication` with the entries' search terms, one
// transaction), then a second version replacing it, on a fresh SQLite file and, when
// PROBITY_BENCH_DATABASE_URL (else PROBITY_TEST_DATABASE_URL) names a server, a fresh PostgreSQL
// database location; and measures the time each version takes to store, the term rows, the
// search tables' bytes per entry (SQLite: dbstat), and the median time of searches through the
// use case: a full identifier, its last four, a name of two characters, a word of an
// organisation's name, and a prefix matching a large share of the list (one page of 20).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PUBLIC } from '../src/app/access/caller.js';
import type { LedgerStore } from '../src/app/ports/ledger-store.js';
import type { PublishedEntry } from '../src/app/publications/publication-format.js';
import { searchableEntries } from '../src/app/publications/publication-search-terms.js';
import { searchPublications } from '../src/app/publications/publication-search.js';
import { maskIdentifier } from '../src/core/identifiers/index.js';
import { instant } from '../src/core/time/instant.js';
import { openStore } from '../src/store/index.js';
import { organizationId, personId } from '../test/factories/subjects.js';
import { postgresTarget } from '../test/support/store-targets.js';
import { median, seconds, type BenchArgs } from './scales.js';

const LIST = 'dishonest-debtors';
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂'];
const now = instant(Date.UTC(2026, 11, 1));

function entriesOf(count: number, version: number): PublishedEntry[] {
  const entries: PublishedEntry[] = [];
  for (let i = 0; i < count; i++) {
    const organisation = i % 10 === 0;
    const id = organisation
      ? organizationId(i)
      : personId(`19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`, i % 997);
    const name = organisation
      ? `Harbour Trading ${i} Co`
      : `${SURNAMES[(i * 3 + 1) % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}${i % 3 === 0 ? (GIVEN[(i * 13) % GIVEN.length] ?? '') : ''}`;
    entries.push({
      subject: maskIdentifier(id),
      name,
      list: LIST,
      since: '2026-01-10T00:00:00.000Z',
      until: null,
      legalBasis: 'Fa Shi [2017] No. 7',
      caseReferences: [`(2026)京0105执${i + version}号`],
    });
  }
  return entries;
}

async function storeVersion(
  store: LedgerStore,
  version: number,
  entries: readonly PublishedEntry[],
): Promise<number> {
  const searchable = searchableEntries(entries);
  const start = process.hrtime.bigint();
  await store.insertPublication(
    {
      list: LIST,
      version,
      at: now,
      publishedAt: now,
      entries: entries.length,
      manifestSha256: `${version}`.padStart(64, '0'),
      files: [],
      manifest: '{}',
      contents: {},
      subjects: [],
    },
    searchable,
  );
  return seconds(start);
}

async function measure(
  store: LedgerStore,
  count: number,
  runs: number,
): Promise<Record<string, unknown>> {
  const first = entriesOf(count, 1);
  const storeV1 = await storeVersion(store, 1, first);
  const storeV2 = await storeVersion(store, 2, entriesOf(count, 2));
  const terms = searchableEntries(first).reduce((n, e) => n + e.terms.length, 0);
  const person = personId('1951-02-11', 1);
  const queries: Record<string, string> = {
    fullIdentifier: person,
    lastFour: person.slice(-4),
    name2: '王伟',
    orgWord: 'trading',
    widePrefix: '110105',
  };
  const deps = { store, clock: () => now };
  const timings: Record<string, { ms: number; results: number }> = {};
  for (const [label, q] of Object.entries(queries)) {
    const times: number[] = [];
    let results = 0;
    for (let r = 0; r < Math.max(runs, 5); r++) {
      const start = process.hrtime.bigint();
      results = (await searchPublications(deps, PUBLIC, { q })).results.length;
      times.push(seconds(start) * 1000);
    }
    timings[label] = { ms: Number(median(times).toFixed(2)), results };
  }
  return {
    entries: count,
    termRows: terms,
    storeVersion1Seconds: Number(storeV1.toFixed(2)),
    replaceWithVersion2Seconds: Number(storeV2.toFixed(2)),
    searches: timings,
  };
}

export async function publicSearchBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const count = args.scale === 'S' ? 20_000 : 100_000;
  const say = (s: string) => {
    if (!args.json) console.log(s);
  };
  const dir = mkdtempSync(join(tmpdir(), 'probity-public-search-'));
  const figures: Record<string, unknown> = {};
  try {
    const path = join(dir, 'probity.db');
    const store = await openStore(path);
    try {
      figures['sqlite'] = await measure(store, count, args.runs);
    } finally {
      await store.close();
    }
    const db = new Database(path);
    try {
      db.pragma('wal_checkpoint(TRUNCATE)');
      const pages = db
        .prepare(
          `select sum(pgsize) as bytes from dbstat where name like 'published_entr%'
             or name like 'sqlite_autoindex_published_entr%'`,
        )
        .get() as { bytes: number };
      (figures['sqlite'] as Record<string, unknown>)['searchBytesPerEntry'] = Math.round(
        pages.bytes / count,
      );
    } finally {
      db.close();
    }
    say(`SQLite: ${JSON.stringify(figures['sqlite'])}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env['PROBITY_BENCH_DATABASE_URL'] ?? process.env['PROBITY_TEST_DATABASE_URL'];
  if (url !== undefined) {
    const target = postgresTarget(url, 'searchbench');
    const location = await target.newLocation();
    try {
      const store = await openStore(location);
      try {
        figures['postgres'] = await measure(store, count, args.runs);
      } finally {
        await store.close();
      }
      say(`PostgreSQL: ${JSON.stringify(figures['postgres'])}`);
    } finally {
      await target.dispose(location);
      await target.end();
    }
  }
  return { bench: 'public-search', ...figures };
}
