// The HAProxy configuration of the local cluster (docs/cluster.md): one frontend on 127.0.0.1,
// round robin over the Probity servers, each health-checked on GET /readyz (200 once its engine
// has loaded the ledger) every half second: two failed checks take a server out, one good check
// brings it back. A request whose connection to a server fails is sent again to another server
// (`retries` with `option redispatch`); one a server had already received when it died is not
// (it may have been written): the client gets a 502 or 503 and may send it again.

export interface BalancedServer {
  readonly name: string;
  readonly port: number;
}

export interface HaproxySettings {
  /** The port HAProxy listens on, on 127.0.0.1. */
  readonly port: number;
  readonly servers: readonly BalancedServer[];
  /** Milliseconds between health checks. */
  readonly checkEveryMs?: number;
}

export function haproxyConfig(settings: HaproxySettings): string {
  const inter = settings.checkEveryMs ?? 500;
  return [
    '# Written by `probity cluster up` (docs/cluster.md); rewritten at every `up`.',
    'global',
    '    maxconn 4096',
    '',
    'defaults',
    '    mode http',
    '    timeout connect 2s',
    '    timeout client 130s',
    '    timeout server 130s',
    '    timeout http-request 15s',
    '    timeout queue 10s',
    // A failed connection is tried again, on another server (redispatch); only connection
    // failures are retried, never a request a server may have acted on.
    '    retries 3',
    '    option redispatch 1',
    '    retry-on conn-failure',
    '',
    'frontend probity',
    `    bind 127.0.0.1:${settings.port}`,
    '    default_backend probity_servers',
    '',
    'backend probity_servers',
    '    balance roundrobin',
    '    option httpchk GET /readyz',
    '    http-check expect status 200',
    `    default-server inter ${inter}ms fastinter ${inter}ms downinter ${inter}ms fall 2 rise 1 on-marked-down shutdown-sessions`,
    ...settings.servers.map((s) => `    server ${s.name} 127.0.0.1:${s.port} check`),
    '',
  ].join('\n');
}
