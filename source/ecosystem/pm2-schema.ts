// Validates app objects against PM2's own option schema (lib/API/schema.json of the installed pm2), with the
// same rules as PM2's validator (lib/tools/Config.js `_valid`): aliases, type check with number auto-parsing,
// regex, min/max, and the pre-processing `Common.verifyConfs` does first (exec_mode, cmd/command, instances).
// PM2 rejects the whole file on a type/regex/min error; it silently DROPS keys it does not know — which is why
// unknown keys are reported here with a "did you mean".
import fs from 'node:fs';
import {createRequire} from 'node:module';
import type {TaggedValue} from './load-ecosystem-file.js';

export type SchemaEntry = {
	type: string | string[];
	alias?: string | string[];
	regex?: string;
	desc?: string;
	min?: number;
	max?: number;
	ext_type?: 'sbyte' | 'stime';
	require?: boolean;
	default?: unknown;
	docDescription?: string;
};

export type Pm2Schema = {
	/** Plain option names → entry (regex keys such as `^env_\S*$` are kept apart). */
	entries: Map<string, SchemaEntry>;
	patternEntries: Array<{pattern: RegExp; entry: SchemaEntry}>;
	/** Every accepted spelling (names, declared aliases, PM2's generated camelCase aliases) → canonical name. */
	aliasToName: Map<string, string>;
	version: string;
};

export type SchemaProblem = {
	key: string;
	kind: 'unknown-key' | 'type' | 'regex' | 'min' | 'max' | 'required';
	message: string;
	/** A better key name (unknown keys). */
	suggestion: string | null;
	/** A value PM2 accepts that means what was probably intended ("500MB" → "500M"), for unit strings. */
	suggestedValue?: string | number;
};

const requireFromHere = createRequire(import.meta.url);
let cachedSchema: Pm2Schema | null = null;

/** Reads the option schema shipped with the installed pm2 package (cached). */
export function loadPm2Schema(): Pm2Schema {
	if (cachedSchema) return cachedSchema;
	const schemaPath = requireFromHere.resolve('pm2/lib/API/schema.json');
	const version = (JSON.parse(fs.readFileSync(requireFromHere.resolve('pm2/package.json'), 'utf8')) as {version: string}).version;
	const raw = JSON.parse(fs.readFileSync(schemaPath, 'utf8')) as Record<string, SchemaEntry>;
	const entries = new Map<string, SchemaEntry>();
	const patternEntries: Pm2Schema['patternEntries'] = [];
	const aliasToName = new Map<string, string>();
	for (const [name, entry] of Object.entries(raw)) {
		// Config.js treats keys containing a backslash as regular expressions.
		if (name.includes('\\')) {
			patternEntries.push({pattern: new RegExp(name), entry});
			continue;
		}
		entries.set(name, entry);
		aliasToName.set(name, name);
		const declared = entry.alias === undefined ? [] : Array.isArray(entry.alias) ? entry.alias : [entry.alias];
		for (const alias of [...declared, camelCaseAlias(name)]) aliasToName.set(alias, name);
	}
	// Keys `Common.verifyConfs` consumes before the schema check.
	for (const [alias, name] of [
		['cmd', 'script'],
		['command', 'script'],
	] as const)
		aliasToName.set(alias, name);
	cachedSchema = {entries, patternEntries, aliasToName, version};
	return cachedSchema;
}

// Config.js: `max_memory_restart` → `maxMemoryRestart` (segments of length 1 stay lower case).
function camelCaseAlias(name: string): string {
	return name
		.split('_')
		.map((part, index) => (index !== 0 && part && part.length > 1 ? part[0]!.toUpperCase() + part.slice(1) : part))
		.join('');
}

/** Returns PM2's type name for a loaded value ("string", "number", "regexp"…), honouring the loader's tags. */
export function valueTypeName(value: unknown): string {
	if (isTagged(value)) return value.__pm2doctor === 'number' ? 'number' : value.__pm2doctor;
	if (Array.isArray(value)) return 'array';
	if (value === null) return 'null';
	return typeof value;
}

export function isTagged(value: unknown): value is TaggedValue {
	return typeof value === 'object' && value !== null && typeof (value as TaggedValue).__pm2doctor === 'string';
}

/** Checks one app like `Common.verifyConfs` + `Config.validateJSON` would, plus unknown keys. */
export function validateAppAgainstSchema(app: Record<string, unknown>, schema: Pm2Schema = loadPm2Schema()): SchemaProblem[] {
	const problems: SchemaProblem[] = [];
	const prepared: Record<string, unknown> = {...app};
	// verifyConfs pre-processing that changes what the validator sees.
	if (prepared.instances === 'max') prepared.instances = 0;
	if (typeof prepared.instances === 'string') prepared.instances = Number.parseInt(prepared.instances, 10) || 0;
	if (typeof prepared.exec_mode === 'string') prepared.exec_mode = prepared.exec_mode.replace(/^(fork|cluster)$/, '$1_mode');

	for (const key of Object.keys(prepared)) {
		const canonical = schema.aliasToName.get(key);
		const entry = canonical === undefined ? undefined : schema.entries.get(canonical);
		const patternEntry = entry ? undefined : schema.patternEntries.find(candidate => candidate.pattern.test(key))?.entry;
		if (!entry && !patternEntry) {
			const suggestion = suggestKey(key, schema);
			problems.push({
				key,
				kind: 'unknown-key',
				message: `PM2 ${schema.version} does not know the option "${key}" and silently ignores it${suggestion ? ` — did you mean "${suggestion}"?` : '.'}`,
				suggestion,
			});
			continue;
		}
		const value = prepared[key];
		if (value === undefined || value === null) continue;
		const problem = checkValue(key, value, (entry ?? patternEntry)!);
		if (problem) problems.push(problem);
	}
	if (prepared.script === undefined && prepared.cmd === undefined && prepared.command === undefined && prepared.exec === undefined) {
		problems.push({key: 'script', kind: 'required', message: '"script" is required: PM2 refuses an app without it.', suggestion: null});
	}
	return problems;
}

