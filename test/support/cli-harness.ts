// Runs the real `probity` command line in tests: in-process through the same program the binary
// runs (fast, with real stores), or as a child process of bin/probity.js (for what only a real
// process shows: exit codes of the binary, a kill in the middle of an import).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliDeps } from '../../src/cli/cli-context.js';
import { runProgram } from '../../src/cli/program.js';
import { instant } from '../../src/core/time/instant.js';
import { openCliApp } from '../../src/main/cli-app.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(REPO_ROOT, 'bin', 'probity.js');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout lines parsed as JSON (those that are JSON objects). */
  json<T = Record<string, unknown>>(): T[];
}

function run(code: number, stdout: string, stderr: string): CliRun {
  return {
    code,
    stdout,
    stderr,
    json: <T>() =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as T),
  };
}

export function scratchDir(prefix = 'probity-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Runs the CLI in this process with a real store and the given environment; `deps` adds what a
 * command needs from the composition root beyond a store (e.g. `cluster`, the local cluster).
 */
export async function probity(
  args: readonly string[],
  env: Record<string, string> = {},
  deps: Pick<CliDeps, 'cluster'> = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runProgram(args, {
    openApp: openCliApp,
    systemNow: () => instant(Date.now()),
    env,
    stdout: { write: (t) => void (stdout += t), isTTY: false },
    stderr: { write: (t) => void (stderr += t), isTTY: false },
    policiesDir: join(REPO_ROOT, 'policies'),
    ...deps,
  });
  return run(code, stdout, stderr);
}

/** Runs bin/probity.js as a child process (needs `npm run build`, which `npm test` does first). */
export function probityProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 3) : 0;
        resolve(run(code, stdout, stderr));
      },
    );
  });
}

/**
 * bin/probity.js as a child process killed (SIGKILL) past `timeoutMs`, for commands that start
 * or stop other processes and must never hang a suite; exit code -1 when it was killed.
 */
export function probityWithin(args: readonly string[], timeoutMs: number): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve(run(code, stdout, stderr));
      },
    );
  });
}

export function spawnProbity(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A `probity serve` child process, listening at `url`; `stderr()` is what it printed so far. */
export interface ServeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly cwd: string;
  readonly stderr: () => string;
}

/**
 * Starts `probity serve --db <db>` (bin/probity.js) on 127.0.0.1, any free port, in `cwd`, with
 * the clock fixed at `now`; resolves once it prints its URL (`--json`), or fails after 60 s or
 * when it exits first. The environment's PROBITY_NOW and PROBITY_DATABASE_URL are not passed on.
 */
export function startServeProcess(options: {
  readonly db: string;
  readonly keyFile: string;
  readonly now: string;
  readonly cwd: string;
}): Promise<ServeProcess> {
  const { db, keyFile, now, cwd } = options;
  const env: NodeJS.ProcessEnv = { ...process.env, PROBITY_LOG_LEVEL: 'warn' };
  delete env['PROBITY_NOW'];
  delete env['PROBITY_DATABASE_URL'];
  const child = spawn(
    process.execPath,
    [
      ...[BIN, 'serve', '--db', db, '--key-file', keyFile],
      ...['--port', '0', '--host', '127.0.0.1', '--now', now, '--json'],
    ],
    { cwd, stdio: ['ignore', 'pipe', 'pipe'], env },
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in 60 s: ${stderr}`));
    }, 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      stdout += d.toString();
      // The line `serve --json` prints once listening: {"url", "docs", "openapi"}.
      const printed = stdout
        .split('\n')
        .filter((l) => l.startsWith('{"url":'))
        .map((l) => JSON.parse(l) as { url?: unknown; openapi?: unknown })
        .find((p) => typeof p.url === 'string' && typeof p.openapi === 'string');
      if (printed) {
        clearTimeout(timer);
        resolve({ child, url: String(printed.url), cwd, stderr: () => stderr });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${String(code)}) before listening: ${stderr}`));
    });
  });
}

/** Settles once the child has exited (at once if it has). */
export function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM (a clean stop), then SIGKILL if it has not exited within 15 s. */
export async function stopServeProcess(serve: ServeProcess): Promise<void> {
  if (serve.child.exitCode !== null || serve.child.signalCode !== null) return;
  const stopped = exited(serve.child);
  serve.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000).unref());
  if ((await Promise.race([stopped, timeout])) === 'timeout') {
    serve.child.kill('SIGKILL');
    await stopped;
  }
}
