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
	help: boolean;
	version: boolean;
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
	help: {type: 'boolean'},
	version: {type: 'boolean'},
} as const;

/** Parses `argv` (without node and the script); unknown flags and flags missing their value are errors. */
export function parseCommandLine(argv: string[]): ParsedCommandLine {
	let parsed;
	try {
		parsed = parseArgs({args: argv, options, allowPositionals: true, strict: true});
	} catch (error) {
		// parseArgs explains an unknown option at length (positionals after --); the option is what matters.
		const unknown = (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'([^']+)'/.exec((error as Error).message) : null;
		return {ok: false, message: unknown ? `unknown option ${unknown[1]}` : (error as Error).message};
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
			help: values.help ?? false,
			version: values.version ?? false,
		},
	};
}

/** pm2-doctor's package.json (found from source/ under tsx, from dist/source/ and from dist/source/chunks/). */
export function readOwnPackage(): {version?: string; description?: string} {
	let folder = path.dirname(fileURLToPath(import.meta.url));
	for (let level = 0; level < 5; level++) {
		try {
			const pkg = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as {name?: string; version?: string; description?: string};
			if (pkg.name === 'pm2-doctor') return pkg;
		} catch {}
		folder = path.dirname(folder);
	}
	return {};
}
