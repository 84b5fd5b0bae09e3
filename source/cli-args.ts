// The command line, parsed with node:util's parseArgs. meow did this before; loading it (its bundled
// package.json normaliser and licence tables are evaluated on import) cost ~25-30 ms of every start,
// a sixth of the time budget to the first frame (`node --cpu-prof`, docs/architecture.md "Start-up").
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';

export type CliFlags = {
	pm2Home?: string;
	readOnly: boolean;
	ecosystem?: string;
	json: boolean;
	/** False with --no-color. */
	color: boolean;
	sample?: number;
	format?: string;
	force: boolean;
	logLines: number;
	/** heap, profile and report: where the files go, the seconds between two heap snapshots, the profile's length. */
	out?: string;
	compare?: number;
	seconds?: number;
	help: boolean;
	version: boolean;
	/** record and report (source/recorder/, source/headless/report-command.ts). */
	history: HistoryFlags;
};

export type HistoryFlags = {
	install: boolean;
	uninstall: boolean;
	testAlert: boolean;
	interval?: number;
	maxSize?: string;
	webhook?: string;
	webhookFormat?: string;
	onFinding?: string;
	minSeverity?: string;
	since?: string;
	process?: string;
};

export type ParsedCommandLine = {ok: true; input: string[]; flags: CliFlags} | {ok: false; message: string};

const options = {
	'pm2-home': {type: 'string'},
	'read-only': {type: 'boolean'},
	ecosystem: {type: 'string'},
	json: {type: 'boolean'},
	color: {type: 'boolean'},
	'no-color': {type: 'boolean'},
	sample: {type: 'string'},
	format: {type: 'string'},
	force: {type: 'boolean'},
	'log-lines': {type: 'string'},
	out: {type: 'string'},
	compare: {type: 'string'},
	seconds: {type: 'string'},
	help: {type: 'boolean'},
	version: {type: 'boolean'},
	install: {type: 'boolean'},
	uninstall: {type: 'boolean'},
	'test-alert': {type: 'boolean'},
	interval: {type: 'string'},
	'max-size': {type: 'string'},
	webhook: {type: 'string'},
	'webhook-format': {type: 'string'},
	'on-finding': {type: 'string'},
	'min-severity': {type: 'string'},
	since: {type: 'string'},
	process: {type: 'string'},
} as const;

// How many positionals each command takes, the command itself included; more is a usage error. Unknown
// commands are reported by the caller.
const maxPositionals: Record<string, number> = {ui: 1, status: 1, check: 1, lint: 2, init: 1, heap: 2, profile: 2, record: 1, report: 1};

/** Parses `argv` (without node and the script); unknown flags, flags missing their value and extra arguments are errors. */
export function parseCommandLine(argv: string[]): ParsedCommandLine {
	let parsed;
	try {
		parsed = parseArgs({args: joinNegativeValues(argv), options, allowPositionals: true, strict: true});
	} catch (error) {
		// parseArgs explains at length over several lines; the option is what matters.
		const code = (error as NodeJS.ErrnoException).code;
		const option = /'([^']+)'/.exec((error as Error).message)?.[1];
		if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return {ok: false, message: `unknown option ${option}`};
		if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option)
			return {ok: false, message: `${option.split(' ')[0]} needs a value (write ${option.split(' ')[0]}=VALUE for one that starts with "-")`};
		return {ok: false, message: (error as Error).message.split('\n')[0]!};
	}
	const [command, ...extra] = parsed.positionals;
	const allowed = command === undefined ? undefined : maxPositionals[command];
	if (allowed !== undefined && parsed.positionals.length > allowed) {
		const surplus = extra.slice(allowed - 1);
		return {ok: false, message: `unexpected argument${surplus.length > 1 ? 's' : ''} for ${command}: ${surplus.map(text => JSON.stringify(text)).join(' ')}`};
	}
	const {values} = parsed;
	const number = (text: string | undefined) => (text === undefined ? undefined : Number(text));
	return {
		ok: true,
		input: parsed.positionals,
		flags: {
			pm2Home: values['pm2-home'],
			readOnly: values['read-only'] ?? false,
			ecosystem: values.ecosystem,
			json: values.json ?? false,
			color: !values['no-color'],
			sample: number(values.sample),
			format: values.format,
			force: values.force ?? false,
			logLines: number(values['log-lines']) ?? 200,
			out: values.out,
			compare: number(values.compare),
			seconds: number(values.seconds),
			help: values.help ?? false,
			version: values.version ?? false,
			history: {
				install: values.install ?? false,
				uninstall: values.uninstall ?? false,
				testAlert: values['test-alert'] ?? false,
				interval: number(values.interval),
				maxSize: values['max-size'],
				webhook: values.webhook,
				webhookFormat: values['webhook-format'],
				onFinding: values['on-finding'],
				minSeverity: values['min-severity'],
				since: values.since,
				process: values.process,
			},
		},
	};
}

// `--sample -5` is the value -5, as `--sample=-5` is: parseArgs would take "-5" for an option and refuse the pair,
// so a negative number after an option that takes a value is joined to it and gets the option's own range check.
function joinNegativeValues(argv: string[]): string[] {
	const joined: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const token = argv[index]!;
		const next = argv[index + 1];
		const name = token.startsWith('--') ? token.slice(2) : null;
		if (name !== null && name in options && options[name as keyof typeof options].type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
			joined.push(`${token}=${next}`);
			index++;
		} else {
			joined.push(token);
		}
		if (token === '--') {
			joined.push(...argv.slice(index + 1));
			break;
		}
	}
	return joined;
}

/** pm2-doctor's package.json (found from source/ under tsx, from dist/source/ and from dist/source/chunks/). */
export function readOwnPackage(): {version?: string; description?: string} {
	let folder = path.dirname(fileURLToPath(import.meta.url));
	for (let level = 0; level < 5; level++) {
		try {
			const pkg = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as {name?: string; version?: string; description?: string};
			if (pkg.name === 'pm2-doctor') return pkg;
		} catch {
			// No readable package.json here: look one folder up.
		}
		folder = path.dirname(folder);
	}
	return {};
}
