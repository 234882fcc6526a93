// Composition root of the command line: wires the real store, clock, environment and streams
// into the CLI. The only place (with the server's root) where adapters are chosen.
import { fileURLToPath } from 'node:url';
import type { CliDeps } from '../cli/cli-context.js';
import { runProgram } from '../cli/program.js';
import { instant } from '../core/time/instant.js';
import { openCliApp } from './cli-app.js';
import { serve } from './server.js';

export async function runCli(argv: readonly string[]): Promise<number> {
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
  };
  return runProgram(argv, deps);
}
