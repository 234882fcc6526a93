// Publications end to end below the CLI, on a real SQLite ledger with the reference catalogue and
// policy and a fixed clock: two versions with a change in between (added, removed, modified),
// removals by fulfilment, revocation, repair and expiry reaching the next version (charter C14),
// masking and minimal fields (C13), the chain surviving a lost directory, `verify` passing
// untouched files and naming the first broken link for each kind of tampering, and the HTTP doors.
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogInForce } from '../../src/app/policy/catalog-in-force.js';
import { loadEngine } from '../../src/app/standing/engine-load.js';
import { ingestRecords } from '../../src/app/records/record-ingest.js';
import { appendToLedger } from '../../src/app/ledger/ledger-append.js';
import type { LedgerStore } from '../../src/app/ports/ledger-store.js';
import type { PublicationSigner } from '../../src/app/ports/publication-signer.js';
import { keyFileSigner } from '../../src/io/key-file-signer.js';
import {
  canonicalJson,
  manifestHash,
  manifestText,
  type ListDocument,
  type PublicationDelta,
  type SignedManifest,
} from '../../src/app/publications/publication-format.js';
import { nextRunAfter } from '../../src/app/publications/publication-schedule.js';
import { parseTimeOfDay as parseDailyAt } from '../../src/core/time/time-of-day.js';
import {
  verifyPublications,
  type PublicationsReport,
} from '../../src/app/publications/publication-verify.js';
import { publishLists, type PublishResult } from '../../src/app/publications/publish-lists.js';
import { appendRecordEvent } from '../../src/app/records/record-event-add.js';
import { loadScoringContext } from '../../src/app/standing/scoring-context.js';
import { DomainError } from '../../src/core/errors/domain-error.js';
import type { Agency, RecordEventType } from '../../src/core/ledger/ledger-types.js';
import { instant, MS_PER_DAY, type Instant } from '../../src/core/time/instant.js';
import { startHarness, T0 as HTTP_T0, type Harness } from '../http/http-harness.js';
import { organizationId, personId } from '../factories/subjects.js';
import { scratchDir } from '../support/cli-harness.js';
import { openPublicationFolder } from '../../src/io/publication-folder.js';
import { openReferenceLedger } from '../factories/reference-ledger.js';

const NOW = instant(Date.UTC(2026, 2, 1, 9, 0));
const days = (t: Instant, n: number): Instant => instant(t + n * MS_PER_DAY);
const DEBTORS = 'dishonest-debtors';
const court: Agency = { id: 'court-1', kind: 'court', name: 'Court', createdAt: NOW };

const A = personId('1980-05-17', 1);
const B = personId('1975-01-02', 2);
const C = personId('1990-09-09', 3);
const D = personId('1985-12-30', 4);
const E = personId('1970-07-07', 5);
const ORG = organizationId(7);

const debt = (subject: string, ref: string) => ({
  sourceRef: ref,
  subject,
  category: 'court.dishonest-debtor',
  occurredAt: '2026-02-01',
  fields: { amount: 2_500_000, caseNumber: `(2026)京0105执${ref}号` },
});

const read = (path: string): string => readFileSync(path, 'utf8');
const json = <T>(path: string): T => JSON.parse(read(path)) as T;

/** A city: one ledger, its records' ids by subject, and an output directory. */
class City {
  readonly ids = new Map<string, number>();

  constructor(
    readonly store: LedgerStore,
    readonly out: string,
    readonly signer: PublicationSigner,
  ) {}

  static async create(): Promise<City> {
    const dir = scratchDir('probity-publications-');
    const store = await openReferenceLedger(
      join(dir, 'probity.db'),
      [{ id: court.id, kind: court.kind }],
      NOW,
    );
    // A is known by name (a registry gave it); the others only by their identifier.
    await appendToLedger(store, (tx, seq) =>
      tx.insertSubjects([
        // A subject takes no sequence number of its own (the ledger chain numbers rows only).
        { key: A, kind: 'person', birthDate: undefined, name: '张伟', firstSeq: seq.last },
      ]),
    );
    return new City(
      store,
      join(dir, 'publications'),
      keyFileSigner(join(dir, 'authority-key.pem')),
    );
  }

