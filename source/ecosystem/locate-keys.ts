// Maps "app #i, key k" to a line in the ecosystem file's source, so lint findings can be shown on their line
// in the editor. JS/JSON are parsed with acorn (never executed); YAML with the `yaml` package's CST positions.
import * as acorn from 'acorn';
import YAML, {LineCounter, isMap, isPair, isScalar, isSeq} from 'yaml';
import type {ConfigFormat} from './config-format.js';

export type SourcePosition = {line: number; column: number};

export type KeyLocation = SourcePosition & {
	/** The value is written literally (a string/number literal or a template without expressions), not computed. */
	isLiteralValue: boolean;
};

export type KeyLocator = {
	/** Position of `key` (a path such as ['env', 'API_TOKEN']) inside app number `appIndex`, or null if not found. */
	locate(appIndex: number, keyPath: string[]): KeyLocation | null;
	/** Position of the app object itself (its opening brace / first key). */
	locateApp(appIndex: number): SourcePosition | null;
	/** First and last line of the app object (for comments that apply to one app), or null if not found. */
	appLineRange(appIndex: number): {startLine: number; endLine: number} | null;
};

type AnyNode = acorn.Node & Record<string, any>;

const emptyLocator: KeyLocator = {locate: () => null, locateApp: () => null, appLineRange: () => null};

/** Builds a locator for the given source; returns a locator that finds nothing when the source does not parse. */
export function createKeyLocator(source: string, format: ConfigFormat): KeyLocator {
	if (format === 'yaml') return createYamlLocator(source);
	const program = parseJavaScript(source, format);
	if (!program) return emptyLocator;
	const appNodes = findAppObjects(program.ast);
	const toPosition = (node: AnyNode): SourcePosition => {
		const start = node.loc!.start;
		// JSON is parsed wrapped in "(" … ")" like PM2 evaluates it: undo the shift on line 1.
		return {line: start.line, column: start.column + 1 - (program.shift && start.line === 1 ? 1 : 0)};
	};
	return {
		locateApp(appIndex) {
			const node = appNodes[appIndex];
			return node ? toPosition(node) : null;
		},
		appLineRange(appIndex) {
			const node = appNodes[appIndex];
			return node ? {startLine: node.loc!.start.line, endLine: node.loc!.end.line} : null;
		},
		locate(appIndex, keyPath) {
			let container: AnyNode | undefined = appNodes[appIndex];
			let property: AnyNode | undefined;
			for (const key of keyPath) {
				if (!container || container.type !== 'ObjectExpression') {
					property = undefined;
					break;
				}
				property = findProperty(container, key);
				container = property?.value;
			}
			if (!property) {
				// Computed or spread configs: fall back to the first property with that name anywhere in the file.
				property = findFirstPropertyNamed(program.ast, keyPath[keyPath.length - 1]!);
			}
			if (!property) return null;
			return {...toPosition(property.key), isLiteralValue: isLiteral(property.value)};
		},
	};
}

function parseJavaScript(source: string, format: ConfigFormat): {ast: AnyNode; shift: boolean} | null {
	const options = {ecmaVersion: 'latest', locations: true, allowHashBang: true, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true} as const;
	if (format === 'json') {
		try {
			return {ast: acorn.parse(`(${source}\n)`, {...options, sourceType: 'script'}) as AnyNode, shift: true};
		} catch {
			return null;
		}
	}
	for (const sourceType of format === 'mjs' ? (['module'] as const) : (['script', 'module'] as const)) {
		try {
			return {ast: acorn.parse(source, {...options, sourceType}) as AnyNode, shift: false};
		} catch {
			// Try the other source type (a .js file may be ESM loaded through require(esm)).
		}
	}
	return null;
}

