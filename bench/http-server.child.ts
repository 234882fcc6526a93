// The servers of the HTTP benchmark (http.bench.ts), each in a child process of its own so that
// autocannon, in the parent, does not share their event loop:
//   probity <db>: the real server as `probity serve --now` composes it (src/main/server.ts): the
//     SQLite store, the server's application (live standing) with a fixed clock, the group-commit audit log, buildServer with
//     authentication, purposes, helmet, rate limits and schemas; only the per-agency rate limit is
//     raised (100 000 a minute by default: a benchmark sends more than that).
//   bare: a bare Fastify route answering POST /v1/checks with a `Set` lookup of the subject; the
//     set (every listed subject) comes from the parent in the first IPC message.
// Each sends { url } once listening (and, for Probity, loaded); 'stop' closes it and exits.
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { snapshotFile } from '../src/io/snapshot-file.js';
import { openServerApp } from '../src/main/server-app.js';
import { buildServer } from '../src/http/server.js';
import { openStore } from '../src/store/index.js';
import { NOW } from './city-ledger.js';

interface BareBody {
  subject: string;
  measure: string;
}

function send(message: unknown): void {
  if (process.send) process.send(message);
}

function url(address: string | AddressInfo | null): string {
  return typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
}

async function probity(database: string): Promise<() => Promise<void>> {
  const store = await openStore(database);
  const clock = () => NOW;
  // A snapshot file named by the curve (PROBITY_SNAPSHOT_FILE, as a server reads it): started
  // from it, never written (a cold start at L takes many minutes); none otherwise, as before.
  const snapshotPath = process.env.PROBITY_SNAPSHOT_FILE;
  const server = openServerApp(store, {
    clock,
    ...(snapshotPath === undefined || snapshotPath === '' || snapshotPath === 'off'
      ? {}
      : {
          snapshot: {
            file: snapshotFile(snapshotPath),
            everyEvents: Number.POSITIVE_INFINITY,
            everyMs: Number.POSITIVE_INFINITY,
            onEvent: () => undefined,
          },
        }),
  });
  const app = await buildServer(server.httpDeps, {
    logger: { level: 'warn' },
    limits: { rateLimitMax: 1_000_000_000 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // Ready once the engine is loaded, as `/readyz` says: `load()` settles only after the first
  // feed and notice sync too, which on a bulk-loaded store (L: the notices of 109 M records) takes
  // hours; the stop cuts it short.
  let failed: Error | undefined;
  const loading = server.load().catch((error: unknown) => {
    failed = error instanceof Error ? error : new Error('the engine did not load');
  });
  while (!server.standing.ready && failed === undefined) {
    await Promise.race([loading, new Promise((resolve) => setTimeout(resolve, 50))]);
  }
  if (failed !== undefined) throw failed;
  send({ url: url(app.server.address()) });
  return async () => {
    await app.close();
    await server.close();
    await store.close();
  };
}

async function bare(listed: readonly string[]): Promise<() => Promise<void>> {
  const set = new Set(listed);
  const app = Fastify({ logger: false });
  app.post<{ Body: BareBody }>('/v1/checks', (request) => {
    const { subject, measure } = request.body;
    return { subject, measure, decision: set.has(subject) ? 'deny' : 'allow' };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  send({ url: url(app.server.address()) });
  return () => app.close();
}

const [mode, database] = process.argv.slice(2);
let stop: (() => Promise<void>) | undefined;
process.on('message', (message: unknown) => {
  if (message === 'stop') {
    void (stop ? stop() : Promise.resolve()).then(() => process.exit(0));
  } else if (mode === 'bare' && stop === undefined && Array.isArray(message)) {
    void bare(message as string[]).then((s) => (stop = s));
  }
});
if (mode === 'probity') stop = await probity(database ?? '');
else if (mode !== 'bare') throw new Error(`usage: http-server.child.ts probity <db> | bare`);
