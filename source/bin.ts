#!/usr/bin/env node
// Bootstrap, run before anything imports Ink or React (ESM imports are hoisted, so this
// file imports nothing and loads the CLI dynamically):
// - Ink 6 decides at import time that it runs under CI when CI is set at all, and then draws
//   only the last frame; pm2-doctor is interactive whenever stdin/stdout are terminals.
// - React's development build costs about twice the CPU; ship the production build.
if (process.stdin.isTTY && process.stdout.isTTY) {
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
}
process.env.NODE_ENV ??= 'production';

const {main} = await import('./cli.js');
process.exitCode = await main(process.argv.slice(2));