// Returns the object expressions of the apps, in order: elements of an `apps: [...]` (or `pm2: [...]`) array,
// else a top-level exported object that looks like a single app.
function findAppObjects(ast: AnyNode): AnyNode[] {
	let found: AnyNode[] | null = null;
	walk(ast, node => {
		if (found) return;
		if (node.type === 'Property' && ['apps', 'pm2'].includes(propertyName(node) ?? '') && node.value?.type === 'ArrayExpression') {
			found = (node.value.elements as Array<AnyNode | null>).filter((element): element is AnyNode => element?.type === 'ObjectExpression');
		}
	});
	if (found) return found;
	let single: AnyNode | null = null;
	walk(ast, node => {
		if (!single && node.type === 'ObjectExpression' && findProperty(node, 'script')) single = node;
	});
	return single ? [single] : [];
}

function findProperty(objectNode: AnyNode, key: string): AnyNode | undefined {
	// Last one wins in JavaScript object literals.
	const matches = (objectNode.properties as AnyNode[]).filter(property => property.type === 'Property' && propertyName(property) === key);
	return matches[matches.length - 1];
}

function findFirstPropertyNamed(ast: AnyNode, key: string): AnyNode | undefined {
	let found: AnyNode | undefined;
	walk(ast, node => {
		if (!found && node.type === 'Property' && propertyName(node) === key) found = node;
	});
	return found;
}

/** Returns a property's static name (identifier or string literal key), or null for computed keys. */
export function propertyName(property: AnyNode): string | null {
	if (property.computed) return property.key?.type === 'Literal' ? String(property.key.value) : null;
	if (property.key?.type === 'Identifier') return property.key.name as string;
	if (property.key?.type === 'Literal') return String(property.key.value);
	return null;
}

function isLiteral(node: AnyNode | undefined): boolean {
	if (!node) return false;
	if (node.type === 'Literal') return true;
	if (node.type === 'TemplateLiteral') return (node.expressions as unknown[]).length === 0;
	return false;
}

/** Visits every node depth-first (pre-order). */
export function walk(node: AnyNode, visit: (node: AnyNode) => void) {
	visit(node);
	for (const key of Object.keys(node)) {
		if (key === 'loc') continue;
		const child = node[key];
		if (Array.isArray(child)) {
			for (const item of child) if (item && typeof item.type === 'string') walk(item, visit);
		} else if (child && typeof child === 'object' && typeof child.type === 'string') {
			walk(child, visit);
		}
	}
}

function createYamlLocator(source: string): KeyLocator {
	const lineCounter = new LineCounter();
	const document = YAML.parseDocument(source, {lineCounter});
	if (document.errors.length > 0) return emptyLocator;
	const root = document.contents;
	let appMaps: unknown[] = [];
	if (isMap(root)) {
		const apps = root.get('apps', true) ?? root.get('pm2', true);
		if (isSeq(apps)) appMaps = apps.items;
		else if (root.has('script')) appMaps = [root];
	} else if (isSeq(root)) {
		appMaps = root.items;
	}
	const position = (offset: number): SourcePosition => {
		const linePos = lineCounter.linePos(offset);
		return {line: linePos.line, column: linePos.col};
	};
	return {
		locateApp(appIndex) {
			const node = appMaps[appIndex] as {range?: [number, number, number]} | undefined;
			return node?.range ? position(node.range[0]) : null;
		},
		appLineRange(appIndex) {
			const node = appMaps[appIndex] as {range?: [number, number, number]} | undefined;
			return node?.range ? {startLine: position(node.range[0]).line, endLine: position(Math.max(node.range[0], node.range[2] - 1)).line} : null;
		},
		locate(appIndex, keyPath) {
			let container: unknown = appMaps[appIndex];
			let pair: any;
			for (const key of keyPath) {
				if (!isMap(container)) return null;
				pair = container.items.find(item => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
				if (!pair) return null;
				container = pair.value;
			}
			if (!pair?.key?.range) return null;
			return {...position(pair.key.range[0]), isLiteralValue: true};
		},
	};
}
