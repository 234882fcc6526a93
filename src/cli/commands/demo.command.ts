// `probity demo` (what `npm start` runs): init with the reference documents, seed the demo city
// (workload S) when the store is empty, add a demo agency for every enforcing kind, summarise it,
// then serve it over HTTP, printing the URL and the demo agencies' tokens (demo credentials).
import type { Command } from 'commander';
import { OPERATOR } from '../../app/access/caller.js';
import type { IssuedCode } from '../../app/citizen/one-time-code.js';
import { demoToken } from '../../app/probity-app.js';
import { formatInstant } from '../../core/time/instant.js';
import type { CommandContext } from '../cli-context.js';
import { referenceDocuments } from '../reference-documents.js';
import { seedProgress } from './seed.command.js';
import type { ServerFlags } from '../../config/server-config.js';
import { SETTINGS } from '../../config/settings.js';
import { serverSettings, serveWith } from './serve.command.js';

export const DEMO_CITY = { persons: 100_000, organizations: 10_000, years: 5, seed: 1 } as const;

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description(
      'set up the demo city (init, then seed 100 000 persons and 10 000 organisations when empty) and serve it',
    )
    .option(
      '--port <port>',
      `port to listen on (default: $${SETTINGS.port.env}, else ${SETTINGS.port.default})`,
    )
    .option(
      '--host <host>',
      `address to listen on (default: $${SETTINGS.host.env}, else ${SETTINGS.host.default})`,
    )
    .option('--no-serve', 'set up and summarise only')
    .action(async (opts: { serve: boolean }, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ServerFlags>();
      const settings = ctx.settings(flags);
      // Checked before the (long) set-up, so a bad setting is reported at once.
      const server = opts.serve ? serverSettings(ctx, flags) : undefined;
      const docs = await referenceDocuments(ctx);
      const progress = seedProgress(ctx);
      const summary = await ctx.withApp(settings, async (app) => {
        try {
          return await app.setUpDemoCity(OPERATOR, {
            documents: docs,
            city: DEMO_CITY,
            onSeeding: () =>
              ctx.deps.stderr.write(
                `seeding the demo city into ${settings.database} (about half a million records)...\n`,
              ),
            onProgress: progress.onProgress,
          });
        } finally {
          progress.stop();
        }
      });
      // Demo citizens on a sanction list, each with a fresh one-time sign-in code.
      const issued: IssuedCode[] = [];
      if (opts.serve && server) {
        await ctx.withApp(settings, async (app) => {
          for (const identifier of await app.pickDemoCitizens(OPERATOR))
            issued.push(await app.issueSignInCode(OPERATOR, { identifier }));
        });
      }
      const { counts, tokens } = summary;
      const citizens = issued.map((c) => ({
        identifier: c.identifier,
        code: c.code,
        expiresAt: formatInstant(c.expiresAt),
      }));
      const serve = async () => {
        if (!server) return;
        await serveWith(ctx, {
          settings: server,
          // The public site (docs/web.md) shows the published lists: a demo city with none yet
          // publishes them once, once the server is ready; its schedule publishes daily after.
          publishIfNone: true,
          onListening: (url) => {
            if (settings.json) {
              ctx.printJson({
                url,
                docs: `${url}/docs`,
                openapi: `${url}/openapi.json`,
                agencies: tokens,
                citizens,
              });
              return;
            }
            ctx.print(
              [
                '',
                `Serving the demo city on ${url}`,
                `  Public site    ${url}/   (published lists, how Probity works, transparency; 中文 / English)`,
                `  API reference  ${url}/docs   (OpenAPI: ${url}/openapi.json)`,
                '  Demo agencies (DEMO CREDENTIALS, public by construction):',
                ...tokens.map((t) => `    ${t.kind.padEnd(20)} Authorization: Bearer ${t.token}`),
                '  Demo citizens on a sanction list (one-time codes, single use, valid 10 minutes; more with `probity citizen code <id>`):',
                ...citizens.map((c) => `    ${c.identifier}  code ${c.code}`),
                `  Citizen portal ${url}/citizen   (sign in with one of these identifiers and its code)`,
                `  Agency console ${url}/agency   (sign in with an agency's token above)`,
                `  Authority dashboard ${url}/authority   (sign in with the authority's token, ${demoToken('authority', DEMO_CITY.seed)})`,
                ...citizens
                  .slice(0, 1)
                  .map(
                    (c) =>
                      `  curl -s ${url}/v1/citizen/session -H 'content-type: application/json' -d '{"identifier":"${c.identifier}","code":"${c.code}"}'`,
                  ),
                '',
                'Try:',
                `  curl -s ${url}/v1/checks -H 'authorization: Bearer ${demoToken('aviation', DEMO_CITY.seed)}' -H 'content-type: application/json' \\`,
                `    -d '{"subject":"11010519491231002X","measure":"travel.flight","purpose":"enforcement"}'`,
                'Stop with Ctrl-C.',
              ].join('\n'),
            );
          },
        });
      };
      if (settings.json) {
        ctx.printJson({
          database: settings.database,
          seeded: summary.seeded,
          ...counts,
          agencyIds: summary.agencies.map((a) => a.id),
        });
        await serve();
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
      await serve();
    });
}