  async submit(at: Instant, ...records: ReturnType<typeof debt>[]): Promise<void> {
    const summary = await ingestRecords(
      this.store,
      await catalogInForce(this.store),
      court,
      records,
      at,
      { mode: 'atomic' },
    );
    summary.outcomes.forEach((o, i) => {
      if (o.status !== 'rejected') this.ids.set(records[i]!.subject, o.id);
    });
  }

  /** A due-process event (revoked, repaired, corrected) as the objection and repair doors write it. */
  async event(
    subject: string,
    type: RecordEventType,
    at: Instant,
    fields?: Record<string, string | number>,
  ): Promise<void> {
    const recordId = this.ids.get(subject)!;
    await appendToLedger(this.store, (tx, seq) =>
      tx.insertRecordEvents([
        {
          seq: seq.next(),
          recordId,
          subject,
          type,
          at,
          recordedAt: at,
          actor: court.id,
          reason: 'decided',
          fields,
        },
      ]),
    );
  }

  async publish(at: Instant, out = this.out, list?: string): Promise<PublishResult> {
    const context = await loadScoringContext(this.store);
    const { engine } = await loadEngine(this.store, context);
    return publishLists(this.store, engine, context, openPublicationFolder(out), this.signer, {
      at,
      list,
    });
  }

  verify(out = this.out): Promise<PublicationsReport> {
    return verifyPublications(this.store, openPublicationFolder(out), this.signer);
  }

  /** A copy of the publications directory to tamper with. */
  copy(): string {
    const copy = `${this.out}-${Math.random().toString(36).slice(2)}`;
    cpSync(this.out, copy, { recursive: true });
    return copy;
  }
}

const T1 = days(NOW, 11); // the ten days' notice of the list have passed
const T2 = days(NOW, 25);
const T3 = days(NOW, 4 * 365); // every record's three years have run out

let city: City;
let v1: PublishResult;
let v2: PublishResult;

beforeAll(async () => {
  city = await City.create();
  await city.submit(NOW, debt(A, '1'), debt(B, '2'), debt(C, '3'), debt(D, '4'), debt(ORG, '7'));
  v1 = await city.publish(T1);

  const t = days(T1, 1);
  await appendRecordEvent(city.store, court, { recordId: city.ids.get(B)!, type: 'fulfilled' }, t);
  await city.event(C, 'revoked', t);
  await city.event(D, 'repaired', t);
  await city.event(A, 'corrected', t, { amount: 2_000_000, caseNumber: '(2026)京0105执1号之一' });
  await city.submit(t, debt(E, '5'));
  v2 = await city.publish(T2);
});

afterAll(async () => {
  await city.store.close();
});

const debtorsOf = (r: PublishResult) => r.publications.find((p) => p.list === DEBTORS)!;
const document = (version: number, out = city.out) =>
  json<ListDocument>(join(out, DEBTORS, `v${version}.json`));
const delta = (version: number) =>
  json<PublicationDelta>(join(city.out, DEBTORS, `v${version}.delta.json`));
const manifest = (version: number, out = city.out) =>
  json<SignedManifest>(join(out, DEBTORS, `v${version}.manifest.json`));

