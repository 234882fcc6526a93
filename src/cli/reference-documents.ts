// The reference catalogue and policy shipped in `policies/`, used by init, seed and demo.
import { join } from 'node:path';
import type { InitDocuments } from '../app/ledger/store-init.js';
import type { CommandContext } from './cli-context.js';
import { readTextFile } from './read-text-file.js';

export async function referenceDocuments(ctx: CommandContext): Promise<InitDocuments> {
  return {
    catalogText: await readTextFile(join(ctx.deps.policiesDir, 'catalog.yaml')),
    policyText: await readTextFile(join(ctx.deps.policiesDir, 'policy.yaml')),
  };
}
