// `probity simulate <policy.yaml> [--at <instant>]`: what a draft policy would change on the
// current ledger — grade transitions, list entries gained and lost, the score distribution before
// and after — without writing anything.
import type { Command } from 'commander';
import { loadEngine } from '../../app/standing/engine-load.js';
import { loadScoringContext } from '../../app/standing/scoring-context.js';
import { simulatePolicy, type PolicySimulation } from '../../app/policy/policy-simulation.js';
import { DomainError } from '../../core/errors/domain-error.js';
import { parsePolicy } from '../../core/policy/index.js';
import { parseInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { readTextFile } from '../read-text-file.js';

function describe(s: PolicySimulation): string {
  const lines = [
    `simulated ${s.draft.id}@${s.draft.version} against ${s.current.id}@${s.current.version} at ${s.at} on ${s.subjects} subjects`,
  ];
  lines.push('  grade transitions (from -> to: subjects that move):');
  for (const [from, row] of Object.entries(s.transitions)) {
    for (const [to, n] of Object.entries(row))
      if (from !== to && n > 0) lines.push(`    ${from} -> ${to}: ${n}`);
  }
  lines.push('  lists (before -> after, gained, lost):');
  for (const [list, c] of Object.entries(s.lists))
    lines.push(`    ${list}: ${c.before} -> ${c.after} (+${c.gained}, -${c.lost})`);
  return lines.join('\n');
}

export function registerSimulate(program: Command, ctx: CommandContext): void {
  program
    .command('simulate')
    .description(
      'apply a draft policy to the current ledger without changing anything: grade transitions, list changes, score distribution',
    )
    .argument('<policy>', 'draft policy YAML')
    .option('--at <instant>', 'as of this instant (default: now)')
    .action(async (file: string, opts: { at?: string }, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const at = opts.at === undefined ? settings.now : parseInstant(opts.at, '--at');
      const text = await readTextFile(file);
      const simulation = await ctx.withStore(settings, async (store) => {
        const context = await loadScoringContext(store);
        const parsed = parsePolicy(text, context.catalog);
        if (!parsed.ok)
          throw new DomainError('PolicyRejected', 'the draft policy is not valid', parsed.problems);
        const { engine } = await loadEngine(store, context);
        return simulatePolicy(engine, context.policyAt(at), parsed.policy, at, {
          versions: context.policies,
        });
      });
      if (settings.json) ctx.printJson(simulation);
      else ctx.print(describe(simulation));
    });
}
