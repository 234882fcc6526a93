// Issue 12: what one PostgreSQL primary and one streaming standby hold, measured on the local
// cluster of docs/cluster.md (`localCluster.up`, one server, a small demo city), once with
// asynchronous replication and once with `--sync`, each in a fresh scratch directory stopped
// (`down`) in a finally block.
//   - The import: the city of `--scale` (S by default) as agency files, imported by Probity's own
//     import path into a fresh schema of the primary (records, subjects, one audit entry per row,
//     as `probity import` writes them); records/s, async against sync: what synchronous
//     replication costs a write.
//   - The standby's lag while the import runs: sampled every 100 ms on the primary from
//     pg_stat_replication (bytes of WAL not yet replayed on the standby, and `replay_lag`); p50,
//     p99, max; then how long the standby took to replay everything after the import ended.
//   - Size: bytes per record of the schema's tables with their indexes (pg_total_relation_size),
//     and of the WAL the import wrote (pg_current_wal_lsn before and after), per record.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { readClusterState } from '../src/main/cluster/cluster-state.js';
import { localCluster } from '../src/main/cluster/local-cluster.js';
import { pgSchema, probityImport, writeAgencyFiles } from './import.bench.js';
import { median, seconds, type BenchArgs } from './scales.js';

const CITY = { persons: 2_000, organizations: 200 };
const POSTGRES_BIN = '/usr/lib/postgresql/15/bin';
const SAMPLE_MS = 100;
const CATCH_UP_TIMEOUT_MS = 120_000;

interface LagSample {
  readonly bytes: number;
  readonly replayLagMs: number | null;
}

/** The standby's replay distance, as the primary sees it (one standby: one row). */
async function lagSample(client: pg.Client): Promise<LagSample | undefined> {
  const { rows } = await client.query<{ bytes: string | null; ms: string | null }>(
    `select pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint as bytes,
            (extract(epoch from replay_lag) * 1000)::bigint as ms
       from pg_stat_replication limit 1`,
  );
  const row = rows[0];
  if (row?.bytes == null) return undefined;
  return { bytes: Number(row.bytes), replayLagMs: row.ms === null ? null : Number(row.ms) };
}

function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function walLsn(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
  return rows[0]!.lsn;
}

async function walBytesSince(client: pg.Client, lsn: string): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>(
    'select pg_wal_lsn_diff(pg_current_wal_lsn(), $1::pg_lsn)::bigint as bytes',
    [lsn],
  );
  return Number(rows[0]!.bytes);
}

/** Each table of `schema` with its indexes and TOAST, in bytes, and its row count. */
async function tableSizes(
  client: pg.Client,
  schema: string,
): Promise<Record<string, { bytes: number; rows: number }>> {
  const { rows } = await client.query<{ name: string; bytes: string }>(
    // A partitioned table (the audit log and the notices, migration 0012) has no storage of its
    // own: its size is its partitions'.
    `select c.relname as name,
            (case when c.relkind = 'p'
                  then (select coalesce(sum(pg_total_relation_size(t.relid)), 0)
                          from pg_partition_tree(c.oid) t where t.isleaf)
                  else pg_total_relation_size(c.oid) end)::bigint as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relkind in ('r', 'p') and not c.relispartition`,
    [schema],
  );
  const out: Record<string, { bytes: number; rows: number }> = {};
  for (const r of rows) {
    const count = await client.query<{ n: string }>(
      `select count(*) as n from ${schema}.${r.name}`,
    );
    out[r.name] = { bytes: Number(r.bytes), rows: Number(count.rows[0]!.n) };
  }
  return out;
}

