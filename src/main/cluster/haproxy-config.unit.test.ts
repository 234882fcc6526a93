import { describe, expect, it } from 'vitest';
import { haproxyConfig } from './haproxy-config.js';

describe('the local cluster HAProxy configuration', () => {
  const config = haproxyConfig({
    port: 18_080,
    servers: [
      { name: 'server-1', port: 18_081 },
      { name: 'server-2', port: 18_082 },
      { name: 'server-3', port: 18_083 },
    ],
  });
  const lines = config.split('\n').map((l) => l.trim());

  it('listens on 127.0.0.1 only, on the port given', () => {
    expect(lines).toContain('bind 127.0.0.1:18080');
    expect(lines.filter((l) => l.startsWith('bind '))).toEqual(['bind 127.0.0.1:18080']);
  });

  it('balances round robin over every server, each health-checked', () => {
    expect(lines).toContain('balance roundrobin');
    expect(lines.filter((l) => l.startsWith('server '))).toEqual([
      'server server-1 127.0.0.1:18081 check',
      'server server-2 127.0.0.1:18082 check',
      'server server-3 127.0.0.1:18083 check',
    ]);
  });

  it('checks GET /readyz for a 200, often, taking a server out after two failures', () => {
    expect(lines).toContain('option httpchk GET /readyz');
    expect(lines).toContain('http-check expect status 200');
    const defaults = lines.find((l) => l.startsWith('default-server ')) ?? '';
    expect(defaults).toMatch(/\binter 500ms\b/);
    expect(defaults).toMatch(/\bfall 2\b/);
    expect(defaults).toMatch(/\brise 1\b/);
  });

  it('sends a request whose connection failed to another server, and retries nothing else', () => {
    expect(lines).toContain('option redispatch 1');
    expect(lines).toContain('retry-on conn-failure');
    expect(lines.some((l) => /^retries [1-9]$/.test(l))).toBe(true);
  });
});
