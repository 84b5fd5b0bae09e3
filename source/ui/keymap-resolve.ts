// Pure functions over the keymap: key → command resolution for the input router, and the texts
// generated from the keymap (footer hints, help overlay, docs/keybindings.md).
import {displayKeyName} from './key-names.js';
import {keymap, scopeTitles, type CommandId, type KeymapEntry, type Scope} from './keymap.js';

export type ResolvedCommand = {command: CommandId; scope: Scope; entry: KeymapEntry};

/** The bindings that exist in this session: dangerous ones are removed entirely under --read-only. */
export function availableEntries(readOnly: boolean, entries: readonly KeymapEntry[] = keymap): KeymapEntry[] {
	return entries.filter(entry => !(readOnly && entry.dangerous));
}

/** Resolves a key name against the active scopes (highest priority first); the first scope that binds it wins. */
export function resolveCommand(
	keyName: string,
	activeScopes: readonly Scope[],
	readOnly: boolean,
	entries: readonly KeymapEntry[] = keymap,
): ResolvedCommand | null {
	const available = availableEntries(readOnly, entries);
	for (const scope of activeScopes) {
		const entry = available.find(candidate => candidate.scope === scope && candidate.keys.includes(keyName));
		if (entry) return {command: entry.command as CommandId, scope, entry};
	}
	return null;
}

/** Formats an entry's keys for people, e.g. "↑/k". */
export function formatKeys(entry: Pick<KeymapEntry, 'keys'>): string {
	return entry.keys.map(key => displayKeyName(key)).join('/');
}

/** Builds the footer hint line for the active scopes, dropping hints that do not fit in `width`. */
export function footerHints(activeScopes: readonly Scope[], readOnly: boolean, width: number, entries: readonly KeymapEntry[] = keymap): string {
	const available = availableEntries(readOnly, entries);
	const shownKeys = new Set<string>();
	const scopedHints: string[] = [];
	const globalHints: string[] = [];
	const pinnedHints: string[] = [];
	for (const scope of activeScopes) {
		for (const entry of available) {
			if (entry.scope !== scope || !entry.footer) continue;
			// A key shadowed by a higher-priority scope would not do what the hint says.
			if (entry.keys.some(key => shownKeys.has(key))) continue;
			for (const key of entry.keys) shownKeys.add(key);
			const hint = `${formatKeys(entry)} ${entry.hint ?? shortDescription(entry.description)}`;
			if (scope === 'global') globalHints.push(hint);
			else if ('pinned' in entry && entry.pinned) pinnedHints.push(hint);
			else scopedHints.push(hint);
		}
	}
	// The way out (quit, help) and the pinned hints (troubleshoot) are always shown; the others get the room left.
	const tail = [...pinnedHints, ...globalHints].join('  ');
	const room = tail === '' ? width : width - tail.length - 2;
	let line = '';
	for (const hint of scopedHints) {
		const next = line === '' ? hint : `${line}  ${hint}`;
		if (next.length > room) break;
		line = next;
	}
	if (tail === '') return line;
	return line === '' ? tail.slice(0, width) : `${line}  ${tail}`;
}

/** The first word of a description, lower-cased: "Restart the selected process" → "restart". */
function shortDescription(description: string): string {
	return (description.split(' ')[0] ?? description).toLowerCase();
}

export type HelpSection = {scope: Scope; title: string; rows: Array<{keys: string; keyNames: string[]; description: string; dangerous: boolean}>};

/** Groups the available bindings by scope, in keymap order, for the help overlay and the docs. */
export function helpSections(readOnly: boolean, entries: readonly KeymapEntry[] = keymap): HelpSection[] {
	const sections: HelpSection[] = [];
	for (const entry of availableEntries(readOnly, entries)) {
		let section = sections.find(candidate => candidate.scope === entry.scope);
		if (!section) {
			section = {scope: entry.scope, title: scopeTitles[entry.scope], rows: []};
			sections.push(section);
		}
		section.rows.push({keys: formatKeys(entry), keyNames: entry.keys.map(displayKeyName), description: entry.description, dangerous: Boolean(entry.dangerous)});
	}
	return sections;
}

/** Renders the help as plain lines (the overlay scrolls through them). */
export function helpLines(readOnly: boolean, entries: readonly KeymapEntry[] = keymap): string[] {
	const sections = helpSections(readOnly, entries);
	const keyWidth = Math.max(...sections.flatMap(section => section.rows.map(row => row.keys.length)), 4);
	const lines: string[] = [];
	for (const section of sections) {
		if (lines.length > 0) lines.push('');
		lines.push(section.title);
		for (const row of section.rows) {
			lines.push(`  ${row.keys.padEnd(keyWidth)}  ${row.description}${row.dangerous ? ' (asks for confirmation)' : ''}`);
		}
	}
	if (readOnly) lines.push('', 'Read-only mode: actions that change PM2 are disabled.');
	return lines;
}

/** Renders docs/keybindings.md from the keymap. */
export function keybindingsMarkdown(entries: readonly KeymapEntry[] = keymap): string {
	const out: string[] = [
		'# pm2-doctor key bindings',
		'',
		'<!-- Generated from source/ui/keymap.ts by `npx tsx source/scripts/write-keybindings-doc.ts`. Do not edit by hand. -->',
		'',
		'Actions marked ⚠ change PM2 state: they ask for confirmation and are absent with `--read-only`.',
	];
	for (const section of helpSections(false, entries)) {
		out.push('', `## ${section.title}`, '', '| Keys | Action |', '| --- | --- |');
		for (const row of section.rows) {
			const keys = row.keyNames.map(key => `\`${key === '|' ? '\\|' : key}\``).join(' ');
			out.push(`| ${keys} | ${row.dangerous ? '⚠ ' : ''}${row.description} |`);
		}
	}
	return `${out.join('\n')}\n`;
}