describe('publishing', () => {
  it('writes version 1 of every public list with JSON, CSV, delta and manifest, and the index', () => {
    const p = debtorsOf(v1);
    expect(p).toMatchObject({ version: 1, entries: 5, added: 5, removed: 0, modified: 0 });
    expect(p.files).toEqual([
      `${DEBTORS}/v1.json`,
      `${DEBTORS}/v1.csv`,
      `${DEBTORS}/v1.delta.json`,
      `${DEBTORS}/v1.manifest.json`,
    ]);
    // Every list of the reference policy is public; each gets its version 1, empty or not.
    expect(v1.publications.map((x) => x.list).sort()).toEqual([
      'aviation-safety-offenders',
      DEBTORS,
      'honour-roll',
      'major-penalty-violators',
      'rail-safety-offenders',
      'serious-regulatory-violators',
      'serious-tax-defaulters',
      'wage-arrears-employers',
    ]);
    const index = json<{ lists: { list: string; latest: number }[] }>(join(city.out, 'index.json'));
    expect(index.lists.find((l) => l.list === DEBTORS)?.latest).toBe(2);
    expect(manifest(1).manifest.previous).toBeNull();
    expect(delta(1).previousVersion).toBeNull();
  });

  it('publishes only what the legal basis requires, with identifiers masked (C13)', () => {
    const entries = document(1).entries;
    for (const e of entries) {
      expect(Object.keys(e).sort()).toEqual([
        'caseReferences',
        'legalBasis',
        'list',
        'name',
        'since',
        'subject',
        'until',
      ]);
    }
    const a = entries.find((e) => e.name === '张伟')!;
    expect(a.subject).toBe(`${A.slice(0, 6)}********${A.slice(14)}`);
    expect(a.caseReferences).toEqual(['(2026)京0105执1号']);
    expect(a.until).toBe('2029-02-01T00:00:00.000Z');
    expect(entries.find((e) => e.subject === ORG)?.caseReferences).toEqual(['(2026)京0105执7号']);
    const everything = readdirSync(join(city.out, DEBTORS))
      .map((f) => read(join(city.out, DEBTORS, f)))
      .join('\n');
    for (const person of [A, B, C, D, E]) {
      expect(everything).not.toContain(person);
      expect(everything).not.toContain(person.slice(6, 14));
    }
    expect(everything).not.toContain('amount');
    expect(everything).not.toContain('2500000');
    const csv = read(join(city.out, DEBTORS, 'v1.csv')).split('\r\n');
    expect(csv[0]).toBe('subject,name,list,since,until,legalBasis,caseReferences');
    expect(csv).toHaveLength(5 + 2);
  });

  it('publishes version 2 with the right delta: added, removed (fulfilled, revoked, repaired) and modified (C14)', () => {
    const p = debtorsOf(v2);
    expect(p).toMatchObject({ version: 2, entries: 3, added: 1, removed: 3, modified: 1 });
    const d = delta(2);
    const mask = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;
    expect(d.previousVersion).toBe(1);
    expect(d.added.map((e) => e.subject)).toEqual([mask(E)]);
    expect(d.removed.map((e) => e.subject).sort()).toEqual([mask(B), mask(C), mask(D)].sort());
    expect(d.modified).toHaveLength(1);
    expect(d.modified[0]?.before.caseReferences).toEqual(['(2026)京0105执1号']);
    expect(d.modified[0]?.after).toMatchObject({
      name: '张伟',
      caseReferences: ['(2026)京0105执1号之一'],
    });
    const subjects = document(2).entries.map((e) => e.subject);
    for (const gone of [B, C, D]) expect(subjects).not.toContain(mask(gone));
    expect(manifest(2).manifest.previous).toEqual({
      version: 1,
      manifestSha256: manifest(1).manifestSha256,
    });
  });

  it('removes expired entries in the next version, and refuses to go back in time', async () => {
    const other = await City.create();
    await other.submit(NOW, debt(A, '1'), debt(ORG, '7'));
    await other.publish(T1);
    const v = debtorsOf(await other.publish(T3));
    expect(v).toMatchObject({ version: 2, entries: 0, removed: 2 });
    await expect(other.publish(T2)).rejects.toThrow(DomainError);
    await expect(other.publish(T3, other.out, 'no-such-list')).rejects.toMatchObject({
      code: 'UnknownList',
    });
    await other.store.close();
  });

  it('writes earlier versions back from the ledger into a new directory, and that directory verifies', async () => {
    const fresh = `${city.out}-fresh`;
    const other = await City.create();
    await other.submit(NOW, debt(A, '1'));
    await other.publish(T1);
    const result = await other.publish(T2, fresh, DEBTORS);
    expect(result.restored).toContain(`${DEBTORS}/v1.json`);
    expect(existsSync(join(fresh, DEBTORS, 'v1.manifest.json'))).toBe(true);
    expect(await other.verify(fresh)).toMatchObject({ found: true, ok: true });
    await other.store.close();
  });
});

