// `probity init [--catalog <file>] [--policy <file>]`: creates the store with the reference (or
// given) catalogue and policy; running it again changes nothing.
import type { Command } from 'commander';
import { join } from 'node:path';
import { initStore } from '../../app/setup/store-init.js';
import type { CommandContext } from '../cli-context.js';
import { readTextFile } from '../read-text-file.js';

export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description('create the store with a catalogue and a policy (default: the reference ones); idempotent')
    .option('--catalog <file>', 'catalogue YAML (default: policies/catalog.yaml)')
    .option('--policy <file>', 'policy YAML (default: policies/policy.yaml)')
    .action(async (opts: { catalog?: string; policy?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const catalogText = await readTextFile(opts.catalog ?? join(ctx.deps.policiesDir, 'catalog.yaml'));
      const policyText = await readTextFile(opts.policy ?? join(ctx.deps.policiesDir, 'policy.yaml'));
      const result = await ctx.withStore(settings, (store) => initStore(store, { catalogText, policyText }, settings.now));
      if (settings.json) ctx.printJson({ database: settings.database, ...result });
      else {
        ctx.print(`store ${settings.database} ready: catalogue version ${result.catalogVersion}${result.catalogAdded ? ' (added)' : ''}, policy ${result.policy}${result.policyAdded ? ' (added)' : ''}`);
      }
    });
}
