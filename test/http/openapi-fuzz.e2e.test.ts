// A property-based fuzzer of every route of the OpenAPI document, on SQLite and (when
// PROBITY_TEST_DATABASE_URL is set) PostgreSQL. For each operation of `/openapi.json` it sends
// requests built from the operation's schemas (test/support/openapi-fuzz.ts): first a sweep (one
// valid-looking request as the agency the route expects, then each of its values in turn replaced
// by a lone surrogate, a NUL, a huge integer, a 10 000-deep array, a 2 MB string and a wrong type),
// then random cases: valid-looking values and hostile ones (surrogates, NUL, control characters,
// deep nesting, huge numbers, wrong types, huge strings, unknown properties, malformed JSON),
// with every kind of credential (none, invalid tokens, each agency kind's token, a citizen
// session). It holds the API to:
//
//   - no 5xx, ever;
//   - every error in the API's shape {"error":{"code","message","details"}} with a code of the
//     stable list, and never echoing a huge input back;
//   - nothing accepted that the document calls invalid (a body that breaks its schema is refused);
//   - no partial write: a refused request leaves the ledger head where it was, an accepted batch
//     adds exactly its accepted records, each with its audit entry;
//   - afterwards, `probity verify` passes (the audit chain, and every other check it makes).
//
// Bounded for CI: a fixed seed (PROBITY_FUZZ_SEED to change it; printed with every failure), a
// fixed number of runs per route and a time budget per store. PROBITY_FUZZ_REPORT=1 prints what
// each route ran even when nothing failed.
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { issueSignInCode } from '../../src/app/citizen/sign-in-code-issue.js';
import { parseCatalog } from '../../src/core/catalog/index.js';
import { DOMAIN_ERROR_CODES } from '../../src/core/errors/error-codes.js';
import { parsePolicy } from '../../src/core/policy/index.js';
import { instant } from '../../src/core/time/instant.js';
import { REFERENCE_DOCUMENTS } from '../factories/reference-ledger.js';
import { organizationId, personId } from '../factories/subjects.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import {
  bodyProblem,
  describeRequest,
  exampleRequest,
  ECHO_LIMIT,
  holdsHuge,
  HUGE_LETTER,
  jsonText,
  Obj,
  operationsOf,
  requestArbitrary,
  SWEEP,
  sweepOf,
  urlOf,
  type FuzzHints,
  type FuzzRequest,
  type Operation,
  type Value,
} from '../support/openapi-fuzz.js';
import { storeTargets } from '../support/store-targets.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  tokenOf,
  type Harness,
} from './http-harness.js';

const SEED = Number(process.env.PROBITY_FUZZ_SEED ?? 20_260_309);
const RUNS_PER_ROUTE = 40;
/** The whole fuzzing run of one store stops sending new cases after this long. */
const BUDGET_MS = 20_000;

const LISTED = personId('1980-05-17', 233);
const OTHER = personId('1991-09-02', 118);
const COMPANY = organizationId(7);
const CODES = new Set<string>(DOMAIN_ERROR_CODES);

function referenceVocabulary() {
  const catalog = parseCatalog(REFERENCE_DOCUMENTS.catalogText);
  if (!catalog.ok) throw new Error('reference catalogue');
  const policy = parsePolicy(REFERENCE_DOCUMENTS.policyText, catalog.catalog);
  if (!policy.ok) throw new Error('reference policy');
  return {
    categories: catalog.catalog.categories.map((c) => c.id),
    measures: policy.policy.measures.map((m) => m.id),
    lists: policy.policy.lists.map((l) => l.id),
    publicLists: policy.policy.lists.filter((l) => l.public).map((l) => l.id),
  };
}

/** What the fuzzer knows of the city it attacks: ids that exist, so requests can also succeed. */
interface City {
  readonly h: Harness;
  readonly records: readonly number[];
  readonly objection: number;
  readonly appeal: number;
  readonly citizen: string;
  readonly publications: string;
  readonly keyFile: string;
  readonly hints: FuzzHints;
  readonly credentials: Readonly<Record<string, Record<string, string>>>;
}

