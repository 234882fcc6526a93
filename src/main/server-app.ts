// Wires the application for a server: the live standing (the engine folded from the ledger and
// following its head), the group-commit audit log, and the `ProbityApp` the HTTP doors call. The
// server's composition root, the HTTP test harness and the benchmarks all build it here.
import { openAuditLog } from '../app/audit/audit-log.js';
import type { AuditSink } from '../app/audit/audit-sink.js';
import type { LedgerStore } from '../app/ports/ledger-store.js';
import { ProbityApp } from '../app/probity-app.js';
import { LiveStanding, type StandingOptions } from '../app/standing/live-standing.js';
import type { HttpDeps } from '../http/http-deps.js';
import { ProbityMetrics } from '../http/metrics.js';
import { consumerLag } from '../app/feeds/list-feed-read.js';
import { noticesFileFor } from '../config/server-config.js';
import { SETTINGS } from '../config/settings.js';
import { fileNoticeChannel } from '../io/file-notice-channel.js';
import { filePublications } from '../io/publication-folder.js';
import type { NoticeChannel } from '../app/ports/notice-channel.js';
import { fileRecordFiles } from '../io/record-file-reader.js';
import type { PublicationSigner } from '../app/ports/publication-signer.js';
import { keyFileFor } from '../config/cli-config.js';
import { keyFileSigner } from '../io/key-file-signer.js';

export interface ServerApp {
  readonly app: ProbityApp;
  readonly standing: LiveStanding;
  readonly audit: AuditSink;
  /** What the HTTP route plugins receive. */
  readonly httpDeps: HttpDeps;
  /** Loads the standing from the ledger (the server listens first, so /readyz says 503 meanwhile). */
  load(): Promise<void>;
  /** Flushes the audit log, then stops following the ledger (the store is closed by its opener). */
  close(): Promise<void>;
}

/** The server's file and network adapters, as its settings choose them. */
export interface ServerAdapters {
  /** Where notices are delivered (default: the file data/notices.jsonl). */
  readonly noticeChannel?: NoticeChannel | undefined;
  /** The authority's signing key (default: the key file data/authority-key.pem). */
  readonly signer?: PublicationSigner | undefined;
}

export function openServerApp(
  store: LedgerStore,
  options: StandingOptions & ServerAdapters,
): ServerApp {
  const standing = new LiveStanding(store, options);
  const groupCommit = openAuditLog(store);
  const metrics = new ProbityMetrics({
    auditQueued: () => groupCommit.queued?.() ?? 0,
    feedLag: () => consumerLag(store),
    ruleErrors: () => standing.ruleErrors(),
  });
  // Every check writes its audit entries through this sink: the metrics count them on the way.
  const audit: AuditSink = {
    record: (events) => {
      metrics.auditRecorded(events);
      return groupCommit.record(events);
    },
    close: () => groupCommit.close(),
    queued: () => groupCommit.queued?.() ?? 0,
  };
  const clock = options.clock;
  const app = new ProbityApp({
    store,
    standing: () => Promise.resolve(standing),
    audit,
    clock,
    recordFiles: fileRecordFiles,
    noticeChannel:
      options.noticeChannel ?? fileNoticeChannel(noticesFileFor(SETTINGS.database.default)),
    publicationFiles: filePublications,
    signer: options.signer ?? keyFileSigner(keyFileFor(SETTINGS.database.default)),
    readiness: () => standing.readiness(),
    engineSnapshot: options.snapshot?.file,
  });
  return {
    app,
    standing,
    audit,
    httpDeps: { app, metrics },
    load: () => standing.load(),
    async close() {
      await audit.close();
      await standing.close();
    },
  };
}
