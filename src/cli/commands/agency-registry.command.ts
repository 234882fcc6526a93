// `probity agency list` (the agencies and the state of their tokens, never a token), `probity
// agency rotate <id> [--expires ...]` (a new token, printed once; the old one stops at once) and
// `probity agency revoke <id>` (no token of the agency works any more).
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type { AgencyListing } from '../../app/agencies/agency-registry.js';
import { formatInstant, type Instant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';

const EXPIRES = '--expires <instant|duration>';
const EXPIRES_HELP =
  'when the token expires: an instant (2027-01-01) or a duration from now (P90D)';

const iso = (at: Instant | undefined) => (at === undefined ? undefined : formatInstant(at));

function tokenText(a: AgencyListing): string {
  const { state, expiresAt, revokedAt } = a.token;
  if (state === 'revoked') return `revoked ${iso(revokedAt) ?? ''}`.trim();
  if (state === 'expired') return `expired ${iso(expiresAt) ?? ''}`.trim();
  return expiresAt === undefined ? 'active' : `active, expires ${formatInstant(expiresAt)}`;
}

export function registerAgencyRegistry(agency: Command, ctx: CommandContext): void {
  agency
    .command('list')
    .description('the agencies: id, kind, name, created, token state (never a token)')
    .action(async (_opts: unknown, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const agencies = await ctx.withApp(settings, (app) => app.listAgencies(OPERATOR));
      if (settings.json) {
        ctx.printJson({
          agencies: agencies.map((a) => ({
            id: a.id,
            kind: a.kind,
            name: a.name,
            createdAt: formatInstant(a.createdAt),
            token: {
              state: a.token.state,
              issuedAt: iso(a.token.issuedAt),
              expiresAt: iso(a.token.expiresAt),
              revokedAt: iso(a.token.revokedAt),
            },
          })),
        });
      } else if (agencies.length === 0) {
        ctx.print('no agencies: add one with `probity agency add <id> --kind <kind>`');
      } else {
        ctx.print(
          agencies
            .map(
              (a) =>
                `${a.id}\t${a.kind}\t${a.name}\tcreated ${formatInstant(a.createdAt)}\ttoken ${tokenText(a)}`,
            )
            .join('\n'),
        );
      }
    });

  agency
    .command('rotate')
    .description('give an agency a new token, printed once; its old token stops working at once')
    .argument('<id>', 'agency id')
    .option(EXPIRES, EXPIRES_HELP)
    .action(async (id: string, opts: { expires?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const rotated = await ctx.withApp(settings, (app) =>
        app.rotateAgencyToken(OPERATOR, id, opts.expires),
      );
      if (settings.json)
        ctx.printJson({ id: rotated.id, token: rotated.token, expiresAt: iso(rotated.expiresAt) });
      else
        ctx.print(
          `agency ${rotated.id}: new token${rotated.expiresAt === undefined ? '' : ` (expires ${formatInstant(rotated.expiresAt)})`}, shown only now; the old one no longer works:\n${rotated.token}`,
        );
    });

  agency
    .command('revoke')
    .description("revoke an agency's token: no token of it works any more (rotate gives a new one)")
    .argument('<id>', 'agency id')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const revoked = await ctx.withApp(settings, (app) => app.revokeAgencyToken(OPERATOR, id));
      if (settings.json) ctx.printJson({ id: revoked.id, revokedAt: iso(revoked.revokedAt) });
      else ctx.print(`agency ${revoked.id}: token revoked; no token of it works any more`);
    });
}
