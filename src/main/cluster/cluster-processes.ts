// The process work of the local cluster (`probity cluster`): finding programs, free ports,
// starting long-lived processes detached (they outlive the command that started them), telling
// whether a recorded process id is still the process we started, and stopping it by its id with
// a deadline. Every wait here is bounded.
import { execFile, spawn } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { DomainError } from '../../core/errors/domain-error.js';

/** A user the PostgreSQL programs run as (they refuse to run as root). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

/**
 * Whom initdb, postgres and pg_basebackup run as: the current user, or `postgres` when the
 * current user is root (initdb and postgres refuse root).
 */
export function postgresRunAs(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let passwd = '';
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    // handled below
  }
  const line = passwd.split('\n').find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined)
    throw new DomainError(
      'ClusterToolMissing',
      'running as root, the PostgreSQL programs must run as the user `postgres`, and there is none (install PostgreSQL 15 from Debian, or run as another user)',
    );
  return { uid: Number(uid), gid: Number(gid) };
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The path of a program: `name` itself when it holds a slash, else the first match on PATH (and
 * in /usr/sbin and /sbin, where Debian puts haproxy, often off a user's PATH).
 */
export function findProgram(name: string, what: string): string {
  const candidates = name.includes('/')
    ? [name]
    : [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/sbin']
        .filter((d) => d !== '')
        .map((d) => join(d, name));
  const found = candidates.find(executable);
  if (found === undefined)
    throw new DomainError(
      'ClusterToolMissing',
      `${what}: no executable ${name.includes('/') ? name : `\`${name}\` on PATH, /usr/sbin or /sbin`}`,
    );
  return found;
}

/** A port on 127.0.0.1 that nothing listens on now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Whether `pid` runs and is the process we started: its command line holds `match` (a data
 * directory, a configuration file, a port). A process id reused by another program is not ours,
 * and a zombie is not running. Where /proc is missing, only whether the id is alive.
 */
export function isOurs(pid: number | null, match: string): boolean {
  if (pid === null || !Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, but another user's (postgres when we are not root): ours if the line matches.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  let cmdline: string;
  let stat: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return !existsProc();
  }
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X' && cmdline.includes(match);
}

function existsProc(): boolean {
  try {
    return statSync('/proc/self').isDirectory();
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stops our process `pid`: `signal`, then SIGKILL once `graceMs` has passed, and waits (bounded)
 * until it is gone. True when it was running.
 */
export async function stopProcess(
  pid: number | null,
  match: string,
  signal: NodeJS.Signals,
  graceMs: number,
): Promise<boolean> {
  if (pid === null || !isOurs(pid, match)) return false;
  const send = (s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      // gone already
    }
  };
  send(signal);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isOurs(pid, match)) await sleep(100);
  if (isOurs(pid, match)) {
    send('SIGKILL');
    const killDeadline = Date.now() + 5_000;
    while (Date.now() < killDeadline && isOurs(pid, match)) await sleep(100);
  }
  return true;
}

/** The last lines of a log file, for an error message. */
export function logTail(path: string, lines = 12): string {
  try {
    const text = readFileSync(path, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export interface Started {
  readonly pid: number;
  /** Set once the process has exited (while this command still runs). */
  readonly exit: () => { readonly code: number | null; readonly signal: string | null } | undefined;
}

/**
 * Starts a long-lived process detached from this one, its output appended to `log`; it keeps
 * running after the command ends. Resolves once it is spawned, with its process id.
 */
export function startDetached(
  program: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly log: string;
    readonly env?: NodeJS.ProcessEnv | undefined;
    readonly runAs?: RunAs | undefined;
  },
): Promise<Started> {
  const fd = openSync(options.log, 'a', 0o644);
  return new Promise((resolve, reject) => {
    let exited: { code: number | null; signal: string | null } | undefined;
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
      ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    });
    child.once('exit', (code, signal) => (exited = { code, signal }));
    child.once('error', (error) => {
      closeSync(fd);
      reject(new DomainError('ClusterPartFailed', `could not start ${program}: ${error.message}`));
    });
    child.once('spawn', () => {
      closeSync(fd);
      child.unref();
      resolve({ pid: child.pid ?? 0, exit: () => exited });
    });
  });
}

/**
 * Runs a program to its end (bounded by `timeoutMs`); a failure is ClusterPartFailed naming
 * `what` with the end of its output.
 */
export function runProgram(
  what: string,
  program: string,
  args: readonly string[],
  options: {
    readonly cwd: string;
    readonly env?: NodeJS.ProcessEnv | undefined;
    readonly runAs?: RunAs | undefined;
    readonly timeoutMs: number;
  },
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      program,
      [...args],
      {
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 16 << 20,
        ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve(stdout);
          return;
        }
        const output = `${stderr}\n${stdout}`.trim().split('\n').slice(-12).join('\n');
        const why = error.killed
          ? `did not finish within ${Math.round(options.timeoutMs / 1000)} s`
          : `failed (${error.code === undefined ? error.message : `exit ${String(error.code)}`})`;
        reject(
          new DomainError(
            'ClusterPartFailed',
            `${what}: \`${program} ${args.join(' ')}\` ${why}${output === '' ? '' : `:\n${output}`}`,
          ),
        );
      },
    );
  });
}

/**
 * Waits until `probe` says yes, trying every `everyMs` until `timeoutMs` has passed; `failed`
 * stops the wait early with its reason (the process died). ClusterPartFailed on time-out.
 */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  options: {
    readonly timeoutMs: number;
    readonly everyMs?: number;
    readonly failed?: () => string | undefined;
  },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reason = options.failed?.();
    if (reason !== undefined) throw new DomainError('ClusterPartFailed', `${what}: ${reason}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() >= deadline)
      throw new DomainError(
        'ClusterPartFailed',
        `${what}: not ready within ${Math.round(options.timeoutMs / 1000)} s`,
      );
    await sleep(options.everyMs ?? 200);
  }
}

/** Whether GET `url` answers 200 within a second. */
export async function answers200(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
  await response.body?.cancel();
  return response.status === 200;
}
