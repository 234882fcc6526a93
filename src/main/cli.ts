// Composition root of the command line: wires the real store, clock, environment and streams
// into the CLI. The only place (with the server's root) where adapters are chosen.
import { fileURLToPath } from 'node:url';
import type { CliDeps } from '../cli/cli-context.js';
import { runProgram } from '../cli/program.js';
import { instant } from '../core/time/instant.js';
import { openCliApp } from './cli-app.js';
import { localCluster } from './cluster/local-cluster.js';
import { serve } from './server.js';

/** The exit code of a process ended by SIGPIPE (128 + 13), as `cat` or `grep` end under `| head`. */
export const EXIT_BROKEN_PIPE = 141;

/**
 * A reader that closed its end early (`probity verify | head -1`) is not a failure of ours: the
 * output is no longer wanted, so the process ends at once, quietly, with the broken-pipe code.
 * Any other error on the stream stays loud.
 */
function endQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
    throw error;
  });
}

export async function runCli(argv: readonly string[]): Promise<number> {
  endQuietlyOnBrokenPipe(process.stdout);
  endQuietlyOnBrokenPipe(process.stderr);
  const deps: CliDeps = {
    openApp: openCliApp,
    systemNow: () => instant(Date.now()),
    env: process.env,
    stdout: {
      write: (text) => void process.stdout.write(text),
      isTTY: process.stdout.isTTY === true,
    },
    stderr: {
      write: (text) => void process.stderr.write(text),
      isTTY: process.stderr.isTTY === true,
    },
    policiesDir: fileURLToPath(new URL('../../policies/', import.meta.url)),
    serve,
    cluster: localCluster,
  };
  return runProgram(argv, deps);
}
