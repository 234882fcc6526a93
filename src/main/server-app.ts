// Wires the application for a server: the live standing (the engine folded from the ledger and
// following its head), the group-commit audit log, and the `ProbityApp` the HTTP doors call. The
// server's composition root, the HTTP test harness and the benchmarks all build it here.
//
// Several servers on one PostgreSQL ledger (issue 12): `coordination` (store/open-store.ts
// `openCoordination`) makes the standing hear the others' writes and sync feeds and notices one
// server at a time, and makes the scheduled work (`deliverNotices`, `publishScheduled`) run on one
// server only, its leader; on SQLite it is a no-op and the one server leads.
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
import { fileAuditArchive } from '../io/audit-archive-folder.js';
import type { NoticeChannel } from '../app/ports/notice-channel.js';
import { fileRecordFiles } from '../io/record-file-reader.js';
import type { PublicationSigner } from '../app/ports/publication-signer.js';
import { keyFileFor } from '../config/cli-config.js';
import { keyFileSigner } from '../io/key-file-signer.js';
import { OPERATOR } from '../app/access/caller.js';
import type { ClusterCoordination } from '../app/ports/cluster-coordination.js';
import type { DeliveryReport } from '../app/notices/notice-delivery.js';
import type { PublishResult } from '../app/publications/publish-lists.js';

export interface ServerApp {
  readonly app: ProbityApp;
  readonly standing: LiveStanding;
  readonly audit: AuditSink;
  /** What the HTTP route plugins receive. */
  readonly httpDeps: HttpDeps;
  /** Loads the standing from the ledger (the server listens first, so /readyz says 503 meanwhile). */
  load(): Promise<void>;
  /**
   * One pass of notice delivery as the operator, when this server leads it (undefined: another
   * server of the cluster delivers). The server's delivery loop runs it.
   */
  deliverNotices(): Promise<DeliveryReport | undefined>;
  /**
   * The daily publication as the operator, when this server leads it (undefined: another server
   * of the cluster publishes). The server's publication schedule runs it.
   */
  publishScheduled(run: { readonly outDir: string }): Promise<PublishResult | undefined>;
  /**
   * Flushes the audit log, then stops following the ledger (the store and the coordination are
   * closed by their opener).
   */
  close(): Promise<void>;
}

/** The server's file and network adapters, as its settings choose them. */
export interface ServerAdapters {
  /** Where notices are delivered (default: the file data/notices.jsonl). */
  readonly noticeChannel?: NoticeChannel | undefined;
  /** The authority's signing key (default: the key file data/authority-key.pem). */
  readonly signer?: PublicationSigner | undefined;
  /**
   * The other servers of the ledger (PostgreSQL: LISTEN/NOTIFY and advisory locks); none: this
   * server is alone, and leads every scheduled work.
   */
  readonly coordination?: ClusterCoordination | undefined;
}

export function openServerApp(
  store: LedgerStore,
  options: StandingOptions & ServerAdapters,
): ServerApp {
  const coordination = options.coordination;
  const standing = new LiveStanding(store, {
    ...options,
    headWatcher: options.headWatcher ?? coordination?.headWatcher,
    locks: options.locks ?? coordination?.locks,
  });
  const leads = (role: 'publication' | 'notice-delivery'): Promise<boolean> =>
    coordination === undefined ? Promise.resolve(true) : coordination.locks.lead(role);
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
    auditArchive: fileAuditArchive,
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
    async deliverNotices() {
      return (await leads('notice-delivery')) ? app.deliverNotices(OPERATOR) : undefined;
    },
    async publishScheduled(run) {
      return (await leads('publication')) ? app.publish(OPERATOR, run) : undefined;
    },
    async close() {
      await audit.close();
      await standing.close();
    },
  };
}
