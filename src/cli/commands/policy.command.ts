// `probity policy validate <file>` and `probity policy activate <file> [--from <instant>]`.
import type { Command } from 'commander';
import { join } from 'node:path';
import { activatePolicy } from '../../app/policy/policy-activate.js';
import { parseCatalog } from '../../core/catalog/index.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { parsePolicy } from '../../core/policy/index.js';
import { formatInstant, parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { EXIT_INVALID_INPUT } from '../exit-codes.js';
import { readTextFile } from '../read-text-file.js';

export function registerPolicy(program: Command, ctx: CommandContext): void {
  const policy = program
    .command('policy')
    .description('scoring policies: rules, grades, lists and measures');
  policy
    .command('validate')
    .description(
      'validate a policy against a catalogue (default: the reference one); exit 1 with every problem',
    )
    .argument('<file>', 'policy YAML')
    .option('--catalog <file>', 'the catalogue the policy is for (default: policies/catalog.yaml)')
    .action(async (file: string, opts: { catalog?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const catalogFile = opts.catalog ?? join(ctx.deps.policiesDir, 'catalog.yaml');
      const catalog = parseCatalog(await readTextFile(catalogFile));
      if (!catalog.ok)
        throw new DomainError(
          'CatalogRejected',
          `the catalogue ${catalogFile} is not valid`,
          catalog.problems,
        );
      const result = parsePolicy(await readTextFile(file), catalog.catalog);
      if (settings.json) {
        ctx.printJson(
          result.ok
            ? {
                valid: true,
                policy: result.policy.id,
                version: result.policy.version,
                rules: result.policy.rules.length,
                lists: result.policy.lists.length,
                measures: result.policy.measures.length,
              }
            : { valid: false, problems: result.problems },
        );
      } else if (result.ok) {
        const p = result.policy;
        ctx.print(
          `${file}: valid, policy ${p.id} version ${p.version}: ${p.rules.length} rules, ${p.lists.length} lists, ${p.measures.length} measures`,
        );
      } else {
        for (const p of result.problems)
          ctx.print(`${p.path || '(document)'}: ${p.code}: ${p.message}`);
      }
      if (!result.ok) ctx.setExitCode(EXIT_INVALID_INPUT);
    });
  policy
    .command('activate')
    .description(
      "validate and store a new policy version, in force from an instant (default: the document's effectiveFrom, else now)",
    )
    .argument('<file>', 'policy YAML')
    .option('--from <instant>', 'in force from this instant')
    .action(async (file: string, opts: { from?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const text = await readTextFile(file);
      const from = opts.from === undefined ? undefined : parseInstant(opts.from, '--from');
      const result = await ctx.withStore(settings, (store) =>
        activatePolicy(store, text, from, settings.now),
      );
      const view = {
        policy: result.policy,
        version: result.version,
        effectiveFrom: formatInstant(result.effectiveFrom),
        added: result.added,
      };
      if (settings.json) ctx.printJson(view);
      else
        ctx.print(
          `policy ${view.policy} version ${view.version} ${view.added ? 'activated' : 'was active already'}, in force from ${view.effectiveFrom}`,
        );
    });
}
