// The `--db` of a PostgreSQL ledger, as libpq (and psql) read a URI, including its multi-host form:
//
//   postgres://user:password@h1:5432,h2:5433/probity?target_session_attrs=read-write
//
// node-postgres (pg) reads a single host only: it has no multi-host connection string and no
// target_session_attrs (brianc/node-postgres issue 1470, "PostgreSQL 10 support", still open; the
// same request for pg-native, brianc/node-pg-native issue 96). So the URL is taken apart here,
// once: each host becomes a single-host URL of its own (the same user, password, database and
// other parameters, which pg reads as it always has), and postgres-failover.ts tries them in turn.
// A URL of one host is passed to pg exactly as given.
import { DomainError } from '../core/errors/domain-error.js';

/** Which server of the list a connection keeps (libpq's values that make sense for a writer). */
export type TargetSessionAttrs = 'any' | 'read-write' | 'primary';

export interface DatabaseHost {
  readonly host: string;
  readonly port: number;
}

export interface DatabaseTarget {
  /** The hosts in the order given (one or more). */
  readonly hosts: readonly DatabaseHost[];
  /** One single-host URL per host, in the same order, without target_session_attrs. */
  readonly hostUrls: readonly string[];
  /**
   * `read-write` and `primary`: a connection is kept only on a server not in recovery (not a
   * standby). The default is `read-write` when several hosts are given (a Probity server writes
   * the ledger: a standby is never what it wants) and `any` for one host (as before: no check).
   */
  readonly targetSessionAttrs: TargetSessionAttrs;
}

const DEFAULT_PORT = 5432;
const SCHEME = /^(postgres(?:ql)?):\/\//i;
const ATTRS: readonly TargetSessionAttrs[] = ['any', 'read-write', 'primary'];

function invalid(url: string, why: string): DomainError {
  return new DomainError(
    'ConfigInvalid',
    `the database URL ${redact(url)} ${why}; expected postgres://user:password@host[:port][,host2[:port2]...]/database[?target_session_attrs=read-write]`,
  );
}

/** The URL with its password replaced by `…` (for messages). */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, '$1…@');
}

/** One `host[:port]` of the list; IPv6 addresses in brackets (`[::1]:5432`). */
function parseHost(url: string, text: string): DatabaseHost {
  if (text === '') throw invalid(url, 'has an empty host in its list of hosts');
  let host: string;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const end = text.indexOf(']');
    if (end < 0) throw invalid(url, `has an unclosed IPv6 address "${text}"`);
    host = text.slice(0, end + 1);
    const rest = text.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':'))
      throw invalid(url, `has "${rest}" after the address ${host}`);
    portText = rest === '' ? undefined : rest.slice(1);
  } else {
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? undefined : text.slice(colon + 1);
    if (host === '') throw invalid(url, `has a port without a host ("${text}")`);
    if (/[^A-Za-z0-9._%-]/.test(host)) throw invalid(url, `has a bad host name "${host}"`);
  }
  if (portText === undefined) return { host, port: DEFAULT_PORT };
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 1 && port <= 65_535))
    throw invalid(url, `has a bad port "${portText}" (a number from 1 to 65535)`);
  return { host, port };
}

/**
 * Takes a `postgres://` or `postgresql://` URL apart (one host or several); ConfigInvalid, with
 * what is wrong, for a URL that is not one.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const scheme = SCHEME.exec(url);
  if (!scheme) throw invalid(url, 'is not a postgres:// URL');
  const rest = url.slice(scheme[0].length);
  // The authority ends at the first '/', '?' or '#'; the credentials at its last '@'.
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  if (tail.includes('#')) throw invalid(url, 'has a fragment (#)');
  const at = authority.lastIndexOf('@');
  const credentials = at < 0 ? '' : authority.slice(0, at + 1);
  const hostList = at < 0 ? authority : authority.slice(at + 1);
  if (hostList === '') throw invalid(url, 'names no host');
  const hosts = hostList.split(',').map((h) => parseHost(url, h));

  const query = tail.indexOf('?');
  const path = query < 0 ? tail : tail.slice(0, query);
  const params = new URLSearchParams(query < 0 ? '' : tail.slice(query + 1));
  const asked = params.get('target_session_attrs');
  if (params.getAll('target_session_attrs').length > 1)
    throw invalid(url, 'gives target_session_attrs twice');
  if (asked !== null && !(ATTRS as readonly string[]).includes(asked))
    throw invalid(
      url,
      `asks target_session_attrs=${asked}; a Probity server writes the ledger: use read-write (or primary, or any)`,
    );
  params.delete('target_session_attrs');
  const targetSessionAttrs =
    (asked as TargetSessionAttrs | null) ?? (hosts.length > 1 ? 'read-write' : 'any');
  const search = params.toString();
  const hostUrls =
    hosts.length === 1 && asked === null
      ? [url]
      : hosts.map(
          (h) =>
            `${scheme[1]}://${credentials}${h.host}:${h.port}${path}${search === '' ? '' : `?${search}`}`,
        );
  return { hosts, hostUrls, targetSessionAttrs };
}

/** Whether `location` names a PostgreSQL ledger (a `postgres://` or `postgresql://` URL). */
export function isPostgresUrl(location: string): boolean {
  return SCHEME.test(location);
}
