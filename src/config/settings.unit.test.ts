import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors/domain-error.js';
import { instant } from '../core/time/instant.js';
import { resolveCliSettings } from './cli-config.js';
import { resolveServerSettings } from './server-config.js';
import { SETTINGS } from './settings.js';

const NOW = instant(Date.UTC(2026, 10, 30, 9, 0));
const systemNow = () => NOW;

function failure(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('server settings', () => {
  it('takes every default when nothing is set', () => {
    const s = resolveServerSettings({}, {}, systemNow);
    expect(s).toEqual({
      database: './data/probity.db',
      keyFile: 'data/authority-key.pem',
      fixedNow: undefined,
      host: '127.0.0.1',
      port: 8080,
      logLevel: 'info',
      logDestination: 'stderr',
      timeouts: {
        headersMs: 10_000,
        requestMs: 120_000,
        keepAliveMs: 5_000,
        connectionMs: 300_000,
      },
      publishAt: '02:00',
      publicationsDir: './data/publications/',
      notices: { kind: 'file', path: 'data/notices.jsonl' },
      rateLimitPerMinute: 100_000,
      bodyLimitBytes: 64 * 1024 * 1024,
      snapshot: { file: 'data/probity.db.snapshot', everyEvents: 500_000, everyMs: 600_000 },
    });
  });

  it('puts the engine snapshot beside a SQLite ledger or under ./data, and turns it off with `off`', () => {
    const at = (env: Record<string, string>, db?: string) =>
      resolveServerSettings({ db }, env, systemNow).snapshot;
    expect(at({}, '/srv/p/ledger.db').file).toBe('/srv/p/ledger.db.snapshot');
    expect(at({}, 'postgres://u@127.0.0.1/p').file).toBe('data/engine.snapshot');
    expect(at({ PROBITY_SNAPSHOT_FILE: 'off' }).file).toBeUndefined();
    expect(at({ PROBITY_SNAPSHOT_FILE: '/tmp/e.snap' }).file).toBe('/tmp/e.snap');
    expect(
      at({ PROBITY_SNAPSHOT_EVERY_EVENTS: '1000', PROBITY_SNAPSHOT_EVERY_MINUTES: '2' }),
    ).toMatchObject({ everyEvents: 1000, everyMs: 120_000 });
    expect(() => at({ PROBITY_SNAPSHOT_EVERY_EVENTS: '0' })).toThrow();
  });

  it('prefers a flag to its environment variable, and treats an empty variable as unset', () => {
    const s = resolveServerSettings(
      { port: '9090', db: '/tmp/x/p.db' },
      { PROBITY_PORT: '7070', PROBITY_DATABASE_URL: '/tmp/y.db', PROBITY_HOST: '' },
      systemNow,
    );
    expect(s.port).toBe(9090);
    expect(s.database).toBe('/tmp/x/p.db');
    expect(s.host).toBe('127.0.0.1');
    expect(s.notices).toEqual({ kind: 'file', path: '/tmp/x/notices.jsonl' });
  });

  it('reads the webhook channel with its secret, and a fixed clock', () => {
    const s = resolveServerSettings(
      {},
      {
        PROBITY_NOTICE_WEBHOOK_URL: 'https://notices.example/in',
        PROBITY_NOTICE_WEBHOOK_SECRET: 'a-secret-of-20-chars',
        PROBITY_NOW: '2026-03-01T00:00:00Z',
      },
      systemNow,
    );
    expect(s.notices).toEqual({
      kind: 'webhook',
      url: 'https://notices.example/in',
      secret: 'a-secret-of-20-chars',
    });
    expect(s.fixedNow).toBe(Date.UTC(2026, 2, 1));
  });

  it('reports every bad setting together, one detail each', () => {
    const error = failure(() =>
      resolveServerSettings(
        { port: '80800' },
        {
          PROBITY_LOG_LEVEL: 'loud',
          PROBITY_PUBLISH_AT: '2am',
          PROBITY_NOTICE_WEBHOOK_URL: 'ftp://x',
          PROBITY_RATE_LIMIT: '-1',
          PROBITY_BODY_LIMIT_MB: 'lots',
          PROBITY_NOW: 'yesterday',
        },
        systemNow,
      ),
    );
    expect(error.code).toBe('ConfigInvalid');
    expect(error.details.map((d) => d.path)).toEqual([
      'PROBITY_NOW',
      '--port',
      'PROBITY_LOG_LEVEL',
      'PROBITY_PUBLISH_AT',
      'PROBITY_NOTICE_WEBHOOK_URL',
      'PROBITY_RATE_LIMIT',
      'PROBITY_BODY_LIMIT_MB',
    ]);
    expect(error.message).toMatch(/^7 settings are invalid: /);
  });

  it('reads the HTTP timeouts in seconds, 0 turning the connection timeout off', () => {
    const s = resolveServerSettings(
      {},
      {
        PROBITY_HEADERS_TIMEOUT_S: '4',
        PROBITY_REQUEST_TIMEOUT_S: '30',
        PROBITY_KEEP_ALIVE_TIMEOUT_S: '2',
        PROBITY_CONNECTION_TIMEOUT_S: '0',
        PROBITY_LOG_LEVEL: 'debug',
        PROBITY_LOG_DESTINATION: '/var/log/probity.jsonl',
      },
      systemNow,
    );
    expect(s.timeouts).toEqual({
      headersMs: 4_000,
      requestMs: 30_000,
      keepAliveMs: 2_000,
      connectionMs: 0,
    });
    expect(s.logLevel).toBe('debug');
    expect(s.logDestination).toBe('/var/log/probity.jsonl');
  });

  it('refuses bad timeouts together, and a request timeout shorter than the headers timeout', () => {
    const error = failure(() =>
      resolveServerSettings(
        {},
        {
          PROBITY_HEADERS_TIMEOUT_S: '0',
          PROBITY_KEEP_ALIVE_TIMEOUT_S: 'soon',
          PROBITY_CONNECTION_TIMEOUT_S: '-5',
        },
        systemNow,
      ),
    );
    expect(error.code).toBe('ConfigInvalid');
    expect(error.details.map((d) => d.path)).toEqual([
      'PROBITY_HEADERS_TIMEOUT_S',
      'PROBITY_KEEP_ALIVE_TIMEOUT_S',
      'PROBITY_CONNECTION_TIMEOUT_S',
    ]);
    const shorter = failure(() =>
      resolveServerSettings(
        {},
        { PROBITY_HEADERS_TIMEOUT_S: '60', PROBITY_REQUEST_TIMEOUT_S: '30' },
        systemNow,
      ),
    );
    expect(shorter.code).toBe('ConfigInvalid');
    expect(shorter.message).toContain('PROBITY_REQUEST_TIMEOUT_S (30 s) is shorter than');
  });

  it('refuses a webhook without a secret long enough to sign with', () => {
    const error = failure(() =>
      resolveServerSettings(
        {},
        {
          PROBITY_NOTICE_WEBHOOK_URL: 'http://127.0.0.1:9/n',
          PROBITY_NOTICE_WEBHOOK_SECRET: 'short',
        },
        systemNow,
      ),
    );
    expect(error.code).toBe('ConfigInvalid');
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'PROBITY_NOTICE_WEBHOOK_SECRET' }),
    ]);
  });
});

