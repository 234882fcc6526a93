// `probity key rotate`: replaces the authority's signing key (the use case
// src/app/publications/authority-key-rotate.ts). The key file gets the new private key; the ledger
// records the new public key, endorsed by the old one, and keeps every old public key, so
// `probity verify` still checks each earlier publication with the key it names.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type { CommandContext } from '../cli-context.js';

export function registerKey(program: Command, ctx: CommandContext): void {
  const key = program.command('key').description("the authority's publication signing key");
  key
    .command('rotate')
    .description(
      'make a new signing key (in the key file), record its public key endorsed by the old one; old public keys are kept for verifying',
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const rotation = await ctx.withApp(settings, (app) => app.rotateAuthorityKey(OPERATOR));
      if (settings.json) ctx.printJson(rotation);
      else {
        ctx.print(
          `authority key rotated: ${rotation.previousKeyId} -> ${rotation.keyId} in ${rotation.keyFile} (${rotation.keys} keys recorded; back the key file up)`,
        );
      }
    });
}
