// `probity agency add <id> --kind <kind> [--name ...] [--expires ...]`: registers an agency and
// prints its token once; list, rotate and revoke are in agency-registry.command.ts.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import { formatInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { registerAgencyRegistry } from './agency-registry.command.js';

export function registerAgencyAdd(program: Command, ctx: CommandContext): void {
  const agency = program
    .command('agency')
    .description('agencies that submit records and check measures');
  agency
    .command('add')
    .description('register an agency; its bearer token is printed once and stored only hashed')
    .argument('<id>', 'agency id, e.g. beijing-chaoyang-court')
    .requiredOption('--kind <kind>', 'agency kind, e.g. court, tax, utility, aviation')
    .option('--name <name>', 'display name')
    .option('--expires <instant|duration>', 'when its token expires: 2027-01-01 or P90D (never)')
    .action(
      async (id: string, opts: { kind: string; name?: string; expires?: string }, cmd: Command) => {
        const settings = ctx.settings(cmd.optsWithGlobals());
        const added = await ctx.withApp(settings, (app) =>
          app.registerAgency(OPERATOR, {
            id,
            kind: opts.kind,
            name: opts.name,
            expires: opts.expires,
          }),
        );
        const expiresAt = added.tokenExpiresAt;
        if (settings.json)
          ctx.printJson({
            id: added.id,
            kind: added.kind,
            name: added.name,
            token: added.token,
            ...(expiresAt === undefined ? {} : { expiresAt: formatInstant(expiresAt) }),
          });
        else
          ctx.print(
            `agency ${added.id} (${added.kind}) added; its token, shown only now:\n${added.token}`,
          );
      },
    );
  registerAgencyRegistry(agency, ctx);
}