describe('verifying publications', () => {
  it('passes untouched publications', async () => {
    const report = await city.verify();
    expect(report).toMatchObject({ found: true, ok: true, problems: [] });
    if (report.found)
      expect(report.lists.find((l) => l.list === DEBTORS)).toMatchObject({
        versions: 2,
        head: manifest(2).manifestSha256,
      });
  });

  it('reports no publications when the directory does not exist', async () => {
    expect(await city.verify(join(city.out, 'nowhere'))).toEqual({
      found: false,
      dir: join(city.out, 'nowhere'),
    });
  });

  const firstBroken = async (dir: string) => {
    const report = await city.verify(dir);
    expect(report.found && report.ok).toBe(false);
    return report.found ? report.firstBroken : undefined;
  };

  it('names an altered byte in a data file', async () => {
    const dir = city.copy();
    const path = join(dir, DEBTORS, 'v1.csv');
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 1;
    writeFileSync(path, bytes);
    expect(await firstBroken(dir)).toMatchObject({
      list: DEBTORS,
      version: 1,
      file: `${DEBTORS}/v1.csv`,
      problem: 'altered',
    });
  });

  it('names an altered byte in a manifest, even whitespace', async () => {
    const dir = city.copy();
    const path = join(dir, DEBTORS, 'v2.manifest.json');
    writeFileSync(path, read(path).replace('{"manifest"', '{ "manifest"'));
    expect(await firstBroken(dir)).toMatchObject({ version: 2, problem: 'altered' });
  });

  it('names a removed version, in the middle or at the end', async () => {
    const dir = city.copy();
    for (const f of ['v1.json', 'v1.csv', 'v1.delta.json', 'v1.manifest.json'])
      rmSync(join(dir, DEBTORS, f));
    expect(await firstBroken(dir)).toMatchObject({ list: DEBTORS, version: 1, problem: 'missing' });
    const tail = city.copy();
    for (const f of ['v2.json', 'v2.csv', 'v2.delta.json', 'v2.manifest.json'])
      rmSync(join(tail, DEBTORS, f));
    expect(await firstBroken(tail)).toMatchObject({
      list: DEBTORS,
      version: 2,
      problem: 'missing',
    });
  });

  it('names two versions reordered, whether the data files or whole versions were swapped', async () => {
    const swap = (dir: string, a: string, b: string) => {
      renameSync(join(dir, DEBTORS, a), join(dir, DEBTORS, 'swap'));
      renameSync(join(dir, DEBTORS, b), join(dir, DEBTORS, a));
      renameSync(join(dir, DEBTORS, 'swap'), join(dir, DEBTORS, b));
    };
    const data = city.copy();
    swap(data, 'v1.json', 'v2.json');
    expect(await firstBroken(data)).toMatchObject({
      version: 1,
      file: `${DEBTORS}/v1.json`,
      problem: 'reordered',
    });
    const whole = city.copy();
    for (const suffix of ['json', 'csv', 'delta.json', 'manifest.json'])
      swap(whole, `v1.${suffix}`, `v2.${suffix}`);
    expect(await firstBroken(whole)).toMatchObject({
      version: 1,
      file: `${DEBTORS}/v1.manifest.json`,
      problem: 'reordered',
    });
  });

  it('names a manifest re-signed with another key', async () => {
    const dir = city.copy();
    const path = join(dir, DEBTORS, 'v2.manifest.json');
    const forger = keyFileSigner(join(scratchDir(), 'forged-key.pem'));
    const forged = await forger.createKey();
    const m = { ...json<SignedManifest>(path).manifest, keyId: forged.keyId };
    writeFileSync(
      path,
      manifestText({
        manifest: m,
        manifestSha256: manifestHash(m),
        signature: {
          algorithm: 'Ed25519',
          keyId: forged.keyId,
          value: Buffer.from(
            (await forger.sign(Buffer.from(canonicalJson(m), 'utf8'))).signature,
          ).toString('base64'),
        },
      }),
    );
    const broken = await firstBroken(dir);
    expect(broken).toMatchObject({ list: DEBTORS, version: 2, problem: 'signature' });
    expect(broken?.message).toContain("not signed by the authority's key");
  });
});

