import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors/domain-error.js';
import { isConnectionLoss } from './postgres-failover.js';
import { parseDatabaseUrl, redact } from './postgres-url.js';

function refusal(url: string): DomainError {
  try {
    parseDatabaseUrl(url);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${url} was accepted`);
}

describe('a PostgreSQL ledger URL', () => {
  it('of one host is passed to pg exactly as given, with no writability check', () => {
    const url = 'postgres://probity:pw@127.0.0.1:5432/probity_test?sslmode=disable';
    expect(parseDatabaseUrl(url)).toEqual({
      hosts: [{ host: '127.0.0.1', port: 5432 }],
      hostUrls: [url],
      targetSessionAttrs: 'any',
    });
  });

  it('of one host without a port uses 5432, and postgresql:// is the same scheme', () => {
    expect(parseDatabaseUrl('postgresql://u@db.example/ledger').hosts).toEqual([
      { host: 'db.example', port: 5432 },
    ]);
  });

  it('of several hosts gives one single-host URL per host, in order, and wants the writable one', () => {
    const target = parseDatabaseUrl(
      'postgres://probity:s%40cret@127.0.0.1:40801,127.0.0.1:40803,db2/probity?target_session_attrs=read-write&application_name=x',
    );
    expect(target.hosts).toEqual([
      { host: '127.0.0.1', port: 40801 },
      { host: '127.0.0.1', port: 40803 },
      { host: 'db2', port: 5432 },
    ]);
    expect(target.hostUrls).toEqual([
      'postgres://probity:s%40cret@127.0.0.1:40801/probity?application_name=x',
      'postgres://probity:s%40cret@127.0.0.1:40803/probity?application_name=x',
      'postgres://probity:s%40cret@db2:5432/probity?application_name=x',
    ]);
    expect(target.targetSessionAttrs).toBe('read-write');
  });

  it('of several hosts wants the writable one by default, and takes primary or any when asked', () => {
    const hosts = 'postgres://u:p@10.0.0.1:5432,10.0.0.2:5432/db';
    expect(parseDatabaseUrl(hosts).targetSessionAttrs).toBe('read-write');
    expect(parseDatabaseUrl(`${hosts}?target_session_attrs=primary`).targetSessionAttrs).toBe(
      'primary',
    );
    expect(parseDatabaseUrl(`${hosts}?target_session_attrs=any`).targetSessionAttrs).toBe('any');
  });

  it('of one host with target_session_attrs checks writability, the parameter kept from pg', () => {
    const target = parseDatabaseUrl(
      'postgres://u:p@127.0.0.1:6000/db?target_session_attrs=read-write',
    );
    expect(target.targetSessionAttrs).toBe('read-write');
    expect(target.hostUrls).toEqual(['postgres://u:p@127.0.0.1:6000/db']);
  });

  it('takes IPv6 addresses in brackets', () => {
    expect(parseDatabaseUrl('postgres://u@[::1]:5433,[fe80::2]/db').hosts).toEqual([
      { host: '[::1]', port: 5433 },
      { host: '[fe80::2]', port: 5432 },
    ]);
  });

  it.each([
    ['mysql://u@h/db', 'is not a postgres:// URL'],
    ['postgres:///db', 'names no host'],
    ['postgres://u:p@/db', 'names no host'],
    ['postgres://u@h1,,h2/db', 'empty host'],
    ['postgres://u@h1,/db', 'empty host'],
    ['postgres://u@h1:0/db', 'bad port "0"'],
    ['postgres://u@h1:65536/db', 'bad port "65536"'],
    ['postgres://u@h1:54x2/db', 'bad port "54x2"'],
    ['postgres://u@h1:5432,:5433/db', 'port without a host'],
    ['postgres://u@h 1/db', 'bad host name'],
    ['postgres://u@[::1/db', 'unclosed IPv6'],
    ['postgres://u@h1,h2/db?target_session_attrs=standby', 'target_session_attrs=standby'],
    ['postgres://u@h1,h2/db?target_session_attrs=read-only', 'target_session_attrs=read-only'],
    [
      'postgres://u@h1/db?target_session_attrs=any&target_session_attrs=primary',
      'target_session_attrs twice',
    ],
    ['postgres://u@h1/db#x', 'fragment'],
  ])('refuses %s with ConfigInvalid, saying what is wrong', (url, why) => {
    const error = refusal(url);
    expect(error.code).toBe('ConfigInvalid');
    expect(error.message).toContain(why);
  });

  it('never quotes its password in a refusal', () => {
    const error = refusal('postgres://probity:hunter2@h1:99999/db');
    expect(error.message).not.toContain('hunter2');
    expect(redact('postgres://probity:hunter2@h1/db')).toBe('postgres://probity:…@h1/db');
  });
});

describe('a connection loss, as the failover sees it', () => {
  it.each([
    [{ code: 'ECONNREFUSED' }, true],
    [{ code: 'ECONNRESET' }, true],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }, true],
    [{ code: '57P03', message: 'the database system is starting up' }, true],
    [{ code: '08006' }, true],
    [{ code: '25006', message: 'cannot execute INSERT in a read-only transaction' }, true],
    [new Error('Connection terminated unexpectedly'), true],
    [{ code: '23505', message: 'duplicate key value' }, false],
    [{ code: '40001' }, false],
    [new Error('syntax error'), false],
  ])('%o is a loss: %s', (error, loss) => {
    expect(isConnectionLoss(error)).toBe(loss);
  });
});
