// Every operator command is in the audit log (issue 10, failure 4). The test enumerates the
// commands of the program itself, so a new command fails it until it is listed here: each one that
// opens the store (everything but three that read only files, and `serve`) is run on one
// simulation store and must leave its entry, written by the command line's context once it has
// run: actor `operator`, purpose `oversight`, action `probity <command>`, the subject it names,
// `accepted` or `refused <Code>`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/app/ports/audit-log-store.js';
import { buildProgram } from '../../src/cli/program.js';
import { fromLegacyResidentIdentityNumber } from '../../src/core/identifiers/index.js';
import type { CommandContext } from '../../src/cli/cli-context.js';
import { openStore } from '../../src/store/index.js';
import { personId } from '../factories/subjects.js';
import { probity, REPO_ROOT, scratchDir } from '../support/cli-harness.js';

const NOW = '2026-03-02T09:30:00.000Z';
const DEBTOR = personId('1980-05-17', 71);
const CLOSED = personId('1940-02-03', 9);
const LEGACY = '110106730917001';
const POLICY = join(REPO_ROOT, 'policies', 'policy.yaml');

/**
 * Commands that do not open the application on a store: three read files only, `serve` runs
 * the server, whose every access is audited by its own use cases, and `cluster` starts and stops
 * processes (its ledger set-up runs `probity seed` and `probity demo`, audited as themselves).
 */
const OPENS_NO_STORE = new Set([
  'id check',
  'catalog validate',
  'policy validate',
  'serve',
  'cluster up',
  'cluster down',
  'cluster status',
  'cluster failover',
]);

interface Run {
  readonly args: (files: { records: string; out: string }) => string[];
  /** The subject the entry names ('' for none). */
  readonly subject?: string;
  /** Its outcome, when not `accepted`. */
  readonly outcome?: RegExp;
}

/** Every command that opens the store, in the order they are run on one store. */
const RUNS: Record<string, Run> = {
  init: { args: () => [] },
  'agency add': { args: () => ['court-1', '--kind', 'court'], subject: 'agency:court-1' },
  'agency list': { args: () => [] },
  'agency rotate': { args: () => ['court-1'], subject: 'agency:court-1' },
  import: { args: ({ records }) => [records, '--agency', 'court-1'] },
  'policy activate': { args: () => [POLICY] },
  'policy errors': { args: () => [] },
  score: { args: () => [` ${LEGACY} `], subject: fromLegacyResidentIdentityNumber(LEGACY) },
  check: { args: () => [DEBTOR, '--measure', 'travel.flight'], subject: DEBTOR },
  'record event': {
    args: () => ['999999', 'fulfilled', '--agency', 'court-1'],
    subject: 'record:999999',
    outcome: /^refused RecordNotFound$/,
  },
  'objection list': { args: () => ['--agency', 'court-1'] },
  'objection decide': {
    args: () => ['999999', '--outcome', 'upheld', '--reason', 'checked', '--agency', 'court-1'],
    subject: 'objection:999999',
    outcome: /^refused ObjectionNotFound$/,
  },
  'subject close': {
    args: () => [CLOSED, '--event', 'deceased', '--agency', 'court-1'],
    subject: CLOSED,
    outcome: /^refused [A-Za-z]+$/,
  },
  tick: { args: () => [] },
  simulate: { args: () => [POLICY] },
  rebuild: { args: () => [] },
  seed: { args: () => ['--persons', '20', '--orgs', '2', '--years', '1'] },
  publish: { args: ({ out }) => ['--out', out] },
  verify: { args: ({ out }) => ['--out', out] },
  'audit archive': { args: ({ out }) => ['--before', '2000-01', '--dir', `${out}-audit`] },
  'audit read': { args: () => [DEBTOR], subject: DEBTOR },
  'key rotate': { args: () => [] },
  'citizen code': { args: () => [DEBTOR], subject: DEBTOR },
  demo: { args: () => ['--no-serve'] },
  'agency revoke': { args: () => ['court-1'], subject: 'agency:court-1' },
};

/** Every leaf command of the program, as typed: `agency rotate`, `import`... */
function leafCommands(): string[] {
  const program = buildProgram({} as CommandContext);
  const paths: string[] = [];
  const walk = (command: Command, prefix: string[]) => {
    for (const sub of command.commands) {
      const path = [...prefix, sub.name()];
      if (sub.commands.length > 0) walk(sub, path);
      else paths.push(path.join(' '));
    }
  };
  walk(program, []);
  return paths.sort();
}

describe('every operator command is audited', () => {
  const dir = scratchDir('probity-operator-commands-');
  const db = join(dir, 'probity.db');
  const files = { records: join(dir, 'records.jsonl'), out: join(dir, 'publications') };
  const entries = new Map<string, AuditEntry[]>();

  beforeAll(async () => {
    writeFileSync(
      files.records,
      `${JSON.stringify({
        sourceRef: 'r-1',
        subject: DEBTOR,
        category: 'court.dishonest-debtor',
        occurredAt: '2026-02-20',
        fields: { amount: 2_500_000, caseNumber: '(2026)京0105执1号' },
      })}\n`,
    );
    for (const [command, run] of Object.entries(RUNS)) {
      await probity([...command.split(' '), ...run.args(files), '--db', db, '--now', NOW]);
    }
    const store = await openStore(db);
    try {
      for (const e of await store.readAudit(0, 100_000)) {
        if (e.actor !== 'operator' || !e.action.startsWith('probity ')) continue;
        const command = e.action.slice('probity '.length);
        entries.set(command, [...(entries.get(command) ?? []), e]);
      }
    } finally {
      await store.close();
    }
  }, 60_000);

  it('lists every command of the program here, so a new one cannot go unaudited', () => {
    const listed = [...Object.keys(RUNS), ...OPENS_NO_STORE].sort();
    expect(leafCommands()).toEqual(listed);
  });

  it.each(Object.entries(RUNS))(
    'audits `probity %s` as the operator, with its subject and outcome',
    (command, run) => {
      const mine = entries.get(command) ?? [];
      expect(mine.length, `no entry for probity ${command}`).toBeGreaterThanOrEqual(1);
      const entry = mine[0];
      expect(entry).toMatchObject({
        actor: 'operator',
        purpose: 'oversight',
        action: `probity ${command}`,
        subject: run.subject ?? '',
      });
      expect(entry?.outcome).toMatch(run.outcome ?? /^accepted$/);
    },
  );

  it('writes no entry for a command that opens no store', () => {
    for (const command of OPENS_NO_STORE) expect(entries.has(command)).toBe(false);
  });
});
