// Evaluates an ecosystem file in a child `node`: own process group, minimal environment, hard timeout, capped
// answer and output. When it is done, by answer, exit or timeout, every process the evaluation started is ended:
// the group is killed, and so is every process that carries the evaluation's marker in its environment (children
// that left the group; sweep-marked-processes.ts).
import {spawn} from 'node:child_process';
import path from 'node:path';
import type {ConfigFormat} from './config-format.js';
import type {LoadError, LoadOptions} from './load-ecosystem-file.js';
import {loaderMarkerName, newLoaderToken, sweepMarkedProcesses} from './sweep-marked-processes.js';

export const defaultLoadTimeoutMs = 5000;
export const defaultOutputCapBytes = 1024 * 1024;
const consoleOutputCapBytes = 16 * 1024;

// The loader runs as `node -e`; it writes its single JSON answer on fd 3 so that whatever the ecosystem file
// prints on stdout/stderr cannot corrupt the answer. `.json` is evaluated exactly like PM2's Common.parseConfig
// (wrapped in parentheses, runInThisContext); JS files are `require`d like PM2 does (require(esm) on Node 20.19+).
const loaderSource = String.raw`
const fs = require('fs');
const vm = require('vm');
const file = process.argv[1];
const format = process.argv[2];
const override = process.argv[3];
function answer(obj) {
  let text;
  try {
    text = JSON.stringify(obj, (key, value) => {
      if (value instanceof RegExp) return {__pm2doctor: 'regexp', value: String(value)};
      if (typeof value === 'function') return {__pm2doctor: 'function', value: value.name || 'anonymous'};
      if (typeof value === 'bigint') return {__pm2doctor: 'bigint', value: String(value)};
      if (typeof value === 'symbol') return {__pm2doctor: 'symbol', value: String(value)};
      if (typeof value === 'number' && !Number.isFinite(value)) return {__pm2doctor: 'number', value: String(value)};
      return value;
    });
  } catch (error) {
    text = JSON.stringify({ok: false, kind: 'not-serializable', message: String(error && error.message)});
  }
  if (text === undefined) text = JSON.stringify({ok: true, config: null});
  fs.writeSync(3, text);
  // Like the pm2 CLI, which exits after its action: timers or servers the file left open do not matter.
  process.exit(0);
}
(async () => {
try {
  let config;
  if (format === 'json') {
    const text = override === '1' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
    config = vm.runInThisContext('(' + text + ')', {filename: file, displayErrors: false});
  } else {
    if (override === '1') {
      const text = fs.readFileSync(0, 'utf8');
      if (format === 'mjs' || /^\s*(import|export)\s/m.test(text)) {
        // ESM buffer: evaluated from a data: URL (relative imports of the file cannot resolve there).
        config = await import('data:text/javascript;base64,' + Buffer.from(text).toString('base64'));
      } else {
        const Module = require('module');
        const m = new Module(file, null);
        m.filename = file;
        m.paths = Module._nodeModulePaths(require('path').dirname(file));
        m._compile(text, file);
        config = m.exports;
      }
    } else {
      config = require(file);
    }
  }
  if (config && typeof config === 'object' && config[Symbol.toStringTag] === 'Module') {
    config = config.default !== undefined ? config.default : Object.assign({}, config);
  }
  answer({ok: true, config});
} catch (error) {
  answer({
    ok: false,
    kind: error && error.name === 'SyntaxError' ? 'syntax' : 'exception',
    message: String(error && error.message !== undefined ? error.message : error),
    stack: String(error && error.stack || ''),
  });
}
})();
`;

/** The environment an ecosystem file (and the pm2 CLI on apply) gets: an allowlist, nothing of the operator's secrets. */
export function minimalChildEnv(pm2Home?: string): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const key of ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'NODE_ENV', 'USER', 'LOGNAME', 'SHELL']) {
		const value = process.env[key];
		if (value !== undefined) env[key] = value;
	}
	if (pm2Home !== undefined) env.PM2_HOME = pm2Home;
	return env;
}

