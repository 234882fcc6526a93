// `probity cluster up|down|status|failover [--dir .cluster]` (`npm run cluster -- up`): a local cluster on
// this machine (docs/cluster.md): a PostgreSQL primary and streaming standby, several Probity
// servers on the primary and HAProxy in front, under one scratch directory. The processes are
// started and stopped by the composition root (src/main/cluster/); this command parses, calls and
// prints. It opens no store itself: the ledger's set-up runs `probity seed` and `probity demo`,
// which are audited as any command.
import type { Command } from 'commander';
import { demoToken } from '../../app/probity-app.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { CommandContext } from '../cli-context.js';
import type { ClusterOps, ClusterPart, ClusterView } from '../cluster-ops.js';

const DEFAULT_DIR = '.cluster';
const DEFAULT_PG_BIN = '/usr/lib/postgresql/15/bin';

function clusterOps(ctx: CommandContext): ClusterOps {
  const ops = ctx.deps.cluster;
  if (!ops) throw new DomainError('UsageError', 'this build of probity has no cluster launcher');
  return ops;
}

function count(name: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new DomainError(
      'UsageError',
      `${name} must be a whole number from ${min} to ${max}, not "${text}"`,
    );
  return n;
}

/** The shape of `status --json` (a contract): the balancer, the servers, the two databases. */
export function clusterJson(view: ClusterView) {
  return {
    balancer: { url: view.balancer.url },
    servers: view.servers.map((s) => ({ url: s.url, pid: s.pid })),
    database: { primary: view.primary.url, standby: view.standby?.url ?? null },
  };
}

function partLines(view: ClusterView): string[] {
  const parts: (ClusterPart & { what: string })[] = [
    { ...view.balancer, what: 'HAProxy' },
    ...view.servers.map((s) => ({ ...s, what: 'probity serve' })),
    { ...view.primary, what: 'PostgreSQL primary' },
  ];
  if (view.standby !== null)
    parts.push({
      ...view.standby,
      what: `PostgreSQL standby (${view.synchronous ? 'synchronous' : 'asynchronous'})`,
    });
  const lines = parts.map(
    (p) =>
      `  ${p.name.padEnd(9)} ${(p.pid === null ? 'stopped' : `running, pid ${p.pid}`).padEnd(20)} ${p.url}  ${p.what}`,
  );
  if (view.standby === null)
    lines.push(
      `  ${'standby'.padEnd(9)} ${'none'.padEnd(20)} (promoted by \`cluster failover\`: \`up\` makes a new one)`,
    );
  return lines;
}