describe('CLI settings', () => {
  it('keeps the code of a lone problem, so a bad --now is still InvalidNow', () => {
    const error = failure(() => resolveCliSettings({ now: 'soon' }, {}, systemNow));
    expect(error.code).toBe('InvalidNow');
    expect(error.message).toMatch(/^--now "soon" is not a date/);
  });

  it('puts the signing key file beside a SQLite ledger, under ./data on PostgreSQL, unless named', () => {
    expect(resolveCliSettings({ db: '/srv/p/probity.db' }, {}, systemNow).keyFile).toBe(
      '/srv/p/authority-key.pem',
    );
    expect(resolveCliSettings({ db: 'postgres://h/db' }, {}, systemNow).keyFile).toBe(
      'data/authority-key.pem',
    );
    expect(
      resolveCliSettings({ keyFile: '/k/flag.pem' }, { PROBITY_KEY_FILE: '/k/env.pem' }, systemNow)
        .keyFile,
    ).toBe('/k/flag.pem');
    expect(resolveCliSettings({}, { PROBITY_KEY_FILE: '/k/env.pem' }, systemNow).keyFile).toBe(
      '/k/env.pem',
    );
  });

  it('reads the citizen portal address notices name, and refuses one that is not a plain http(s) URL', () => {
    expect(resolveCliSettings({}, {}, systemNow).portalUrl).toBeUndefined();
    expect(
      resolveCliSettings({}, { PROBITY_PORTAL_URL: 'https://credit.example/citizen/' }, systemNow)
        .portalUrl,
    ).toBe('https://credit.example/citizen');
    expect(
      resolveServerSettings({}, { PROBITY_PORTAL_URL: 'http://10.0.0.5/c' }, systemNow).portalUrl,
    ).toBe('http://10.0.0.5/c');
    for (const bad of ['portal', 'mailto:a@b.c', 'https://u:p@x/c', 'https://x/c#top']) {
      const error = failure(() => resolveCliSettings({}, { PROBITY_PORTAL_URL: bad }, systemNow));
      expect(error.code).toBe('ConfigInvalid');
      expect(error.message).toContain('PROBITY_PORTAL_URL');
    }
  });

  it('says whether the clock was fixed', () => {
    expect(resolveCliSettings({}, {}, systemNow).fixedClock).toBe(false);
    expect(resolveCliSettings({}, { PROBITY_NOW: '2026-01-01' }, systemNow)).toMatchObject({
      fixedClock: true,
      now: Date.UTC(2026, 0, 1),
    });
  });
});

describe('the README', () => {
  it('documents every setting in its settings table, with its variable and flag', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| `PROBITY_'));
    for (const spec of Object.values(SETTINGS)) {
      const row = rows.find((r) => r.includes(`\`${spec.env}\``));
      expect(row, spec.env).toBeDefined();
      if ('flag' in spec) expect(row, spec.env).toContain(`\`${spec.flag}\``);
    }
    expect(rows).toHaveLength(Object.keys(SETTINGS).length);
  });
});
