// `probity demo` (what `npm start` runs): init with the reference documents, seed the demo city
// (workload S) when the store is empty, and summarise it.
import type { Command } from 'commander';
import { initStore } from '../../app/setup/store-init.js';
import type { CommandContext } from '../cli-context.js';
import { referenceDocuments } from '../reference-documents.js';
import { seedWithProgress } from './seed.command.js';

export const DEMO_CITY = { persons: 100_000, organizations: 10_000, years: 5, seed: 1 } as const;

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('set up and summarise the demo city (init, then seed 100 000 persons and 10 000 organisations when empty)')
    .action(async (_opts: unknown, cmd: Command) => {
      const settings = ctx.settings(cmd.optsWithGlobals());
      const docs = await referenceDocuments(ctx);
      const summary = await ctx.withStore(settings, async (store) => {
        await initStore(store, docs, settings.now);
        const before = await store.counts();
        let seeded = false;
        if (before.records === 0 && before.persons === 0) {
          ctx.deps.stderr.write(`seeding the demo city into ${settings.database} (about half a million records)...\n`);
          await seedWithProgress(ctx, store, DEMO_CITY, settings.now);
          seeded = true;
        }
        return { seeded, counts: await store.counts(), agencies: await store.agencies() };
      });
      const { counts } = summary;
      if (settings.json) {
        ctx.printJson({ database: settings.database, seeded: summary.seeded, ...counts, agencyIds: summary.agencies.map((a) => a.id) });
        return;
      }
      ctx.print(
        [
          `Probity demo city in ${settings.database}${summary.seeded ? ' (just seeded)' : ' (already there)'}`,
          `  persons        ${counts.persons.toLocaleString('en')}`,
          `  organisations  ${counts.organizations.toLocaleString('en')}`,
          `  records        ${counts.records.toLocaleString('en')} (+ ${counts.recordEvents.toLocaleString('en')} record events)`,
          `  agencies       ${summary.agencies.map((a) => a.id).join(', ')}`,
          '',
          'Try:',
          '  npx probity id check 11010519491231002X 91110000600037341L',
          '  npx probity catalog validate policies/catalog.yaml',
          `  npx probity import <records.jsonl> --agency court --rejects rejects.jsonl`,
          '  npx probity --help',
        ].join('\n'),
      );
    });
}
