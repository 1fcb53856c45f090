#!/usr/bin/env node
/**
 * The `otpkit` executable (dist/cli.js): runs {@link main} on the process's arguments and sets
 * the exit status. Everything else lives in main.ts, which tests call in-process.
 * @module
 */
import { main } from './main.js';

// `otpkit code -w 99 S | head -1`: the reader left; stop quietly, as other Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2));
