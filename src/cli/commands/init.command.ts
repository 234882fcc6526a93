// `probity init [--catalog <file>] [--policy <file>]`: creates the store with the reference (or
// given) catalogue and policy; running it again changes nothing.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type { CommandContext } from '../cli-context.js';
import { readTextFile } from '../read-text-file.js';
import { referenceDocuments } from '../reference-documents.js';

export function registerInit(program: Command, ctx: CommandContext): void {
  program
    .command('init')
    .description(
      'create the store with a catalogue and a policy (default: the reference ones); idempotent',
    )
    .option('--catalog <file>', 'catalogue YAML (default: policies/catalog.yaml)')
    .option('--policy <file>', 'policy YAML (default: policies/policy.yaml)')
    .action(async (opts: { catalog?: string; policy?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const reference = await referenceDocuments(ctx);
      const catalogText =
        opts.catalog === undefined ? reference.catalogText : await readTextFile(opts.catalog);
      const policyText =
        opts.policy === undefined ? reference.policyText : await readTextFile(opts.policy);
      const result = await ctx.withApp(settings, (app) =>
        app.setUpStore(OPERATOR, { catalogText, policyText }),
      );
      if (settings.json) ctx.printJson({ database: settings.database, ...result });
      else {
        ctx.print(
          `store ${settings.database} ready: catalogue version ${result.catalogVersion}${result.catalogAdded ? ' (added)' : ''}, policy ${result.policy}${result.policyAdded ? ' (added)' : ''}`,
        );
      }
    });
}
