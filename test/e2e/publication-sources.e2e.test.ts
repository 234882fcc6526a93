// Catalogue changes are versioned, published and signed like lists (issue 10, C2 by content): each
// list version's signed manifest names the catalogue version in force and the policy version in
// force, with the SHA-256 of their exact texts as the ledger holds them, so a reader can tie a
// published list to the catalogue and rules it came from; a new catalogue version shows in the
// next publication, and a manifest whose sources were edited no longer verifies. Both dialects.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SignedManifest } from '../../src/app/publications/publication-format.js';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const LIST = 'dishonest-debtors';

for (const target of storeTargets('publication_sources')) {
  describe(`the catalogue and policy behind each publication: ${target.name}`, () => {
    afterAll(() => target.end());

    it('signs the catalogue and policy versions in force, with their SHA-256, into every manifest', async () => {
      const dir = scratchDir('probity-sources-');
      const db = await target.newLocation();
      const out = join(dir, 'pub');
      const run = (args: string[]) =>
        probity([...args, '--db', db, '--key-file', join(dir, 'authority-key.pem')]);
      const manifest = (version: number): SignedManifest =>
        JSON.parse(
          readFileSync(join(out, LIST, `v${version}.manifest.json`), 'utf8'),
        ) as SignedManifest;

      const catalogText = readFileSync('policies/catalog.yaml', 'utf8');
      const policyText = readFileSync('policies/policy.yaml', 'utf8');
      expect((await run(['init'])).code).toBe(0);
      expect((await run(['publish', '--list', LIST, '--out', out])).code).toBe(0);
      const first = manifest(1).manifest.sources;
      expect(first?.catalog).toEqual({ version: 1, sha256: sha256(catalogText) });
      expect(first?.policy).toEqual({
        id: expect.any(String) as string,
        version: expect.any(Number) as number,
        sha256: sha256(policyText),
      });

      // A changed catalogue is the ledger's next version, and the next publication names it.
      const changed = catalogText.replace(
        'label: Unpaid blood donation',
        'label: Unpaid blood donation (commended)',
      );
      expect(changed).not.toBe(catalogText);
      const file = join(dir, 'catalog-v2.yaml');
      writeFileSync(file, changed);
      expect((await run(['init', '--catalog', file])).code).toBe(0);
      expect((await run(['publish', '--list', LIST, '--out', out])).code).toBe(0);
      expect(manifest(2).manifest.sources?.catalog).toEqual({
        version: 2,
        sha256: sha256(changed),
      });
      expect((await run(['verify', '--out', out])).code).toBe(0);

      // The sources are signed: naming another catalogue breaks the manifest.
      const path = join(out, LIST, 'v2.manifest.json');
      writeFileSync(path, readFileSync(path, 'utf8').replace(sha256(changed), sha256(catalogText)));
      const broken = await run(['verify', '--out', out]);
      expect(broken.code).not.toBe(0);
      expect(broken.stdout + broken.stderr).toContain('v2.manifest.json');
    });
  });
}