/** Turns an error thrown while evaluating the file into file:line:column and a one-line message. */
export function describeChildError(file: string, kind: 'syntax' | 'exception', message: string, stack: string): LoadError {
	if (kind === 'syntax') {
		// Node formats syntax errors as "file:LINE\n<source line>\n<spaces>^^^\n\nSyntaxError: …".
		const lines = stack.split('\n');
		const header = lines[0]?.match(/:(\d+)$/);
		const caretLine = lines.slice(1, 4).find(line => /^\s*\^+\s*$/.test(line));
		const line = header ? Number(header[1]) : null;
		const column = caretLine === undefined ? null : caretLine.indexOf('^') + 1;
		return {kind: 'syntax', file, line, column, message};
	}
	// The first stack frame inside the file itself tells where it threw.
	const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const frame = stack.match(new RegExp(`${escaped}:(\\d+):(\\d+)`));
	return {kind: 'exception', file, line: frame ? Number(frame[1]) : null, column: frame ? Number(frame[2]) : null, message};
}

export type ChildAnswer = {ok: true; config: unknown; consoleOutput: string} | ({ok: false} & LoadError);

/** Evaluates `file` (or `options.sourceOverride`) in a child node; never rejects, every failure is a LoadError. */
export function evaluateInChild(file: string, format: ConfigFormat, options: LoadOptions): Promise<ChildAnswer> {
	const timeoutMs = options.timeoutMs ?? defaultLoadTimeoutMs;
	const capBytes = options.outputCapBytes ?? defaultOutputCapBytes;
	const hasOverride = options.sourceOverride !== undefined;
	return new Promise(resolve => {
		const token = newLoaderToken();
		const child = spawn(process.execPath, ['--no-warnings', '-e', loaderSource, file, format, hasOverride ? '1' : '0'], {
			cwd: path.dirname(file),
			env: {...minimalChildEnv(options.pm2Home), [loaderMarkerName]: token},
			stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
			// Own process group, so a file that forks helpers cannot outlive the timeout.
			detached: true,
		});
		const answerChunks: Buffer[] = [];
		let answerBytes = 0;
		let consoleOutput = '';
		let settled = false;
		const finish = (result: ChildAnswer) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			killGroup(child.pid);
			void sweepMarkedProcesses(token).then(
				() => resolve(result),
				() => resolve(result),
			);
		};
		const timer = setTimeout(() => {
			finish({
				ok: false,
				kind: 'timeout',
				file,
				timeoutMs,
				message: `Evaluating ${path.basename(file)} did not finish within ${timeoutMs} ms (an endless loop or a pending handle?); the loader was killed.`,
			});
		}, timeoutMs);
		const answerStream = child.stdio[3] as NodeJS.ReadableStream;
		answerStream.on('data', (chunk: Buffer) => {
			answerBytes += chunk.length;
			if (answerBytes > capBytes) {
				finish({
					ok: false,
					kind: 'output-too-large',
					file,
					capBytes,
					message: `The exported configuration is larger than ${capBytes} bytes; refusing to read it.`,
				});
				return;
			}
			answerChunks.push(chunk);
		});
		const collectConsole = (chunk: Buffer) => {
			if (consoleOutput.length < consoleOutputCapBytes) consoleOutput += chunk.toString('utf8').slice(0, consoleOutputCapBytes - consoleOutput.length);
		};
		child.stdout!.on('data', collectConsole);
		child.stderr!.on('data', collectConsole);
		child.on('error', error => finish({ok: false, kind: 'loader-failed', file, message: error.message}));
		if (hasOverride) child.stdin!.end(options.sourceOverride);
		else child.stdin!.end();
		// 'close' waits for all stdio to end, so the answer on fd 3 is complete. A file that leaves a timer or a
		// server running never closes: the timeout handles it.
		child.on('close', () => {
			if (settled) return;
			const text = Buffer.concat(answerChunks).toString('utf8');
			if (text === '') {
				finish({
					ok: false,
					kind: 'exception',
					file,
					line: null,
					column: null,
					message: `The file exited before exporting a configuration. ${consoleOutput.trim().slice(0, 300)}`.trim(),
				});
				return;
			}
			let parsed: any;
			try {
				parsed = JSON.parse(text);
			} catch (error) {
				finish({ok: false, kind: 'loader-failed', file, message: `Unreadable loader answer: ${(error as Error).message}`});
				return;
			}
			if (parsed.ok) finish({ok: true, config: parsed.config, consoleOutput});
			else if (parsed.kind === 'not-serializable')
				finish({ok: false, kind: 'not-serializable', file, message: `The exported configuration cannot be serialized: ${parsed.message}`});
			else finish({ok: false, ...describeChildError(file, parsed.kind, parsed.message, parsed.stack)});
		});
	});
}

function killGroup(pid: number | undefined) {
	if (pid === undefined) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}
