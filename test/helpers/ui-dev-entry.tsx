// Test-only entry: the interactive UI on a fake store, through the real terminal session, so the
// pty tests can exercise terminal hygiene without a PM2 daemon. Run: npx tsx test/helpers/ui-dev-entry.tsx
// FAKE_CRASH=render makes a view throw while drawing; FAKE_CRASH=uncaught throws outside React.
import {spawn} from 'node:child_process';
import {runInteractiveApp} from '../../source/terminal/terminal-session.js';
import {isNoColorRequested} from '../../source/ui/theme.js';
import {createFakeStore} from './fake-store.js';
import {makeProcess} from './process-fixture.js';

const store = createFakeStore([
	makeProcess({pmId: 0, name: 'healthy-http', status: 'online'}),
	makeProcess({pmId: 1, name: 'crash-loop', status: 'waiting restart', pid: null, restartCount: 14, exitCode: 1}),
	makeProcess({pmId: 2, name: 'slow-leak', status: 'online'}),
	makeProcess({pmId: 3, name: 'fails-at-start', status: 'errored', pid: null, exitCode: 1}),
	makeProcess({pmId: 4, name: 'sleeper', status: 'stopped', pid: null}),
]);

if (process.env.FAKE_CRASH === 'uncaught')
	setTimeout(() => {
		throw new Error('boom outside React');
	}, 800);
if (process.env.FAKE_CRASH === 'render')
	setTimeout(() => {
		// A null namespace makes the table throw while rendering (the sanitizer takes strings only).
		store.setProcesses([makeProcess({pmId: 0, name: 'broken', namespace: null as unknown as string})]);
	}, 800);

// FAKE_HANDOFF=FILE lends the terminal to `sh -c 'read line'` (as the editor does with $EDITOR) and
// writes what it read to FILE, then takes the terminal back.
const handoffFile = process.env.FAKE_HANDOFF;
const code = await runInteractiveApp(store, {
	readOnly: false,
	noColor: isNoColorRequested(),
	onHandoffReady(handoff) {
		if (!handoffFile) return;
		setTimeout(async () => {
			await handoff.suspend();
			await new Promise(resolve => {
				const child = spawn('/bin/sh', ['-c', 'printf "CHILD READY\\n"; read line; printf "%s" "$line" > "$1"', 'child', handoffFile], {stdio: 'inherit'});
				child.on('exit', resolve);
			});
			await handoff.resume();
		}, 1000);
	},
});
process.exit(code);