describe('the publication schedule', () => {
  it('runs daily at the configured UTC time', () => {
    expect(parseDailyAt('02:00')).toBe(120);
    expect(parseDailyAt('off')).toBeUndefined();
    expect(() => parseDailyAt('2am')).toThrow(DomainError);
    expect(nextRunAfter(instant(Date.UTC(2026, 2, 1, 1, 59)), 120)).toBe(
      Date.UTC(2026, 2, 1, 2, 0),
    );
    expect(nextRunAfter(instant(Date.UTC(2026, 2, 1, 2, 0)), 120)).toBe(Date.UTC(2026, 2, 2, 2, 0));
  });
});

describe('the publication doors', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      before: async (store) => {
        await ingestRecords(
          store,
          await catalogInForce(store),
          { ...court, id: 'court', kind: 'court' },
          [debt(A, '1')],
          days(HTTP_T0, -15),
          {
            mode: 'atomic',
          },
        );
      },
    });
    const context = await loadScoringContext(h.store);
    const { engine } = await loadEngine(h.store, context);
    const dir = scratchDir();
    await publishLists(
      h.store,
      engine,
      context,
      openPublicationFolder(join(dir, 'pub')),
      keyFileSigner(join(dir, 'authority-key.pem')),
      { at: HTTP_T0 },
    );
  });

  afterAll(async () => {
    await h.close();
  });

  it('serves the index, a version, its files and the key without a token', async () => {
    const index = await h.app.inject({ method: 'GET', url: '/v1/publications' });
    expect(index.statusCode).toBe(200);
    expect(
      index
        .json<{ lists: { list: string; latest: number }[] }>()
        .lists.find((l) => l.list === DEBTORS)?.latest,
    ).toBe(1);

    const version = await h.app.inject({ method: 'GET', url: `/v1/publications/${DEBTORS}/1` });
    expect(version.statusCode).toBe(200);
    const body = version.json<{
      manifest: SignedManifest['manifest'];
      manifestSha256: string;
      entries: ListDocument['entries'];
    }>();
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]?.subject).toBe(`${A.slice(0, 6)}********${A.slice(14)}`);
    expect(manifestHash(body.manifest)).toBe(body.manifestSha256);

    const file = await h.app.inject({
      method: 'GET',
      url: `/v1/publications/${DEBTORS}/1/files/v1.csv`,
    });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('text/csv');
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(file.rawPayload).digest('hex')).toBe(
      body.manifest.files.find((f) => f.name === 'v1.csv')?.sha256,
    );

    const key = await h.app.inject({ method: 'GET', url: '/v1/publications/key' });
    expect(key.statusCode).toBe(200);
    const k = key.json<{ keyId: string; publicKeyPem: string; publicKey: string }>();
    expect(k.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(Buffer.from(k.publicKey, 'base64')).toHaveLength(32);
    expect(k.keyId).toBe(body.manifest.keyId);
  });

  it('answers 404 for a version, a list or a file that was never published, and 400 for a malformed one', async () => {
    expect(
      (await h.app.inject({ method: 'GET', url: `/v1/publications/${DEBTORS}/2` })).statusCode,
    ).toBe(404);
    const none = await h.app.inject({ method: 'GET', url: '/v1/publications/no-such-list/1' });
    expect(none.statusCode).toBe(404);
    expect(none.json()).toMatchObject({ error: { code: 'PublicationNotFound' } });
    expect(
      (await h.app.inject({ method: 'GET', url: `/v1/publications/${DEBTORS}/1/files/v2.json` }))
        .statusCode,
    ).toBe(404);
    expect(
      (await h.app.inject({ method: 'GET', url: `/v1/publications/${DEBTORS}/zero` })).statusCode,
    ).toBe(400);
  });
});
