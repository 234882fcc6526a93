// The purposes matrix of docs/http-api.md ("Who sees what") against the real behaviour: the test
// reads the table from the docs, then for every row (each agency kind of the reference city, the
// authority, the operator, a citizen, the public) and every purpose drives the door that caller
// has (HTTP for agencies, citizens and the public; the command line for the operator) and
// classifies what comes back as nothing / check answer / full explanation / own data. Any
// difference between a cell and the answer fails, so the docs and the code cannot drift apart.
// Each agency kind that submits some category first submits one record over HTTP, so its
// dispute-review cell is driven on a subject it submitted a record about, and on one it did not.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR } from '../../src/app/access/caller.js';
import { issueSignInCode } from '../../src/app/citizen/sign-in-code-issue.js';
import { PURPOSES, type Purpose } from '../../src/core/access/purposes.js';
import { parseCatalog, type Category } from '../../src/core/catalog/index.js';
import { formatInstant, instant } from '../../src/core/time/instant.js';
import { compileFieldPlan, sourceReference } from '../../src/synth/record-fields.js';
import { REFERENCE_DOCUMENTS } from '../factories/reference-ledger.js';
import { organizationId, personId } from '../factories/subjects.js';
import { probity } from '../support/cli-harness.js';
import {
  bearer,
  DAY,
  debtorRecord,
  ingestAsCourt,
  startHarness,
  T0,
  type Harness,
} from './http-harness.js';

const DOC = new URL('../../docs/http-api.md', import.meta.url);
const PERSON = personId('1980-05-17', 233);
const ORGANIZATION = organizationId(31);
/** A subject nobody submitted anything about. */
const NOBODY = personId('1975-02-03', 41);

// ---- The table, as the docs give it ------------------------------------------------------------

type Row =
  | { readonly caller: 'agency'; readonly kind: string; readonly label: string }
  | { readonly caller: 'operator' | 'citizen' | 'public'; readonly label: string };

interface Matrix {
  readonly purposes: readonly string[];
  readonly rows: readonly { readonly row: Row; readonly cells: Record<string, string> }[];
}

const cellsOf = (line: string) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

function rowOf(label: string): Row {
  const kind = /`([a-z][a-z0-9-]*)`/.exec(label)?.[1];
  if (kind !== undefined) return { caller: 'agency', kind, label };
  for (const caller of ['operator', 'citizen', 'public'] as const)
    if (label.includes(caller)) return { caller, label };
  throw new Error(`the purposes matrix has a row for no known caller: "${label}"`);
}

