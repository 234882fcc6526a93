// A server stand-in for the crash test of the audit log: it opens the ledger at argv[2] and runs
// requests without end, 50 at a time, each recording one entry and printing its request id on
// stdout once `record` has resolved (when the server would answer). The test kills it with
// SIGKILL; every id printed must then be in the log.
import { openAuditLog } from '../../src/app/audit/audit-log.js';
import { instant } from '../../src/core/time/instant.js';
import { openStore } from '../../src/store/index.js';

const location = process.argv[2];
if (location === undefined) throw new Error('usage: audit-writer-child <ledger location>');
const store = await openStore(location);
const log = openAuditLog(store);
let next = 0;

async function request(): Promise<void> {
  for (;;) {
    const id = `req-${++next}`;
    await log.record([
      {
        at: instant(Date.now()),
        actor: 'agency:airline-1',
        purpose: 'enforcement',
        action: 'check',
        subject: '110101199001010011',
        outcome: id,
      },
    ]);
    process.stdout.write(`${id}\n`);
  }
}

await Promise.all(Array.from({ length: 50 }, () => request()));
