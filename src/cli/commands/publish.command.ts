// `probity publish [--list <id>] [--at <instant>] [--out <dir>]`: the next signed version of each
// public list (or of one), with its CSV, its delta from the previous version and the index
// (charter C13, C14). Prints `{"publications":[{"list","version","entries","files"}]}` with --json.
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import { resolvePublicationsDir } from '../../config/cli-config.js';
import { SETTINGS } from '../../config/settings.js';
import { parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';

export function registerPublish(program: Command, ctx: CommandContext): void {
  program
    .command('publish')
    .description(
      'write the next signed version of each public list (JSON, CSV, delta, manifest) and the index',
    )
    .option('--list <id>', 'only this public list')
    .option('--at <instant>', 'the entries as of this instant (default: now)')
    .option(
      '--out <dir>',
      `the publications directory (default: $${SETTINGS.publicationsDir.env}, else ${SETTINGS.publicationsDir.default})`,
    )
    .action(async (opts: { list?: string; at?: string; out?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const at = opts.at === undefined ? undefined : parseInstant(opts.at, '--at');
      const outDir = resolvePublicationsDir(opts.out, ctx.deps.env);
      const result = await ctx.withApp(settings, (app) =>
        app.publish(OPERATOR, { list: opts.list, at, outDir }),
      );
      if (settings.json) {
        ctx.printJson({
          publications: result.publications.map((p) => ({
            list: p.list,
            version: p.version,
            entries: p.entries,
            files: p.files,
            at: p.at,
            manifestSha256: p.manifestSha256,
            delta: { added: p.added, removed: p.removed, modified: p.modified },
          })),
          keyId: result.keyId,
          restored: result.restored,
        });
        return;
      }
      for (const p of result.publications) {
        ctx.print(
          `${p.list} v${p.version}: ${p.entries} entries as of ${p.at} (+${p.added}, -${p.removed}, ~${p.modified}) in ${outDir}`,
        );
      }
      if (result.publications.length === 0) ctx.print('no public list to publish');
      if (result.restored.length > 0)
        ctx.print(
          `restored ${result.restored.length} missing files of earlier versions from the ledger`,
        );
      ctx.print(`signed by key ${result.keyId}`);
    });
}