async function post(h: Harness, url: string, headers: Record<string, string>, payload: object) {
  const res = await h.app.inject({ method: 'POST', url, headers, payload });
  if (res.statusCode !== 201 && res.statusCode !== 200)
    throw new Error(`set-up ${url}: ${res.statusCode} ${res.body}`);
  return res.json<Record<string, unknown>>();
}

async function sessionOf(h: Harness, subject: string): Promise<string> {
  const deps = { store: h.store, audit: h.audit, clock: h.clock };
  const { code } = await issueSignInCode(deps, OPERATOR, { identifier: subject });
  const session = await post(h, '/v1/citizen/session', {}, { identifier: subject, code });
  return String(session['token']);
}

/**
 * A city with records of three debtors (accepted 60 days ago, so listed), an open objection of one,
 * an open appeal of another, a citizen session and a published version of the debtors' list.
 */
async function openCity(location: string): Promise<City> {
  let records: number[] = [];
  const scratch = scratchDir('probity-fuzz-');
  const keyFile = join(scratch, 'authority-key.pem');
  const h = await startHarness({
    location,
    keyFile,
    before: async (store) => {
      records = await ingestAsCourt(
        store,
        [
          debtorRecord(LISTED, 'c-1', '2025-12-20'),
          debtorRecord(OTHER, 'c-2', '2025-12-21', 900_000),
          debtorRecord(COMPANY, 'c-3', '2025-12-22', 7_000_000),
        ],
        instant(T0 - 60 * DAY),
      );
    },
  });
  const [listedRecord = -1, otherRecord = -1] = records;
  const citizen = await sessionOf(h, LISTED);
  const objection = Number(
    (
      await post(
        h,
        '/v1/citizen/objections',
        { authorization: `Bearer ${citizen}` },
        { recordId: listedRecord, grounds: 'paid in full' },
      )
    )['id'],
  );
  const other = { authorization: `Bearer ${await sessionOf(h, OTHER)}` };
  const decided = await post(h, '/v1/citizen/objections', other, {
    recordId: otherRecord,
    grounds: 'wrong amount',
  });
  await post(h, `/v1/objections/${String(decided['id'])}/decision`, bearer('court'), {
    outcome: 'upheld',
    reason: 'the amount is right',
  });
  const appealed = await post(h, '/v1/citizen/appeals', other, {
    recordId: otherRecord,
    grounds: 'please review',
  });
  const appeal = Number((appealed['appeal'] as { id: number }).id);
  const publications = join(scratch, 'publications');
  await h.probity.publish(OPERATOR, { outDir: publications, list: 'dishonest-debtors' });
  const known = { h, records, objection, appeal, citizen, publications, keyFile };
  return { ...known, hints: hintsOf(known), credentials: credentialsOf(known) };
}

type Known = Omit<City, 'hints' | 'credentials'>;

