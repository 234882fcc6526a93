// Agencies as a managed registry (issue 10, failure 6), through the command line on both dialects:
// an agency's kind must be one the catalogue or policy knows, a duplicate id is a clean
// AgencyExists, and the operator lists the agencies without ever seeing a token or its digest.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probity, scratchDir } from '../support/cli-harness.js';
import { storeTargets } from '../support/store-targets.js';

for (const target of storeTargets('agency_registry')) {
  describe(`the agency registry: ${target.name}`, () => {
    afterAll(() => target.end());

    /** An initialised store; `run` adds --db and --key-file. */
    async function store() {
      const dir = scratchDir('probity-agencies-');
      const db = await target.newLocation();
      const keyFile = join(dir, 'authority-key.pem');
      const run = (args: string[]) => probity([...args, '--db', db, '--key-file', keyFile]);
      expect((await run(['init'])).code).toBe(0);
      return { db, run };
    }

    it('refuses a kind that no category submits, no measure enforces and is not the authority, listing the known kinds', async () => {
      const { run } = await store();
      const r = await run(['agency', 'add', 'x', '--kind', 'spaceagency']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error AgencyInvalidKind: /);
      expect(r.stderr).toContain('spaceagency');
      expect(r.stderr).toMatch(/authority/);
      expect(r.stderr).toMatch(/court/);
      for (const kind of ['court', 'authority']) {
        expect((await run(['agency', 'add', `a-${kind}`, '--kind', kind])).code).toBe(0);
      }
    });

    it("refuses a duplicate id as AgencyExists, without the driver's words", async () => {
      const { run } = await store();
      expect((await run(['agency', 'add', 'court-1', '--kind', 'court'])).code).toBe(0);
      const twice = await run(['agency', 'add', 'court-1', '--kind', 'court']);
      expect(twice.code).toBe(1);
      expect(twice.stderr).toMatch(/^error AgencyExists: /);
      expect(twice.stderr).not.toMatch(/UNIQUE|constraint|SQLITE|duplicate key/);
    });
  });
}