// Mirrors Config._valid (pm2 7): auto-parse numbers unless boolean, type check, regex on strings, min/max.
function checkValue(key: string, rawValue: unknown, entry: SchemaEntry): SchemaProblem | null {
	const allowed = typeof entry.type === 'string' ? [entry.type] : entry.type;
	let value = rawValue;
	let type = valueTypeName(value);
	if (type !== 'boolean' && allowed.includes('number') && isNumericLike(value)) {
		value = Number.parseFloat(String(value));
		type = 'number';
	}
	if (!allowed.includes(type)) {
		return {
			key,
			kind: 'type',
			message: `"${key}" must be ${allowed.join(' or ')}, but is ${type}${type === 'string' ? ` (${JSON.stringify(rawValue)})` : ''}; PM2 refuses the file.`,
			suggestion: null,
		};
	}
	if (type === 'string' && entry.regex && !new RegExp(entry.regex).test(value as string)) {
		const suggestedValue = entry.ext_type ? normalizeUnitString(value as string, entry.ext_type) : null;
		return {
			key,
			kind: 'regex',
			message: `"${key}": ${JSON.stringify(value)} is rejected by PM2 — ${entry.desc ?? `it must match ${entry.regex}`}.`,
			suggestion: null,
			...(suggestedValue !== null && new RegExp(entry.regex).test(String(suggestedValue)) ? {suggestedValue} : {}),
		};
	}
	if (type === 'number') {
		if (entry.max !== undefined && (value as number) > entry.max) {
			return {key, kind: 'max', message: `"${key}" is at most ${entry.max} for PM2, but is ${String(value)}.`, suggestion: null};
		}
		if (entry.min !== undefined && (value as number) < entry.min) {
			return {key, kind: 'min', message: `"${key}" is at least ${entry.min} for PM2, but is ${String(value)}.`, suggestion: null};
		}
	}
	return null;
}

// JavaScript's isNaN coercion, which PM2 relies on: "500" and "" are numeric, "500M" is not.
function isNumericLike(value: unknown): boolean {
	if (typeof value === 'number') return !Number.isNaN(value);
	if (typeof value === 'string') return !Number.isNaN(Number(value));
	if (typeof value === 'boolean') return true;
	return Array.isArray(value) ? !Number.isNaN(Number(value)) : false;
}

/** Suggests the closest known option name (snake/camel insensitive, then edit distance). */
export function suggestKey(key: string, schema: Pm2Schema = loadPm2Schema()): string | null {
	const normalize = (text: string) => text.toLowerCase().replace(/[-_]/g, '');
	const wanted = normalize(key);
	let best: string | null = null;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const [alias, name] of schema.aliasToName) {
		const distance = editDistance(wanted, normalize(alias));
		if (distance < bestDistance) {
			bestDistance = distance;
			best = name;
		}
	}
	if (wanted.startsWith('env')) return 'env_<name> (e.g. env_production)';
	return best !== null && bestDistance <= Math.max(2, Math.floor(wanted.length / 4)) ? best : null;
}

/** Levenshtein distance; the inputs are short option names. */
export function editDistance(a: string, b: string): number {
	const previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		let diagonal = previous[0]!;
		previous[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const saved = previous[j]!;
			previous[j] = Math.min(previous[j]! + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
			diagonal = saved;
		}
	}
	return previous[b.length]!;
}

/** Converts PM2 unit strings the way Config.js does ("200M" → bytes, "30s" → ms); null when PM2 would reject it. */
export function parsePm2Units(value: unknown, kind: 'sbyte' | 'stime'): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value !== 'string') return null;
	if (value.trim() !== '' && !Number.isNaN(Number(value))) return Number.parseFloat(value);
	const pattern = kind === 'sbyte' ? /^(\d+)(G|M|K)$/ : /^(\d+)(h|m|s)$/;
	const match = value.match(pattern);
	if (!match) return null;
	const factors: Record<string, number> = {G: 1024 ** 3, M: 1024 ** 2, K: 1024, h: 3_600_000, m: 60_000, s: 1000};
	return Number(match[1]) * factors[match[2]!]!;
}

/** Rewrites common unit spellings PM2 rejects into the ones it accepts: "500MB"/"500 mb" → "500M", "10 sec" → "10s", "1500ms" → 1500. */
export function normalizeUnitString(value: string, kind: 'sbyte' | 'stime'): string | number | null {
	const match = value.trim().match(/^(\d+)\s*([a-zA-Z]*)$/);
	if (!match) return null;
	const amount = match[1]!;
	const unit = match[2]!.toLowerCase();
	if (kind === 'sbyte') {
		const map: Record<string, string> = {b: '', k: 'K', kb: 'K', kib: 'K', m: 'M', mb: 'M', mib: 'M', g: 'G', gb: 'G', gib: 'G'};
		return unit in map ? (map[unit] === '' ? Number(amount) : `${amount}${map[unit]}`) : null;
	}
	const map: Record<string, string> = {
		ms: '',
		s: 's',
		sec: 's',
		secs: 's',
		second: 's',
		seconds: 's',
		m: 'm',
		min: 'm',
		mins: 'm',
		minute: 'm',
		minutes: 'm',
		h: 'h',
		hr: 'h',
		hour: 'h',
		hours: 'h',
	};
	return unit in map ? (map[unit] === '' ? Number(amount) : `${amount}${map[unit]}`) : null;
}
