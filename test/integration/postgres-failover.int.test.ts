// The store's connections to a ledger of several hosts (src/store/postgres-failover.ts;
// docs/cluster.md, "The database's failover"), on real sockets: a host that refuses connections
// is passed over for the next, a host that takes no writes counts as gone, and when no host can
// be reached the store answers StoreUnavailable once its bounded wait is over, never hanging.
// The promotion itself is drilled in test/e2e/database-failover.e2e.test.ts.
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors/domain-error.js';
import { openStore } from '../../src/store/index.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { probity } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

/** A port of 127.0.0.1 nothing listens on (taken from the system, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return 'answered';
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
}

/** `location` (a one-host URL) with `hosts` in front of its own host, and `params` added. */
function withHosts(location: string, hosts: readonly string[], params: Record<string, string>) {
  const url = new URL(location);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  const own = `${url.hostname}:${url.port || '5432'}`;
  return url
    .toString()
    .replace(`@${url.host}/`, `@${[...hosts, own].join(',')}/`)
    .replace(/^postgresql:/, 'postgres:');
}

describe('a ledger whose hosts all refuse connections', () => {
  it('answers StoreUnavailable once the bounded wait is over, the hosts in its cause only', async () => {
    const [a, b] = [await closedPort(), await closedPort()];
    const store = openPostgresStore(`postgres://probity:secret@127.0.0.1:${a},127.0.0.1:${b}/x`);
    try {
      let error: unknown;
      await store.headSeq().catch((e: unknown) => (error = e));
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('StoreUnavailable');
      // An answer never shows the topology behind the server; the log has it, never the password.
      expect((error as DomainError).message).not.toContain('127.0.0.1');
      const cause = String((error as DomainError).cause);
      expect(cause).toContain(`hosts 127.0.0.1:${a},127.0.0.1:${b}`);
      expect(cause).not.toContain('secret');
    } finally {
      await store.close();
    }
  }, 20_000);
});

describe('a --db of several hosts written wrong', () => {
  it('is refused by the CLI with ConfigInvalid (exit 2), saying what is wrong, no password shown', async () => {
    const run = await probity(['agency', 'list', '--db', 'postgres://u:hunter2@h1,,h2/db']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error ConfigInvalid: .*has an empty host in its list of hosts/);
    expect(run.stderr).not.toContain('hunter2');
  });
});

const targets = storeTargets('failover').filter((t) => t.name === 'PostgreSQL');

describe.each(targets)('a ledger of several hosts, on $name', (target) => {
  afterAll(() => target.end());

  it('is opened (migrated, read) on the first host that takes writes, past one that refuses', async () => {
    const location = await target.newLocation();
    const url = withHosts(location, [`127.0.0.1:${await closedPort()}`], {
      target_session_attrs: 'read-write',
    });
    const store = await openStore(url);
    try {
      expect(await store.headSeq()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('takes a read-only server for gone: a write refused with 25006 answers StoreUnavailable', async () => {
    const location = await target.newLocation();
    await (await openStore(location)).close();
    const url = new URL(location);
    url.searchParams.set(
      'options',
      `${url.searchParams.get('options') ?? ''} -c default_transaction_read_only=on`,
    );
    // Without target_session_attrs (one host: any), the connection is kept and the write refused.
    const store = openPostgresStore(url.toString());
    try {
      expect(await store.headSeq()).toBe(0);
      expect(await codeOf(store.transaction((tx) => tx.lockHead()))).toBe('StoreUnavailable');
    } finally {
      await store.close();
    }
  });

  it('passes over a read-only server for read-write, and answers StoreUnavailable when none is left', async () => {
    const location = await target.newLocation();
    const url = new URL(location);
    url.searchParams.set(
      'options',
      `${url.searchParams.get('options') ?? ''} -c default_transaction_read_only=on`,
    );
    url.searchParams.set('target_session_attrs', 'read-write');
    const store = openPostgresStore(url.toString());
    try {
      expect(await codeOf(store.headSeq())).toBe('StoreUnavailable');
    } finally {
      await store.close();
    }
  }, 20_000);
});
