// The HTTP server's timeouts come from the settings (issue 10, failure 9): headers, whole request,
// keep-alive and silent connection, each a `PROBITY_*_TIMEOUT_S` variable, wired into the Fastify
// server `probity serve` builds. What the slow clients meet is tested in slow-clients.e2e.test.ts.
import { afterAll, expect, it } from 'vitest';
import { resolveServerSettings } from '../../src/config/server-config.js';
import { instant } from '../../src/core/time/instant.js';
import { httpLimitsOf } from '../../src/main/server.js';
import { startHarness, type Harness } from './http-harness.js';

const harnesses: Harness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.close();
});

async function serverWith(env: Record<string, string>) {
  const settings = resolveServerSettings({}, env, () => instant(0));
  const h = await startHarness({ server: { limits: httpLimitsOf(settings) }, load: false });
  harnesses.push(h);
  return h.app.server;
}

it('sets the headers, request, keep-alive and connection timeouts of the HTTP server from the settings', async () => {
  const server = await serverWith({
    PROBITY_HEADERS_TIMEOUT_S: '7',
    PROBITY_REQUEST_TIMEOUT_S: '45',
    PROBITY_KEEP_ALIVE_TIMEOUT_S: '3',
    PROBITY_CONNECTION_TIMEOUT_S: '90',
  });
  expect(server.headersTimeout).toBe(7_000);
  expect(server.requestTimeout).toBe(45_000);
  expect(server.keepAliveTimeout).toBe(3_000);
  expect(server.timeout).toBe(90_000);
});

it('keeps the defaults without settings: 10 s, 120 s, 5 s and 300 s', async () => {
  const server = await serverWith({});
  expect(server.headersTimeout).toBe(10_000);
  expect(server.requestTimeout).toBe(120_000);
  expect(server.keepAliveTimeout).toBe(5_000);
  expect(server.timeout).toBe(300_000);
});