function hintsOf(city: Known): FuzzHints {
  const vocabulary = referenceVocabulary();
  const subjects = fc.oneof(
    fc.constantFrom(LISTED, OTHER, COMPANY, LISTED.toLowerCase(), LISTED.slice(0, -1) + '0'),
    fc
      .tuple(
        fc.date({ min: new Date('1950-01-01'), max: new Date('2007-12-31'), noInvalidDate: true }),
        fc.nat(999),
      )
      .map(([birth, n]) => personId(birth.toISOString().slice(0, 10), n)),
  );
  const instants = fc.constantFrom(
    '2026-01-15',
    '2026-02-28T10:00:00Z',
    '2026-03-01T07:59:59.999Z',
    '2031-01-01',
    '1900-01-01',
    '2026-02-30',
    'yesterday',
  );
  const debtorFields: fc.Arbitrary<Value> = fc
    .tuple(fc.integer({ min: 0, max: 10_000_000 }), fc.string({ minLength: 1, maxLength: 20 }))
    .map(
      ([amount, caseNumber]) =>
        new Obj([
          ['amount', amount],
          ['caseNumber', caseNumber],
        ]),
    );
  const sourceRefs = fc.oneof(
    fc.uuid().map((u) => `fz-${u}`),
    fc.constantFrom('c-1', 'c-2'),
  );
  const record: fc.Arbitrary<Value> = fc.tuple(sourceRefs, subjects, instants, debtorFields).map(
    ([sourceRef, subject, occurredAt, fields]) =>
      new Obj([
        ['sourceRef', sourceRef],
        ['subject', subject],
        ['category', 'court.dishonest-debtor'],
        ['occurredAt', occurredAt],
        ['fields', fields],
      ]),
  );
  const ids = [...city.records, city.objection, city.appeal];
  return {
    subject: subjects,
    identifier: subjects,
    subjects: fc.array(subjects, { minLength: 1, maxLength: 5 }),
    measure: fc.constantFrom(...vocabulary.measures),
    category: fc.constantFrom(...vocabulary.categories),
    occurredAt: instants,
    at: instants,
    sourceRef: sourceRefs,
    fields: debtorFields,
    records: fc.array(record, { minLength: 1, maxLength: 3 }),
    'id:integer': fc.constantFrom(...ids, ...ids.map((id) => id + 1)),
    recordId: fc.constantFrom(...city.records),
    'id:string': fc.constantFrom(...vocabulary.lists),
    list: fc.constantFrom(...vocabulary.publicLists),
    version: fc.constantFrom(1, 2),
    name: fc.constantFrom('v1.json', 'v1.csv', 'v1.delta.json', 'v1.manifest.json', 'v2.json'),
    seq: fc.nat(40),
    after: fc.nat(40),
    code: fc.stringMatching(/^\d{6}$/),
    reason: fc.constantFrom('paid in full', 'hardship', 'x'.repeat(2000)),
    grounds: fc.constantFrom('paid in full', 'not me', 'y'.repeat(4000)),
  };
}

/** The credentials a request may carry, by name, and the name of the one each route expects. */
function credentialsOf(city: Known): Readonly<Record<string, Record<string, string>>> {
  return {
    none: {},
    'invalid-token': { authorization: 'Bearer not-a-token' },
    'empty-bearer': { authorization: 'Bearer ' },
    'basic-auth': { authorization: 'Basic dXNlcjpwYXNz' },
    'lowercase-scheme': { authorization: `bearer ${tokenOf('court')}` },
    'huge-token': { authorization: `Bearer ${'t'.repeat(8_000)}` },
    'token-without-scheme': { authorization: tokenOf('court') },
    citizen: { authorization: `Bearer ${city.citizen}` },
    ...Object.fromEntries(city.h.kinds.map((kind) => [`agency ${kind}`, bearer(kind)])),
  };
}

function expectedCredential(op: Operation): string {
  if (op.path.startsWith('/v1/citizen/')) return 'citizen';
  if (op.path.startsWith('/v1/records')) return 'agency court';
  if (op.path.startsWith('/v1/objections') || op.path.startsWith('/v1/subjects'))
    return 'agency court';
  if (op.path.startsWith('/v1/appeals') || op.path.startsWith('/v1/feeds'))
    return 'agency authority';
  if (op.path.startsWith('/v1/checks') || op.path.startsWith('/v1/lists')) return 'agency aviation';
  return 'none';
}

/** What the fuzzer reads of an answer. */
interface InjectResponse {
  readonly statusCode: number;
  readonly body: string;
  json<T>(): T;
}

