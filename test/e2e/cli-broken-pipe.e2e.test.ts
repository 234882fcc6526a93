// `probity verify | head -1`: a reader that closes its end of the pipe early ends the command
// quietly, with the broken-pipe exit code (141, as `cat` or `grep` end) and no stack trace.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, probity, scratchDir } from '../support/cli-harness.js';

const NOW = '2026-06-01T00:00:00Z';

function runIntoClosedPipe(
  args: readonly string[],
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader goes away before the command writes anything, as `head -1` does after its line.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the CLI writing into a closed pipe', () => {
  it('ends quietly with exit code 141 when the reader of `probity verify` closes early', async () => {
    const dir = scratchDir();
    const db = join(dir, 'probity.db');
    expect((await probity(['init', '--db', db, '--now', NOW])).code).toBe(0);

    const run = await runIntoClosedPipe(['verify', '--db', db, '--out', join(dir, 'none')]);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(141);
  });

  it('ends quietly when the reader of the help text closes early', async () => {
    const run = await runIntoClosedPipe(['--help']);
    expect(run.stderr).not.toMatch(/EPIPE|Error|at /);
    expect(run.code).toBe(141);
  });
});
