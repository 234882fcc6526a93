// `probity catalog validate <file>`: every problem of a catalogue at once, as `path: code: message`.
// Validating a file needs no store (and must not create one), so no application is opened.
import type { Command } from 'commander';
import { validateCatalog } from '../../app/probity-app.js';
import type { CommandContext } from '../cli-context.js';
import { EXIT_INVALID_INPUT } from '../exit-codes.js';
import { readTextFile } from '../read-text-file.js';

export function registerCatalogValidate(program: Command, ctx: CommandContext): void {
  const catalog = program
    .command('catalog')
    .description('the closed catalogue of record categories');
  catalog
    .command('validate')
    .description('validate a catalogue document; exit 1 with every problem when it is not valid')
    .argument('<file>', 'catalogue YAML')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const result = validateCatalog(await readTextFile(file));
      if (settings.json) ctx.printJson(result);
      else if (result.valid) ctx.print(`${file}: valid, ${result.categories} categories`);
      else
        for (const p of result.problems)
          ctx.print(`${p.path || '(document)'}: ${p.code}: ${p.message}`);
      if (!result.valid) ctx.setExitCode(EXIT_INVALID_INPUT);
    });
}