interface ErrorShape {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

function isProblem(d: unknown): boolean {
  if (typeof d !== 'object' || d === null) return false;
  const p = d as Record<string, unknown>;
  return (
    typeof p['path'] === 'string' &&
    typeof p['code'] === 'string' &&
    typeof p['message'] === 'string'
  );
}

/** What is wrong with an error answer's body ('' when nothing). */
function errorShapeProblem(res: InjectResponse): string {
  let body: ErrorShape;
  try {
    body = JSON.parse(res.body) as ErrorShape;
  } catch {
    return `the error body is not JSON: ${res.body.slice(0, 200)}`;
  }
  const e = body.error;
  if (typeof e !== 'object' || e === null) return `no "error" object: ${res.body.slice(0, 200)}`;
  if (typeof e.code !== 'string' || !CODES.has(e.code))
    return `error code ${JSON.stringify(e.code)} is not a stable code`;
  if (e.code === 'Internal') return 'error code Internal';
  if (typeof e.message !== 'string' || e.message === '') return 'error message is not a string';
  if (!Array.isArray(e.details) || !e.details.every(isProblem))
    return 'error details are not a list of {path, code, message}';
  return '';
}

async function send(
  city: City,
  credentials: Readonly<Record<string, Record<string, string>>>,
  op: Operation,
  request: FuzzRequest,
): Promise<InjectResponse> {
  const headers: Record<string, string> = { ...credentials[request.credential] };
  let payload: string | undefined;
  if (request.body !== undefined) {
    payload = jsonText(request.body);
    if (request.contentType) headers['content-type'] = request.contentType;
  }
  return city.h.app.inject({
    ...(payload === undefined ? {} : { payload }),
    method: op.method as 'GET',
    url: urlOf(op, request),
    headers,
  });
}

/** Sends one request and says what is wrong with how the API took it ('' when nothing). */
async function attack(
  city: City,
  credentials: Readonly<Record<string, Record<string, string>>>,
  op: Operation,
  request: FuzzRequest,
): Promise<string> {
  const { store } = city.h;
  const submits = op.method === 'POST' && op.path === '/v1/records';
  // The ledger's head (and, for submissions, its records and the audit log's last entry).
  const state = async () => ({
    headSeq: await store.headSeq(),
    records: submits ? (await store.counts()).records : 0,
    audit: submits ? ((await store.lastAudit())?.seq ?? 0) : 0,
  });
  const before = await state();
  const res = await send(city, credentials, op, request);
  const after = await state();
  const status = res.statusCode;
  const answer = `${status} ${res.body.slice(0, 300)}`;
  if (status >= 500) return `answered ${answer}`;
  if (status >= 400) {
    const shape = errorShapeProblem(res);
    if (shape) return `${shape} (answered ${answer})`;
    if (after.headSeq !== before.headSeq)
      return `refused with ${status} but the ledger head moved from ${before.headSeq} to ${after.headSeq}`;
    if (
      (holdsHuge(request.body) || Object.values(request.params).some(holdsHuge)) &&
      res.body.includes(HUGE_LETTER.repeat(ECHO_LIMIT))
    )
      return `the ${status} answer (${res.body.length} chars) echoes a huge input beyond ${ECHO_LIMIT} characters`;
  }
  if (status < 300) {
    const invalid = bodyProblem(op, request.body);
    if (invalid) return `answered ${status} to a body the document calls invalid (${invalid})`;
  }
  if (submits && status === 201) {
    const { results } = res.json<{
      results: { id: number; sourceRef: string; status: string }[];
    }>();
    const accepted = results.filter((r) => r.status === 'accepted').length;
    if (after.records - before.records !== accepted)
      return `201 with ${accepted} accepted, but ${after.records - before.records} records were written`;
    if (after.audit - before.audit < results.length)
      return `201 with ${results.length} results, but ${after.audit - before.audit} audit entries were written`;
    for (const r of results) {
      const stored = await store.findRecord(r.id);
      if (stored?.sourceRef !== r.sourceRef)
        return `201 names record ${r.id} (${r.sourceRef}), which the ledger holds as ${stored?.sourceRef ?? 'nothing'}`;
    }
  }
  return '';
}

interface RouteResult {
  readonly route: string;
  /** Requests of the sweep, and random cases run within the time limit. */
  readonly sweep: number;
  readonly runs: number;
  readonly ms: number;
  readonly failures: readonly string[];
}

/** The sweep of an operation, then its random cases; the first failure of each. */
async function fuzzRoute(
  city: City,
  op: Operation,
  index: number,
  timeLimit: number,
): Promise<RouteResult> {
  const route = `${op.method} ${op.path}`;
  const started = Date.now();
  const { credentials, hints } = city;
  const seed = SEED + index;
  const failures: string[] = [];

  // The sweep reports the first failure of each attack.
  const sweep = sweepOf(exampleRequest(op, hints, expectedCredential(op), seed), SWEEP);
  const failed = new Set<string>();
  for (const { attack: name, request } of sweep) {
    if (failed.has(name)) continue;
    const problem = await attack(city, credentials, op, request);
    if (problem) {
      failed.add(name);
      failures.push(`${route} (sweep, ${name}): ${describeRequest(op, request)}: ${problem}`);
    }
  }

  const credentialArb = fc.oneof(
    { arbitrary: fc.constantFrom(...Object.keys(credentials)), weight: 3 },
    { arbitrary: fc.constant(expectedCredential(op)), weight: 2 },
  );
  let runs = 0;
  let failure = '';
  const details = await fc.check(
    fc.asyncProperty(requestArbitrary(op, hints, credentialArb), async (request) => {
      runs++;
      const problem = await attack(city, credentials, op, request);
      if (problem) {
        failure = `${describeRequest(op, request)}: ${problem}`;
        throw new Error(failure);
      }
    }),
    { seed, numRuns: RUNS_PER_ROUTE, endOnFailure: true, interruptAfterTimeLimit: timeLimit },
  );
  if (details.failed) {
    const why = failure || String(details.errorInstance);
    failures.push(`${route} (seed ${seed}, path "${details.counterexamplePath ?? ''}"): ${why}`);
  }
  return { route, sweep: sweep.length, runs, ms: Date.now() - started, failures };
}

describe.each(storeTargets('fuzz'))('the HTTP API under attack on $name', (target) => {
  const locations: string[] = [];
  afterAll(async () => {
    for (const location of locations) await target.dispose(location);
    await target.end();
  });

  it('answers every route of the OpenAPI document without a 5xx, in the error shape, with no partial write, and keeps its audit chain verifiable', async () => {
    const location = await target.newLocation();
    locations.push(location);
    const city = await openCity(location);
    const results: RouteResult[] = [];
    try {
      const document: unknown = (await city.h.app.inject({ url: '/openapi.json' })).json();
      // Signing out ends the city's citizen session: fuzzed last, so that every other citizen
      // door is fuzzed with a live one.
      const signsOut = (op: Operation) =>
        op.method === 'DELETE' && op.path === '/v1/citizen/session' ? 1 : 0;
      const operations = operationsOf(document).sort((a, b) => signsOut(a) - signsOut(b));
      expect(operations.length).toBeGreaterThan(20);
      const deadline = Date.now() + BUDGET_MS;
      for (const [i, op] of operations.entries()) {
        const left = Math.max(250, Math.floor((deadline - Date.now()) / (operations.length - i)));
        results.push(await fuzzRoute(city, op, i, left));
      }
    } finally {
      await city.h.close();
    }
    // Every route was reached.
    expect(results.filter((r) => r.runs === 0).map((r) => r.route)).toEqual([]);
    const failures = results.flatMap((r) => r.failures);
    const verify = await probity([
      'verify',
      ...['--db', location, '--out', city.publications, '--key-file', city.keyFile],
    ]);
    if (verify.code !== 0)
      failures.push(
        `probity verify after the run: exit ${verify.code}: ${verify.stdout}${verify.stderr}`,
      );
    if (failures.length > 0 || process.env.PROBITY_FUZZ_REPORT)
      console.log(
        `openapi fuzz on ${target.name}: seed ${SEED} (PROBITY_FUZZ_SEED=${SEED} to rerun)\n` +
          results
            .map((r) => `  ${r.route}: ${r.sweep} swept, ${r.runs} random, ${r.ms} ms`)
            .join('\n') +
          `\n\n${failures.join('\n\n')}`,
      );
    expect(failures).toEqual([]);
  }, 120_000);
});