export function registerCluster(program: Command, ctx: CommandContext): void {
  const cluster = program
    .command('cluster')
    .description(
      'a local cluster: PostgreSQL primary and standby, several servers, HAProxy (docs/cluster.md)',
    );
  const say = (text: string) => ctx.deps.stderr.write(`cluster: ${text}\n`);

  cluster
    .command('up')
    .description(
      'start a PostgreSQL primary and streaming standby, the ledger set up once, several probity servers on the primary, HAProxy in front',
    )
    .option('--dir <dir>', 'the scratch directory (made when absent)', DEFAULT_DIR)
    .option('--servers <n>', 'how many probity servers (1 to 9)', '3')
    .option('--sync', 'synchronous replication: a commit waits for the standby (docs/cluster.md)')
    .option('--persons <n>', 'persons of the demo city seeded into a new ledger', '2000')
    .option('--orgs <n>', 'organisations of the demo city seeded into a new ledger', '200')
    .option('--pg-bin <dir>', "where PostgreSQL 15's programs are", DEFAULT_PG_BIN)
    .option('--haproxy <path>', 'the haproxy program', 'haproxy')
    .action(
      async (
        opts: {
          dir: string;
          servers: string;
          sync?: boolean;
          persons: string;
          orgs: string;
          pgBin: string;
          haproxy: string;
        },
        cmd: Command,
      ) => {
        const json = cmd.optsWithGlobals<{ json?: boolean }>().json === true;
        const request = {
          dir: opts.dir,
          servers: count('--servers', opts.servers, 1, 9),
          synchronous: opts.sync === true,
          city: {
            persons: count('--persons', opts.persons, 0, 10_000_000),
            organizations: count('--orgs', opts.orgs, 0, 1_000_000),
          },
          postgresBin: opts.pgBin,
          haproxy: opts.haproxy,
          onStep: say,
        };
        const result = await clusterOps(ctx).up(request);
        if (json) {
          ctx.printJson(clusterJson(result.view));
          return;
        }
        const { view } = result;
        const balancer = view.balancer.url;
        ctx.print(
          [
            result.alreadyUp
              ? `The cluster in ${view.dir} is up already:`
              : `Probity cluster up in ${view.dir}${result.seeded ? ' (demo city just seeded)' : ''}:`,
            ...partLines(view),
            '  Demo agencies (DEMO CREDENTIALS, public by construction), as `npm start` prints them:',
            `    aviation (checks)        Authorization: Bearer ${demoToken('aviation', 1)}`,
            `    court (submits records)  Authorization: Bearer ${demoToken('court', 1)}`,
            '',
            'Try:',
            `  curl -s ${balancer}/readyz`,
            `  curl -s ${balancer}/v1/checks -H 'authorization: Bearer ${demoToken('aviation', 1)}' -H 'content-type: application/json' \\`,
            `    -d '{"subject":"11010519491231002X","measure":"travel.flight","purpose":"enforcement"}'`,
            `  npx probity agency list --db '${view.primary.url}'`,
            `Status: npm run cluster -- status${opts.dir === DEFAULT_DIR ? '' : ` --dir ${opts.dir}`}; stop: npm run cluster -- down${opts.dir === DEFAULT_DIR ? '' : ` --dir ${opts.dir}`}`,
          ].join('\n'),
        );
      },
    );

  cluster
    .command('down')
    .description(
      'stop every process the cluster started, by its id: servers, HAProxy, standby, primary',
    )
    .option('--dir <dir>', 'the scratch directory', DEFAULT_DIR)
    .action(async (opts: { dir: string }, cmd: Command) => {
      const json = cmd.optsWithGlobals<{ json?: boolean }>().json === true;
      const result = await clusterOps(ctx).down({ dir: opts.dir, onStep: say });
      if (json) ctx.printJson({ stopped: result.stopped });
      else if (!result.known) ctx.print(`no cluster in ${opts.dir}: nothing to stop`);
      else
        ctx.print(
          result.stopped.length === 0
            ? `the cluster in ${opts.dir} was not running: nothing to stop`
            : `stopped ${result.stopped.join(', ')} (the data stays in ${opts.dir}: \`up\` starts it again)`,
        );
    });

  cluster
    .command('failover')
    .description(
      'stop the primary at once and promote the standby: the servers reconnect to it by themselves; `up` then makes a new standby',
    )
    .option('--dir <dir>', 'the scratch directory', DEFAULT_DIR)
    .action(async (opts: { dir: string }, cmd: Command) => {
      const json = cmd.optsWithGlobals<{ json?: boolean }>().json === true;
      const result = await clusterOps(ctx).failover({ dir: opts.dir, onStep: say });
      if (json) ctx.printJson(clusterJson(result.view));
      else
        ctx.print(
          [
            `The standby was promoted: it is the primary of the cluster in ${result.view.dir} now.`,
            ...partLines(result.view),
            `The old primary's data: ${result.oldPrimaryData} (kept for inspection; delete it when done).`,
            `A new standby: npm run cluster -- up${opts.dir === DEFAULT_DIR ? '' : ` --dir ${opts.dir}`} (it restarts the cluster whole).`,
          ].join('\n'),
        );
    });

  cluster
    .command('status')
    .description('each part of the cluster: running (pid) or stopped, and its URL')
    .option('--dir <dir>', 'the scratch directory', DEFAULT_DIR)
    .action(async (opts: { dir: string }, cmd: Command) => {
      const json = cmd.optsWithGlobals<{ json?: boolean }>().json === true;
      const view = await clusterOps(ctx).status({ dir: opts.dir });
      if (json) ctx.printJson(clusterJson(view));
      else ctx.print([`Probity cluster in ${view.dir}:`, ...partLines(view)].join('\n'));
    });
}
