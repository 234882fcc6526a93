// Wires the application for one CLI command: the store the command names, a clock fixed at the
// command's `now`, an audit log that commits each entry as it is written (one process, one access
// at a time: nothing to group), and the standing of the reference evaluator, which reads only the
// subjects a command asks about instead of folding the whole ledger. Loaded on first use, so
// commands that set the store up (init, agency add) run before any catalogue exists. The
// authority's signing key is the key file the settings name (a store that kept its private key in
// the database has it moved there as it is opened: migration 0008). On a live store, a clock fixed
// with --now or PROBITY_NOW dates nothing: every write refuses (app/ledger/live-store-clock.ts).
import { openAuditLog } from '../app/audit/audit-log.js';
import {
  fixedClockRefused,
  machineClockHeld,
  refusingAudit,
  refusingWrites,
} from '../app/ledger/live-store-clock.js';
import { adoptLegacyKey } from '../app/publications/authority-key.js';
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
import { fileAuditArchive } from '../io/audit-archive-folder.js';
import { keyFileSigner } from '../io/key-file-signer.js';
import { keyFileFor } from '../config/cli-config.js';
import { openStore } from '../store/index.js';
import { snapshotFile } from '../io/snapshot-file.js';
import type { CliAppOptions } from '../cli/cli-context.js';

export async function openCliApp(
  location: string,
  now: Instant,
  options: CliAppOptions = {},
): Promise<CliApp> {
  const signer = keyFileSigner(options.keyFile ?? keyFileFor(location));
  const opened = await openStore(location, {
    adoptLegacyKey: (legacy) => adoptLegacyKey(signer, legacy, now),
  });
  const refused = await fixedClockRefused(opened, options.fixedClock === true);
  // On the machine's clock, a write a moment behind the ledger's latest time is held to it.
  const store = refused
    ? refusingWrites(opened)
    : options.fixedClock === true
      ? opened
      : machineClockHeld(opened);
  const clock = () => now;
  const audit = refused ? refusingAudit : openAuditLog(store, { flushIntervalMs: 0 });
  let standing: Promise<Standing> | undefined;
  const app = new ProbityApp({
    store,
    standing: () =>
      (standing ??= loadScoringContext(store).then(
        (context) => new LedgerStanding(store, context, clock, options.portalUrl),
      )),
    audit,
    clock,
    recordFiles: fileRecordFiles,
    // No command delivers notices today; were one to, they would go where the server's do by default.
    noticeChannel: fileNoticeChannel(noticesFileFor(location)),
    publicationFiles: filePublications,
    auditArchive: fileAuditArchive,
    signer,
    // The server's snapshot (`rebuild --verify` compares it with the ledger; `rebuild` rewrites it).
    engineSnapshot:
      options.snapshotFile === undefined ? undefined : snapshotFile(options.snapshotFile),
  });
  return {
    app,
    async close() {
      await audit.close();
      await opened.close();
    },
  };
}
