// `probity cluster` as a door: what it asks the launcher for and what it prints, with a launcher
// that starts nothing (the real one is attacked by test/e2e/cluster.e2e.test.ts).
import { describe, expect, it } from 'vitest';
import { instant } from '../../core/time/instant.js';
import type { CliDeps } from '../cli-context.js';
import type { ClusterOps, ClusterUpRequest, ClusterView } from '../cluster-ops.js';
import { runProgram } from '../program.js';

const VIEW: ClusterView = {
  dir: '/tmp/c',
  synchronous: false,
  primary: {
    name: 'primary',
    url: 'postgres://probity:pw@127.0.0.1:5001/probity',
    pid: 11,
    log: '',
  },
  standby: {
    name: 'standby',
    url: 'postgres://probity:pw@127.0.0.1:5002/probity',
    pid: 12,
    log: '',
  },
  servers: [
    { name: 'server-1', url: 'http://127.0.0.1:5003', pid: 13, log: '' },
    { name: 'server-2', url: 'http://127.0.0.1:5004', pid: null, log: '' },
  ],
  balancer: { name: 'balancer', url: 'http://127.0.0.1:5005', pid: 15, log: '' },
};

async function run(args: string[]) {
  const asked: ClusterUpRequest[] = [];
  const cluster: ClusterOps = {
    up: (request) => {
      asked.push(request);
      return Promise.resolve({ alreadyUp: false, seeded: true, view: VIEW });
    },
    down: () => Promise.resolve({ known: true, stopped: ['server-1', 'balancer'] }),
    status: () => Promise.resolve(VIEW),
    failover: () =>
      Promise.resolve({
        view: { ...VIEW, primary: { ...VIEW.primary, url: VIEW.standby!.url }, standby: null },
        oldPrimaryData: '/tmp/c/postgres/primary.old-1',
      }),
  };
  let stdout = '';
  let stderr = '';
  const deps: CliDeps = {
    openApp: () => Promise.reject(new Error('cluster opens no store')),
    systemNow: () => instant(Date.UTC(2026, 0, 1)),
    env: {},
    stdout: { write: (t) => void (stdout += t), isTTY: false },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
    policiesDir: '',
    cluster,
  };
  const code = await runProgram(args, deps);
  return { code, stdout, stderr, asked };
}

describe('probity cluster', () => {
  it('prints status --json in exactly the documented shape, a stopped server with pid null', async () => {
    const { code, stdout } = await run(['cluster', 'status', '--json']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      `${JSON.stringify({
        balancer: { url: 'http://127.0.0.1:5005' },
        servers: [
          { url: 'http://127.0.0.1:5003', pid: 13 },
          { url: 'http://127.0.0.1:5004', pid: null },
        ],
        database: {
          primary: 'postgres://probity:pw@127.0.0.1:5001/probity',
          standby: 'postgres://probity:pw@127.0.0.1:5002/probity',
        },
      })}\n`,
    );
  });

  it('asks for three servers, asynchronous, in .cluster by default', async () => {
    const { code, asked } = await run(['cluster', 'up']);
    expect(code).toBe(0);
    expect(asked[0]).toMatchObject({
      dir: '.cluster',
      servers: 3,
      synchronous: false,
      city: { persons: 2000, organizations: 200 },
      postgresBin: '/usr/lib/postgresql/15/bin',
      haproxy: 'haproxy',
    });
  });

  it('passes --sync, --servers and --dir on, and prints the parts and the demo tokens', async () => {
    const { code, asked, stdout } = await run([
      'cluster',
      'up',
      '--sync',
      '--servers',
      '2',
      '--dir',
      '/tmp/c',
    ]);
    expect(code).toBe(0);
    expect(asked[0]).toMatchObject({ dir: '/tmp/c', servers: 2, synchronous: true });
    expect(stdout).toMatch(/server-2 +stopped +http:\/\/127\.0\.0\.1:5004/);
    expect(stdout).toMatch(/Bearer demo-aviation-1/);
  });

  it('refuses a number of servers out of range as a usage error, asking for nothing', async () => {
    const { code, asked, stderr } = await run(['cluster', 'up', '--servers', '12']);
    expect(code).toBe(2);
    expect(asked).toEqual([]);
    expect(stderr).toMatch(/^error UsageError: --servers must be a whole number from 1 to 9/);
  });

  it('prints failover --json in the status shape: the promoted database the primary, no standby', async () => {
    const { code, stdout } = await run(['cluster', 'failover', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      balancer: { url: 'http://127.0.0.1:5005' },
      servers: [
        { url: 'http://127.0.0.1:5003', pid: 13 },
        { url: 'http://127.0.0.1:5004', pid: null },
      ],
      database: { primary: 'postgres://probity:pw@127.0.0.1:5002/probity', standby: null },
    });
  });

  it('says after a failover that there is no standby until up makes one', async () => {
    const { code, stdout } = await run(['cluster', 'failover']);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /standby +none +\(promoted by `cluster failover`: `up` makes a new one\)/,
    );
    expect(stdout).toContain('/tmp/c/postgres/primary.old-1');
  });

  it('prints what down stopped', async () => {
    const { code, stdout } = await run(['cluster', 'down', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ stopped: ['server-1', 'balancer'] });
  });
});
