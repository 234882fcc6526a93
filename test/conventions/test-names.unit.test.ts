// Every test file says its kind in its name, and sits where that kind belongs, so that
// `npm run test:unit`, `test:int` and `test:e2e` together run every test exactly once.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function testFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.test\.tsx?$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

describe('test file names', () => {
  it('name every test under src/ a unit test, beside the code it tests', () => {
    const files = testFiles('src');
    expect(files.length).toBeGreaterThan(20);
    expect(files.filter((f) => !f.endsWith('.unit.test.ts'))).toEqual([]);
  });

  it('name every test under test/ by its kind: unit, int or e2e', () => {
    const files = testFiles('test');
    expect(files.filter((f) => !/\.(unit|int|e2e)\.test\.ts$/.test(f))).toEqual([]);
    expect(
      files.filter((f) => f.startsWith('test/integration/') && !f.endsWith('.int.test.ts')),
    ).toEqual([]);
    expect(
      files.filter(
        (f) =>
          (f.startsWith('test/e2e/') || f.startsWith('test/http/')) && !f.endsWith('.e2e.test.ts'),
      ),
    ).toEqual([]);
  });
});
