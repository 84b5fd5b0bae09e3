// Loads an ecosystem file the way PM2 does, but never inside pm2-doctor's own process: an ecosystem file is
// executable JavaScript (and PM2 evaluates `.json` files as JavaScript too, with `vm.runInThisContext`), so it
// runs in a child `node` with a hard timeout, a minimal environment, its own process group and capped output.
// YAML is parsed here with the `yaml` package, never executed (PM2 uses js-yaml `load`, also non-executing).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';
import YAML from 'yaml';
import {detectConfigFormat, type ConfigFormat} from './config-format.js';

/** A value the loader could not express in JSON (functions, regexps…), tagged so lint can name its type. */
export type TaggedValue = {__pm2doctor: 'regexp' | 'function' | 'bigint' | 'number' | 'symbol'; value: string};

export type LoadError =
	| {kind: 'not-found'; file: string; message: string}
	| {kind: 'syntax'; file: string; line: number | null; column: number | null; message: string}
	| {kind: 'exception'; file: string; line: number | null; column: number | null; message: string}
	| {kind: 'timeout'; file: string; timeoutMs: number; message: string}
	| {kind: 'output-too-large'; file: string; capBytes: number; message: string}
	| {kind: 'not-serializable'; file: string; message: string}
	| {kind: 'loader-failed'; file: string; message: string};

export type LoadedEcosystem = {
	ok: true;
	file: string;
	format: ConfigFormat;
	/** True when PM2 would not recognise the file name as a config file (it would start it as a script). */
	isNameRecognizedByPm2: boolean;
	/** The file's text as read just before evaluation (what the editor and the locator work on). */
	source: string;
	/** The exported value (module.exports / the JSON expression / the YAML document). */
	config: unknown;
	/** The app objects, picked like PM2's `_startJson`: `config.apps`, else `config.pm2`, else the config itself. */
	apps: Array<Record<string, unknown>>;
	/** What the file printed while being evaluated (capped), shown so side effects are visible. */
	consoleOutput: string;
	durationMs: number;
};

export type LoadResult = LoadedEcosystem | ({ok: false} & LoadError);

export type LoadOptions = {
	/** Hard limit for evaluating the file; the child's whole process group gets SIGKILL after it. */
	timeoutMs?: number;
	/** Cap for the serialized config and, separately, for what the file prints. */
	outputCapBytes?: number;
	/** PM2_HOME to expose to the file (some configs read it); nothing else of pm2-doctor's env is passed. */
	pm2Home?: string;
	/** Evaluate this text instead of the file's current content (validating an unsaved editor buffer). */
	sourceOverride?: string;
};

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

/** Loads and evaluates an ecosystem file safely; never throws, every failure is a LoadError. */
export async function loadEcosystemFile(filePath: string, options: LoadOptions = {}): Promise<LoadResult> {
	const file = path.resolve(filePath);
	const startedAtMs = Date.now();
	let source: string;
	try {
		source = options.sourceOverride ?? fs.readFileSync(file, 'utf8');
	} catch (error) {
		return {ok: false, kind: 'not-found', file, message: `Cannot read ${file}: ${(error as Error).message}`};
	}
	const pm2Format = detectConfigFormat(path.basename(file));
	const format: ConfigFormat = pm2Format ?? (file.endsWith('.mjs') ? 'mjs' : 'js');
	const base = {file, format, isNameRecognizedByPm2: pm2Format !== null, source};

	if (format === 'yaml') {
		const document = YAML.parseDocument(source, {prettyErrors: true});
		const firstError = document.errors[0];
		if (firstError) {
			const position = firstError.linePos?.[0];
			return {
				ok: false,
				kind: 'syntax',
				file,
				line: position?.line ?? null,
				column: position?.col ?? null,
				message: firstError.message.split('\n')[0],
			};
		}
		const config = document.toJS();
		return {ok: true, ...base, config, apps: pickApps(config), consoleOutput: '', durationMs: Date.now() - startedAtMs};
	}

	const evaluated = await evaluateInChild(file, format, options);
	if (!evaluated.ok) {
		// ESM evaluated from a data: URL reports no position: ask the parser where it broke.
		if (evaluated.kind === 'syntax' && evaluated.line === null) {
			const position = syntaxErrorPosition(format === 'json' ? `(${source})` : source, format === 'mjs' ? 'module' : 'script');
			if (position) return {...evaluated, line: position.line, column: position.column};
		}
		return evaluated;
	}
	return {
		ok: true,
		...base,
		config: evaluated.config,
		apps: pickApps(evaluated.config),
		consoleOutput: evaluated.consoleOutput,
		durationMs: Date.now() - startedAtMs,
	};
}

