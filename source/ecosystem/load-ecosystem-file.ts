// Loads an ecosystem file the way PM2 does, but never inside pm2-doctor's own process: an ecosystem file is
// executable JavaScript (and PM2 evaluates `.json` files as JavaScript too, with `vm.runInThisContext`), so it
// runs in a child `node` with a hard timeout, a minimal environment, its own process group and capped output.
// YAML is parsed here with the `yaml` package, never executed (PM2 uses js-yaml `load`, also non-executing).
import fs from 'node:fs';
import path from 'node:path';
import * as acorn from 'acorn';
import YAML from 'yaml';
import {detectConfigFormat, type ConfigFormat} from './config-format.js';
import {evaluateInChild} from './evaluate-in-child.js';
import {toEditorText} from './file-conventions.js';

export {defaultLoadTimeoutMs, defaultOutputCapBytes, describeChildError, minimalChildEnv} from './evaluate-in-child.js';

/** A value the loader could not express in JSON (functions, regexps…), tagged so lint can name its type. */
export type TaggedValue = {__pm2doctor: 'regexp' | 'function' | 'bigint' | 'number' | 'symbol'; value: string};

export type LoadError =
	| {kind: 'not-found'; file: string; message: string}
	| {kind: 'not-regular-file'; file: string; message: string}
	| {kind: 'file-too-large'; file: string; capBytes: number; message: string}
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
	/** PM2's `static` entries (`{static: [{path, port}]}`): each becomes a `pm2 serve` app (lib/API/Serve.js). */
	staticServers?: Array<Record<string, unknown>>;
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
	/** Larger files are refused unread (an ecosystem file is a few KiB; a log or a device is not one). */
	maxFileBytes?: number;
};

export const defaultMaxFileBytes = 1024 * 1024;

/** Loads and evaluates an ecosystem file safely; never throws, every failure is a LoadError. */
export async function loadEcosystemFile(filePath: string, options: LoadOptions = {}): Promise<LoadResult> {
	const file = path.resolve(filePath);
	const startedAtMs = Date.now();
	const read =
		options.sourceOverride === undefined
			? await readRegularFile(file, options.maxFileBytes ?? defaultMaxFileBytes)
			: {ok: true as const, text: options.sourceOverride};
	if (!read.ok) return read;
	const source = read.text;
	const pm2Format = detectConfigFormat(path.basename(file));
	const format: ConfigFormat = pm2Format ?? (file.endsWith('.mjs') ? 'mjs' : 'js');
	const base = {file, format, isNameRecognizedByPm2: pm2Format !== null, source};
	// Nothing to evaluate: PM2 would call an empty .json a syntax error and an empty .js an app without a script;
	// either way the file defines no apps, and that is what lint says.
	if (toEditorText(source).trim() === '')
		return {ok: true, ...base, config: null, apps: [], staticServers: [], consoleOutput: '', durationMs: Date.now() - startedAtMs};

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
		return {
			ok: true,
			...base,
			config,
			apps: pickApps(config),
			staticServers: pickStaticServers(config),
			consoleOutput: '',
			durationMs: Date.now() - startedAtMs,
		};
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
		staticServers: pickStaticServers(evaluated.config),
		consoleOutput: evaluated.consoleOutput,
		durationMs: Date.now() - startedAtMs,
	};
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Picks the app objects out of a loaded config the way PM2's `_startJson` does (`apps`, else `pm2`, else the config
 * itself), except that a config holding only `static` or `deploy` sections, or nothing at all, has no apps rather
 * than being one app without a script.
 */
export function pickApps(config: unknown): Array<Record<string, unknown>> {
	if (!isObject(config) && !Array.isArray(config)) return [];
	const record = config as Record<string, unknown>;
	const onlySections = isObject(config) && Object.keys(record).every(key => key === 'static' || key === 'deploy');
	const apps = record.apps ?? record.pm2 ?? (onlySections ? [] : record);
	return (Array.isArray(apps) ? apps : [apps]).filter(isObject);
}

/** PM2's `static` entries (served by lib/API/Serve.js), objects only. */
export function pickStaticServers(config: unknown): Array<Record<string, unknown>> {
	const entries = isObject(config) ? config.static : undefined;
	return (Array.isArray(entries) ? entries : entries === undefined ? [] : [entries]).filter(isObject);
}

type ReadResult = {ok: true; text: string} | ({ok: false} & LoadError);

// Only regular files are read, and only up to a cap: a FIFO would block the read forever and /dev/zero never
// ends. The descriptor is opened non-blocking and checked again, in case the path changed after the first check.
async function readRegularFile(file: string, capBytes: number): Promise<ReadResult> {
	const notRegular = (what: string): ReadResult => ({
		ok: false,
		kind: 'not-regular-file',
		file,
		message: `Not a regular file (${what}): only regular files are read as ecosystem files.`,
	});
	const tooLarge = (sizeBytes: number): ReadResult => ({
		ok: false,
		kind: 'file-too-large',
		file,
		capBytes,
		message: `${sizeBytes} bytes, more than the ${capBytes} bytes an ecosystem file may have here: not read.`,
	});
	let handle: fs.promises.FileHandle | null = null;
	try {
		const before = await fs.promises.stat(file);
		if (!before.isFile()) return notRegular(describeFileType(before));
		if (before.size > capBytes) return tooLarge(before.size);
		handle = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
		const opened = await handle.stat();
		if (!opened.isFile()) return notRegular(describeFileType(opened));
		const buffer = Buffer.alloc(capBytes + 1);
		let length = 0;
		for (let chunk = -1; chunk !== 0 && length < buffer.length; length += chunk)
			chunk = (await handle.read(buffer, length, buffer.length - length, length)).bytesRead;
		if (length > capBytes) return tooLarge(length);
		return {ok: true, text: buffer.subarray(0, length).toString('utf8')};
	} catch (error) {
		return {ok: false, kind: 'not-found', file, message: `Cannot read ${file}: ${(error as Error).message}`};
	} finally {
		await handle?.close();
	}
}

function describeFileType(stat: fs.Stats): string {
	if (stat.isDirectory()) return 'a folder';
	if (stat.isFIFO()) return 'a named pipe (FIFO)';
	if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
	if (stat.isSocket()) return 'a socket';
	return 'an unusual file type';
}

/** Formats a load error for people: "file:line:col: message". */
export function formatLoadError(error: LoadError): string {
	if ((error.kind === 'syntax' || error.kind === 'exception') && error.line !== null) {
		const where = `${error.file}:${error.line}${error.column === null ? '' : `:${error.column}`}`;
		return `${where}: ${error.kind === 'syntax' ? 'syntax error: ' : 'threw: '}${error.message}`;
	}
	return `${error.file}: ${error.message}`;
}

/** Finds where a source stops parsing (1-based line and column), or null when it parses. */
export function syntaxErrorPosition(source: string, sourceType: 'script' | 'module'): {line: number; column: number} | null {
	try {
		acorn.parse(source, {
			ecmaVersion: 'latest',
			sourceType,
			allowHashBang: true,
			allowReturnOutsideFunction: true,
			allowAwaitOutsideFunction: true,
			locations: true,
		});
		return null;
	} catch (error) {
		const loc = (error as {loc?: {line: number; column: number}}).loc;
		return loc ? {line: loc.line, column: loc.column + 1} : null;
	}
}
