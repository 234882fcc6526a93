// Slow clients cannot hold the server's connections: a client that sends its headers a byte at a
// time, or a body a byte at a time, is answered 408 and its connection closed by the server once
// the headers or request deadline passes (small deadlines here through the server's limits; the
// defaults are in docs/http-api.md). Every loop is bounded by a count of writes, and the test
// asserts the server closed the connection before the client ran out of bytes to trickle.
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './http-harness.js';

const HEADERS_TIMEOUT_MS = 300;
const REQUEST_TIMEOUT_MS = 600;
const TRICKLE_EVERY_MS = 50;
/** Far more writes than the deadlines allow (60 × 50 ms = 3 s against 0.3 s and 0.6 s). */
const MAX_WRITES = 60;

interface Trickled {
  /** Whether the server closed the connection before the client had written everything. */
  readonly closedByServer: boolean;
  readonly writes: number;
  readonly answer: string;
}

/** Sends `head` at once, then `trickle` one byte per tick until the server closes or it runs out. */
function trickle(port: number, head: string, trickle: string): Promise<Trickled> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ host: '127.0.0.1', port });
    let answer = '';
    let writes = 0;
    let closed = false;
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined); // a write after the server's close: EPIPE or ECONNRESET
    socket.on('close', () => {
      closed = true;
      clearInterval(timer);
      resolve({ closedByServer: writes < trickle.length, writes, answer });
    });
    socket.write(head);
    const timer = setInterval(() => {
      if (closed) return;
      if (writes >= trickle.length) {
        clearInterval(timer);
        socket.destroy();
        return;
      }
      socket.write(trickle[writes] ?? '');
      writes += 1;
    }, TRICKLE_EVERY_MS);
  });
}

describe('slow clients', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness({
      server: {
        limits: { headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS },
      },
    });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    port = (h.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => h.close());

  it('answers 408 and closes the connection of a client that sends its headers slowly', async () => {
    const headers = 'x-slow: ' + 'a'.repeat(MAX_WRITES);
    const run = await trickle(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', headers);
    expect(run.closedByServer).toBe(true);
    expect(run.answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers 408 and closes the connection of a client that sends its body slowly', async () => {
    const body = JSON.stringify({ identifier: 'x'.repeat(MAX_WRITES), code: '123456' });
    const head =
      'POST /v1/citizen/session HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const run = await trickle(port, head, body);
    expect(run.closedByServer).toBe(true);
    expect(run.answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('still answers a client that sends its request at once', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });
});