function readMatrix(): Matrix {
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf('### The purposes matrix');
  if (start < 0) throw new Error('docs/http-api.md has no "### The purposes matrix"');
  const lines = text.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const table: string[] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break;
    table.push(line);
  }
  const [header = '', , ...body] = table;
  const columns = cellsOf(header).map((c) => c.replace(/`/g, ''));
  const purposes = columns.filter((c) => (PURPOSES as readonly string[]).includes(c));
  return {
    purposes,
    rows: body.map((line) => {
      const cells = cellsOf(line);
      return {
        row: rowOf(cells[0] ?? ''),
        cells: Object.fromEntries(purposes.map((p) => [p, cells[columns.indexOf(p)] ?? ''])),
      };
    }),
  };
}

// ---- What the doors answer ---------------------------------------------------------------------

interface Answer {
  readonly statusCode: number;
  readonly body: string;
}

/** What an answer lets its caller see. */
function seen(res: Answer): string {
  if (res.statusCode === 401 || res.statusCode === 403) return 'nothing';
  if (res.statusCode !== 200) return `status ${res.statusCode}: ${res.body.slice(0, 200)}`;
  const body = JSON.parse(res.body) as Record<string, unknown>;
  if (body.view === 'need-to-know' && !('score' in body) && !('contributions' in body))
    return 'check answer';
  if (Array.isArray(body.contributions) && 'score' in body) return 'full explanation';
  return `an unknown answer: ${res.body.slice(0, 200)}`;
}

let h: Harness;
/** The subject each submitting kind submitted a record about. */
const submittedAbout = new Map<string, string>();
let citizen: Record<string, string>;

/** One record of a category the kind submits, its fields drawn as the synthetic city draws them. */
async function submitOne(kind: string, category: Category, n: number): Promise<string> {
  const subjectKind = category.subjects.includes('person') ? 'person' : 'organization';
  const subject = subjectKind === 'person' ? PERSON : ORGANIZATION;
  const plan = compileFieldPlan(category, subjectKind);
  const reference = sourceReference(kind, { district: 5, year: 2026, serial: 100 + n });
  const problems: string[] = [];
  for (let seed = 1; seed <= 5; seed++) {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/records',
      headers: bearer(kind),
      payload: {
        records: [
          {
            sourceRef: `matrix-${kind}-${seed}`,
            subject,
            category: category.id,
            occurredAt: '2026-02-02',
            fields: plan(seed * 7919 + n, { reference, year: 2026 }),
          },
        ],
      },
    });
    if (res.statusCode === 201) return subject;
    problems.push(res.body.slice(0, 300));
  }
  throw new Error(`${kind} could not submit a ${category.id} record: ${problems.join('; ')}`);
}

beforeAll(async () => {
  h = await startHarness({
    before: async (store) => {
      await ingestAsCourt(
        store,
        [debtorRecord(PERSON, 'matrix-court', '2026-01-20')],
        instant(T0 - 20 * DAY),
      );
    },
  });
  submittedAbout.set('court', PERSON);
  const catalog = parseCatalog(REFERENCE_DOCUMENTS.catalogText);
  if (!catalog.ok) throw new Error('reference catalogue');
  const submitters = [...new Set(catalog.catalog.categories.flatMap((c) => c.submitters))];
  for (const [n, kind] of submitters.entries()) {
    if (submittedAbout.has(kind)) continue;
    const categories = catalog.catalog.categories.filter((c) => c.submitters.includes(kind));
    const category =
      categories.find((c) => c.subjects.includes('person') && c.polarity === 'adverse') ??
      categories.find((c) => c.subjects.includes('person')) ??
      categories[0];
    if (category) submittedAbout.set(kind, await submitOne(kind, category, n));
  }
  const code = await issueSignInCode({ store: h.store, audit: h.audit, clock: h.clock }, OPERATOR, {
    identifier: PERSON,
  });
  const session = await h.app.inject({
    method: 'POST',
    url: '/v1/citizen/session',
    payload: { identifier: PERSON, code: code.code },
  });
  citizen = { authorization: `Bearer ${session.json<{ token: string }>().token}` };
}, 60_000);
afterAll(async () => h.close());

const read = (subject: string, purpose: string, headers: Record<string, string> = {}) =>
  h.app.inject({ url: `/v1/subjects/${subject}?purpose=${purpose}`, headers });

/** What the row's caller sees of a subject for the purpose, in the words of the table. */
async function observe(row: Row, purpose: Purpose): Promise<string> {
  switch (row.caller) {
    case 'agency': {
      const headers = bearer(row.kind);
      if (purpose !== 'dispute-review') return seen(await read(PERSON, purpose, headers));
      // Of a subject it submitted a record about, and of one it did not.
      const own = seen(await read(submittedAbout.get(row.kind) ?? PERSON, purpose, headers));
      const other = seen(await read(NOBODY, purpose, headers));
      if (own === other) return own;
      return other === 'nothing' ? `${own}¹` : `${own} of its own subject, ${other} of another`;
    }
    case 'operator': {
      if (purpose === 'oversight') {
        // The operator's door: `probity score`, which reads for oversight.
        const run = await probity([
          ...['score', PERSON, '--db', h.path, '--now', formatInstant(h.clock()), '--json'],
        ]);
        return seen({ statusCode: run.code === 0 ? 200 : 403, body: run.stdout });
      }
      // No door reads for another purpose; the application refuses it too.
      return h.probity.readSubject(OPERATOR, { identifier: PERSON, purpose }).then(
        (view) => `answered ${JSON.stringify(view).slice(0, 100)}`,
        () => 'nothing',
      );
    }
    case 'citizen': {
      const agencyDoor = seen(await read(PERSON, purpose, citizen));
      if (purpose !== 'subject-access') return agencyDoor;
      const me = await h.app.inject({ url: '/v1/citizen/me', headers: citizen });
      const mine = seen(me) === 'full explanation' && me.json<{ subject: string }>().subject;
      const someoneElse = seen(await read(NOBODY, purpose, citizen));
      return mine === PERSON && agencyDoor === 'nothing' && someoneElse === 'nothing'
        ? 'own data²'
        : `own door ${String(mine)}, agency door ${agencyDoor} / ${someoneElse}`;
    }
    case 'public': {
      const agencyDoor = seen(await read(PERSON, purpose));
      const ownDoor = seen(await h.app.inject({ url: '/v1/citizen/me' }));
      return agencyDoor === ownDoor ? agencyDoor : `${agencyDoor} (own door: ${ownDoor})`;
    }
    default: {
      const never: never = row;
      return String(never);
    }
  }
}

describe('the purposes matrix of docs/http-api.md', () => {
  const matrix = readMatrix();

  it('has a column for every purpose and a row for every caller of the reference city', () => {
    expect([...matrix.purposes].sort()).toEqual([...PURPOSES].sort());
    const kinds = matrix.rows.flatMap(({ row }) => (row.caller === 'agency' ? [row.kind] : []));
    expect([...kinds].sort()).toEqual([...h.kinds].sort());
    expect(matrix.rows.map(({ row }) => row.caller).filter((c) => c !== 'agency')).toEqual([
      'operator',
      'citizen',
      'public',
    ]);
  });

  it('says for every caller and purpose what the doors really give', async () => {
    const said: Record<string, Record<string, string>> = {};
    const done: Record<string, Record<string, string>> = {};
    for (const { row, cells } of matrix.rows) {
      said[row.label] = cells;
      done[row.label] = {};
      for (const purpose of PURPOSES) done[row.label]![purpose] = await observe(row, purpose);
    }
    expect(done).toEqual(said);
  }, 60_000);
});
