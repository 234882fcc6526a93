import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl } from '../../store/postgres-url.js';
import { clusterLayout, serversDatabaseUrl, type ClusterState } from './cluster-state.js';

const STATE: ClusterState = {
  version: 1,
  synchronous: true,
  passwords: { superuser: 's', probity: 'p@ss', replication: 'r' },
  seeded: true,
  primary: { port: 40801, pid: 1 },
  standby: { port: 40803, pid: 2 },
  servers: [{ port: 40805, pid: 3 }],
  balancer: { port: 40807, pid: 4 },
};

describe('the local cluster state', () => {
  it('gives the servers both databases, the primary first, as a --db the store reads', () => {
    const target = parseDatabaseUrl(serversDatabaseUrl(STATE));
    expect(target.hosts).toEqual([
      { host: '127.0.0.1', port: 40801 },
      { host: '127.0.0.1', port: 40803 },
    ]);
    expect(target.targetSessionAttrs).toBe('read-write');
  });

  it('puts the primary in postgres/primary until a failover records postgres/standby', () => {
    expect(clusterLayout('/c', STATE).primaryData).toBe('/c/postgres/primary');
    expect(clusterLayout('/c', STATE).standbyData).toBe('/c/postgres/standby');
    const promoted = clusterLayout('/c', { ...STATE, primaryDir: 'standby' });
    expect(promoted.primaryData).toBe('/c/postgres/standby');
    expect(promoted.standbyData).toBe('/c/postgres/primary');
  });
});
