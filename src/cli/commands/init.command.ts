// `probity init [--catalog <file>] [--policy <file>] [--simulation]`: creates the store with the
// reference (or given) catalogue and policy, and the authority's signing key in its key file
// (mode 0600, outside the database); running it again changes nothing. A new store is live (writes
// take the machine's clock) unless `--simulation` or a fixed clock (`--now`, PROBITY_NOW) makes it
// a simulation (tests, demos, replays); a live store never becomes one.
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
    .option(
      '--simulation',
      'make a new store a simulation, whose writes may take a fixed clock (--now); implied by --now',
    )
    .action(
      async (opts: { catalog?: string; policy?: string; simulation?: boolean }, cmd: Command) => {
        const settings = ctx.settings(cmd.optsWithGlobals());
        const reference = await referenceDocuments(ctx);
        const catalogText =
          opts.catalog === undefined ? reference.catalogText : await readTextFile(opts.catalog);
        const policyText =
          opts.policy === undefined ? reference.policyText : await readTextFile(opts.policy);
        const simulation = opts.simulation === true || settings.fixedClock;
        const result = await ctx.withApp(settings, (app) =>
          app.setUpStore(OPERATOR, { catalogText, policyText, simulation }),
        );
        if (settings.json) ctx.printJson({ database: settings.database, ...result });
        else {
          ctx.print(
            `store ${settings.database} ready (${result.mode}): catalogue version ${result.catalogVersion}${result.catalogAdded ? ' (added)' : ''}, policy ${result.policy}${result.policyAdded ? ' (added)' : ''}`,
          );
          ctx.print(
            `  authority key ${result.keyId} in ${result.keyFile} (keep it private; back it up)`,
          );
        }
      },
    );
}
