// `probity --version` and `probity -V` print the package's version and exit 0.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probity, probityProcess, REPO_ROOT } from '../support/cli-harness.js';

const VERSION = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;

describe('probity --version', () => {
  it('prints the package version with --version and with -V', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await probity([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`${VERSION}\n`);
      expect(run.stderr).toBe('');
    }
  });

  it('prints the package version from the installed binary', async () => {
    const run = await probityProcess(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${VERSION}\n`);
  });
});