async function oneMode(
  synchronous: boolean,
  files: Awaited<ReturnType<typeof writeAgencyFiles>>,
  dir: string,
  say: (line: string) => void,
): Promise<Record<string, unknown>> {
  const clusterDir = mkdtempSync(join(tmpdir(), `probity-bench-standby-`));
  try {
    say(`${synchronous ? 'synchronous' : 'asynchronous'} standby, cluster in ${clusterDir}`);
    const { view } = await localCluster.up({
      dir: clusterDir,
      servers: 1,
      synchronous,
      city: CITY,
      postgresBin: POSTGRES_BIN,
      haproxy: 'haproxy',
      onStep: (text) => say(`  ${text}`),
    });
    const schemaName = `bench_standby_${process.pid}`;
    const schema = await pgSchema(view.primary.url, schemaName);
    // pg_stat_replication's positions are shown to superusers (and pg_monitor) only.
    const state = readClusterState(clusterDir);
    if (state === undefined) throw new Error(`no cluster state in ${clusterDir}`);
    const watch = new pg.Client({
      host: '127.0.0.1',
      port: state.primary.port,
      user: 'postgres',
      password: state.passwords.superuser,
      database: 'probity', // the local cluster's database (cluster-state.ts databaseUrl)
    });
    await watch.connect();
    try {
      const walBefore = await walLsn(watch);
      const samples: LagSample[] = [];
      let importing = true;
      const sampling = (async () => {
        while (importing) {
          const s = await lagSample(watch);
          if (s) samples.push(s);
          await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
        }
      })();
      const load = [loadavg()[0]!];
      const recordsPerSecond = await probityImport(
        dir,
        files.catalogText,
        files.agencies,
        schema.location,
      );
      importing = false;
      await sampling;
      load.push(loadavg()[0]!);
      const walBytes = await walBytesSince(watch, walBefore);
      // After the last commit: until the standby has replayed every byte the primary wrote.
      const caughtUpFrom = process.hrtime.bigint();
      let catchUpMs: number | null = null;
      while (seconds(caughtUpFrom) * 1000 < CATCH_UP_TIMEOUT_MS) {
        const s = await lagSample(watch);
        if (s !== undefined && s.bytes <= 0) {
          catchUpMs = Math.round(seconds(caughtUpFrom) * 1000);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const sizes = await tableSizes(watch, schemaName);
      const records = sizes['records']?.rows ?? files.records;
      const total = Object.values(sizes).reduce((s, t) => s + t.bytes, 0);
      const perRecord = (bytes: number) => Math.round(bytes / records);
      const lagBytes = samples.map((s) => s.bytes);
      const lagMs = samples.flatMap((s) => (s.replayLagMs === null ? [] : [s.replayLagMs]));
      return {
        synchronous,
        records,
        recordsPerSecond: Math.round(recordsPerSecond),
        lag: {
          samples: samples.length,
          bytesP50: percentile(lagBytes, 50),
          bytesP99: percentile(lagBytes, 99),
          bytesMax: lagBytes.length ? Math.max(...lagBytes) : null,
          replayLagMsP50: percentile(lagMs, 50),
          replayLagMsP99: percentile(lagMs, 99),
          replayLagMsMax: lagMs.length ? Math.max(...lagMs) : null,
          catchUpAfterImportMs: catchUpMs,
        },
        bytesPerRecord: {
          allTables: perRecord(total),
          records: perRecord(sizes['records']?.bytes ?? 0),
          auditLog: perRecord(sizes['audit_log']?.bytes ?? 0),
          wal: perRecord(walBytes),
        },
        tables: sizes,
        loadAverage1m: load,
      };
    } finally {
      await watch.end().catch(() => undefined);
      await schema.drop().catch(() => undefined);
    }
  } finally {
    await localCluster
      .down({ dir: clusterDir })
      .catch((error: unknown) => say(`  down failed: ${String(error)}`));
    rmSync(clusterDir, { recursive: true, force: true });
  }
}

export async function standbyBench(args: BenchArgs): Promise<Record<string, unknown>> {
  const say = (line: string) => {
    if (!args.json) console.error(line);
  };
  const began = process.hrtime.bigint();
  const dir = mkdtempSync(join(tmpdir(), 'probity-bench-standby-files-'));
  try {
    say(`writing the ${args.scale} city's agency files`);
    const files = await writeAgencyFiles(dir, args);
    const runs: Record<string, unknown>[] = [];
    for (let run = 0; run < args.runs; run++)
      for (const synchronous of [false, true])
        runs.push(await oneMode(synchronous, files, dir, say));
    const rate = (sync: boolean) =>
      median(
        runs.filter((r) => r['synchronous'] === sync).map((r) => r['recordsPerSecond'] as number),
      );
    return {
      bench: 'standby',
      target: 'issue 12 (what one primary and one standby hold)',
      scale: args.scale,
      machine: `${cpus().length} cores shared by the primary, the standby, one server and the import`,
      runs,
      syncToAsyncImportRatio: Number((rate(true) / rate(false)).toFixed(2)),
      seconds: Number(seconds(began).toFixed(1)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
