// One-key fixes as precise text edits located with the syntax tree: the value of an existing key is replaced, or
// a new `key: value` line is inserted after the app's last property with the same indentation. Everything else
// in the file — comments, formatting, quotes — stays byte for byte. Works for JS and JSON ecosystem files (JSON is
// evaluated as JS by PM2, but we write JSON syntax into .json files so they stay valid JSON).
import * as acorn from 'acorn';
import type {ConfigFormat} from './config-format.js';
import {propertyName, walk} from './locate-keys.js';

/** A config change: set `key` of the app named `appName` (or the only app) to `value`. */
export type ConfigEdit = {appName: string | null; key: string; value: unknown; description: string};

export type EditResult = {ok: true; text: string} | {ok: false; message: string};

type AnyNode = acorn.Node & Record<string, any>;

/** Applies the edit to the source text; refuses (never guesses) when the app object is not written literally. */
export function applyConfigEdit(source: string, format: ConfigFormat, edit: ConfigEdit): EditResult {
	if (format === 'yaml') return {ok: false, message: 'One-key fixes are not implemented for YAML files yet; edit the line by hand.'};
	const shift = format === 'json' ? 1 : 0;
	let ast: AnyNode;
	try {
		const text = format === 'json' ? `(${source}\n)` : source;
		ast = parseAny(text, format);
	} catch (error) {
		return {ok: false, message: `The file does not parse (${(error as Error).message}); fix it first.`};
	}
	const apps = appObjects(ast);
	const app = edit.appName === null ? (apps.length === 1 ? apps[0] : undefined) : apps.find(node => literalName(node) === edit.appName);
	if (!app) return {ok: false, message: `App ${edit.appName ?? '(single app)'} is not written as an object literal in the file; cannot edit it safely.`};
	const valueText = format === 'json' ? JSON.stringify(edit.value) : toJsLiteral(edit.value, quoteStyle(source));
	const properties = (app.properties as AnyNode[]).filter(property => property.type === 'Property');
	const existing = properties.filter(property => propertyName(property) === edit.key).at(-1);
	if (existing) {
		const start = existing.value.start - shift;
		const end = existing.value.end - shift;
		return {ok: true, text: source.slice(0, start) + valueText + source.slice(end)};
	}
	const keyText = format === 'json' ? JSON.stringify(edit.key) : /^[A-Za-z_$][\w$]*$/.test(edit.key) ? edit.key : JSON.stringify(edit.key);
	const last = (app.properties as AnyNode[]).at(-1);
	if (!last) {
		// Empty object: `{}` → `{key: value}`.
		const inside = app.start - shift + 1;
		return {ok: true, text: source.slice(0, inside) + `${keyText}: ${valueText}` + source.slice(inside)};
	}
	const lastEnd = last.end - shift;
	const lineStart = source.lastIndexOf('\n', last.start - shift - 1) + 1;
	const indent = source.slice(lineStart, last.start - shift).match(/^\s*/)![0];
	const sameLine = !source.slice(app.start - shift, lastEnd).includes('\n');
	// Keep the file's trailing-comma style: if the last property already has a comma, the new one gets one too.
	const afterLast = source.slice(lastEnd, app.end - shift - 1);
	const hasTrailingComma = /^\s*,/.test(afterLast.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, ''));
	if (sameLine) {
		return {ok: true, text: source.slice(0, lastEnd) + `, ${keyText}: ${valueText}` + source.slice(lastEnd)};
	}
	if (hasTrailingComma) {
		const commaAt = lastEnd + afterLast.indexOf(',') + 1;
		const lineEnd = source.indexOf('\n', commaAt);
		const insertAt = lineEnd === -1 ? commaAt : lineEnd; // after a trailing comment on that line
		return {ok: true, text: source.slice(0, insertAt) + `\n${indent}${keyText}: ${valueText},` + source.slice(insertAt)};
	}
	return {ok: true, text: source.slice(0, lastEnd) + `,\n${indent}${keyText}: ${valueText}` + source.slice(lastEnd)};
}

function parseAny(text: string, format: ConfigFormat): AnyNode {
	const options = {ecmaVersion: 'latest', allowHashBang: true, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true} as const;
	if (format === 'mjs') return acorn.parse(text, {...options, sourceType: 'module'}) as AnyNode;
	try {
		return acorn.parse(text, {...options, sourceType: 'script'}) as AnyNode;
	} catch {
		return acorn.parse(text, {...options, sourceType: 'module'}) as AnyNode;
	}
}

function appObjects(ast: AnyNode): AnyNode[] {
	let found: AnyNode[] | null = null;
	walk(ast, node => {
		if (!found && node.type === 'Property' && ['apps', 'pm2'].includes(propertyName(node) ?? '') && node.value?.type === 'ArrayExpression') {
			found = (node.value.elements as Array<AnyNode | null>).filter((element): element is AnyNode => element?.type === 'ObjectExpression');
		}
	});
	if (found) return found;
	const singles: AnyNode[] = [];
	walk(ast, node => {
		if (singles.length === 0 && node.type === 'ObjectExpression' && (node.properties as AnyNode[]).some(property => propertyName(property) === 'script'))
			singles.push(node);
	});
	return singles;
}

function literalName(app: AnyNode): string | null {
	const property = (app.properties as AnyNode[]).find(candidate => candidate.type === 'Property' && propertyName(candidate) === 'name');
	return property?.value?.type === 'Literal' ? String(property.value.value) : null;
}

function quoteStyle(source: string): "'" | '"' {
	const single = (source.match(/'/g) ?? []).length;
	const double = (source.match(/"/g) ?? []).length;
	return single >= double ? "'" : '"';
}

/** Writes a value as JavaScript source in the file's quote style. */
export function toJsLiteral(value: unknown, quote: "'" | '"' = "'"): string {
	if (typeof value === 'string') {
		const escaped = JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"');
		return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped.replace(/"/g, '\\"')) + quote;
	}
	if (Array.isArray(value)) return `[${value.map(item => toJsLiteral(item, quote)).join(', ')}]`;
	if (value !== null && typeof value === 'object') {
		return `{${Object.entries(value)
			.map(([key, item]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${toJsLiteral(item, quote)}`)
			.join(', ')}}`;
	}
	return JSON.stringify(value);
}
