#!/usr/bin/env node
// The `probity` command: runs the compiled CLI (built by `npm install` through `prepare`).
import { runCli } from '../dist/main/cli.js';

process.exitCode = await runCli(process.argv.slice(2));