/** Picks the app objects out of a loaded config the way PM2's `_startJson` does. */
export function pickApps(config: unknown): Array<Record<string, unknown>> {
	if (config === null || config === undefined || typeof config !== 'object') return [];
	const record = config as Record<string, unknown>;
	const apps = record.apps ?? record.pm2 ?? record;
	const list = Array.isArray(apps) ? apps : [apps];
	return list.filter((app): app is Record<string, unknown> => app !== null && typeof app === 'object' && !Array.isArray(app));
}

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

type ChildAnswer = {ok: true; config: unknown; consoleOutput: string} | ({ok: false} & LoadError);

function evaluateInChild(file: string, format: ConfigFormat, options: LoadOptions): Promise<ChildAnswer> {
	const timeoutMs = options.timeoutMs ?? defaultLoadTimeoutMs;
	const capBytes = options.outputCapBytes ?? defaultOutputCapBytes;
	const hasOverride = options.sourceOverride !== undefined;
	return new Promise(resolve => {
		const child = spawn(
			process.execPath,
			['--no-warnings', '-e', loaderSource, file, format, hasOverride ? '1' : '0'],
			{
				cwd: path.dirname(file),
				env: minimalChildEnv(options.pm2Home),
				stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
				// Own process group, so a file that forks helpers cannot outlive the timeout.
				detached: true,
			},
		);
		const answerChunks: Buffer[] = [];
		let answerBytes = 0;
		let consoleOutput = '';
		let settled = false;
		const finish = (result: ChildAnswer) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			killGroup(child.pid);
			resolve(result);
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
				finish({ok: false, kind: 'exception', file, line: null, column: null, message: `The file exited before exporting a configuration. ${consoleOutput.trim().slice(0, 300)}`.trim()});
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
			else if (parsed.kind === 'not-serializable') finish({ok: false, kind: 'not-serializable', file, message: `The exported configuration cannot be serialized: ${parsed.message}`});
			else finish({ok: false, ...describeChildError(file, parsed.kind, parsed.message, parsed.stack)});
		});
	});
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

/** Formats a load error for people: "file:line:col: message". */
export function formatLoadError(error: LoadError): string {
	if ((error.kind === 'syntax' || error.kind === 'exception') && error.line !== null) {
		const where = `${error.file}:${error.line}${error.column === null ? '' : `:${error.column}`}`;
		return `${where}: ${error.kind === 'syntax' ? 'syntax error: ' : 'threw: '}${error.message}`;
	}
	return `${error.file}: ${error.message}`;
}

function killGroup(pid: number | undefined) {
	if (pid === undefined) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		// Already gone.
	}
}

/** Finds where a source stops parsing (1-based line and column), or null when it parses. */
export function syntaxErrorPosition(source: string, sourceType: 'script' | 'module'): {line: number; column: number} | null {
	try {
		acorn.parse(source, {ecmaVersion: 'latest', sourceType, allowHashBang: true, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true, locations: true});
		return null;
	} catch (error) {
		const loc = (error as {loc?: {line: number; column: number}}).loc;
		return loc ? {line: loc.line, column: loc.column + 1} : null;
	}
}
