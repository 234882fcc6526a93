// Wires the application for one CLI command: the store the command names, a clock fixed at the
// command's `now`, an audit log that commits each entry as it is written (one process, one access
// at a time: nothing to group), and the standing of the reference evaluator, which reads only the
// subjects a command asks about instead of folding the whole ledger. Loaded on first use, so
// commands that set the store up (init, agency add) run before any catalogue exists.
import { openAuditLog } from '../app/audit/audit-log.js';
import { ProbityApp } from '../app/probity-app.js';
import { LedgerStanding } from '../app/standing/ledger-standing.js';
import { loadScoringContext } from '../app/standing/scoring-context.js';
import type { Standing } from '../app/standing/standing.js';
import type { CliApp } from '../cli/cli-context.js';
import type { Instant } from '../core/time/instant.js';
import { fileRecordFiles } from '../io/record-file-reader.js';
import { noticesFileFor } from '../config/server-config.js';
import { fileNoticeChannel } from '../io/file-notice-channel.js';
import { filePublications } from '../io/publication-folder.js';
import { openStore } from '../store/index.js';

export async function openCliApp(location: string, now: Instant): Promise<CliApp> {
  const store = await openStore(location);
  const clock = () => now;
  const audit = openAuditLog(store, { flushIntervalMs: 0 });
  let standing: Promise<Standing> | undefined;
  const app = new ProbityApp({
    store,
    standing: () =>
      (standing ??= loadScoringContext(store).then(
        (context) => new LedgerStanding(store, context, clock),
      )),
    audit,
    clock,
    recordFiles: fileRecordFiles,
    // No command delivers notices today; were one to, they would go where the server's do by default.
    noticeChannel: fileNoticeChannel(noticesFileFor(location)),
    publicationFiles: filePublications,
  });
  return {
    app,
    async close() {
      await audit.close();
      await store.close();
    },
  };
}
