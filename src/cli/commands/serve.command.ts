// `probity serve [--port 8080] [--host 127.0.0.1]`: runs the HTTP API until SIGTERM/SIGINT. Every
// server setting is resolved here, before anything is opened, with all problems reported together;
// the server itself is wired by the composition root (src/main/server.ts).
import type { Command } from 'commander';
import {
  resolveServerSettings,
  type ServerFlags,
  type ServerSettings,
} from '../../config/server-config.js';
import { SETTINGS } from '../../config/settings.js';
import { DomainError } from '../../core/errors/domain-error.js';
import type { CommandContext, ServeRequest } from '../cli-context.js';

/** The server's settings from this command's flags and the environment, all problems together. */
export function serverSettings(ctx: CommandContext, flags: ServerFlags): ServerSettings {
  return resolveServerSettings(flags, ctx.deps.env, ctx.deps.systemNow);
}

/** Asks the composition root for the server (absent in harnesses that provide none). */
export function serveWith(ctx: CommandContext, request: ServeRequest): Promise<void> {
  const serve = ctx.deps.serve;
  if (!serve) throw new DomainError('UsageError', 'this build of probity has no HTTP server');
  return serve(request);
}

export function registerServe(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('run the HTTP API (OpenAPI at /openapi.json, reference at /docs)')
    .option(
      '--port <port>',
      `port to listen on, 0 for any free port (default: $${SETTINGS.port.env}, else ${SETTINGS.port.default})`,
    )
    .option(
      '--host <host>',
      `address to listen on (default: $${SETTINGS.host.env}, else ${SETTINGS.host.default})`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const flags = cmd.optsWithGlobals<ServerFlags>();
      const settings = ctx.settings(flags);
      await serveWith(ctx, {
        settings: serverSettings(ctx, flags),
        onListening: (url) => {
          if (settings.json)
            ctx.printJson({ url, docs: `${url}/docs`, openapi: `${url}/openapi.json` });
          else
            ctx.print(
              `Probity API on ${url} (reference: ${url}/docs, OpenAPI: ${url}/openapi.json)`,
            );
        },
      });
    });
}
