// Loads docs/TROUBLESHOOTING.md, the single source of the troubleshooting flows.
// The parser is a pure function of the text; `readPlaybook` is the only I/O.
// Structure it relies on (kept readable for people):
//   ## Title {#id}                      a section (flow)
//   ### Symptoms / Diagnosis / Fixes    fixed sub-headings
//   1. step text … `check: some-id`     numbered diagnosis steps; `check:` names the automated check
//   - Run: `cmd` — why                  a command fix
//   - Ecosystem: `key: value` — why     an ecosystem change
//   - anything else                     advice
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ProcessAction} from '../services/store/store-types.js';

export type PlaybookStep = {text: string; checkIds: string[]};

export type PlaybookFix =
	| {kind: 'command'; text: string; command: string; /** A PM2 action the UI can run through the store (after confirmation). */ action: ProcessAction | null}
	| {kind: 'ecosystem'; text: string; snippet: string; /** The ecosystem setting the snippet changes (e.g. "min_uptime"). */ setting: string | null}
	| {kind: 'advice'; text: string};

export type PlaybookSection = {
	id: string;
	title: string;
	summary: string;
	symptoms: string[];
	diagnosis: PlaybookStep[];
	fixes: PlaybookFix[];
};

export type Playbook = {sections: PlaybookSection[]; errors: string[]};

const sectionHeading = /^## (.+?)\s*\{#([a-z0-9-]+)\}\s*$/;
const subHeading = /^### (Symptoms|Diagnosis|Fixes)\s*$/;

/** Parses the playbook markdown; structural problems are reported in `errors`, never thrown. */
export function parsePlaybook(markdown: string): Playbook {
	const sections: PlaybookSection[] = [];
	const errors: string[] = [];
	let section: PlaybookSection | null = null;
	let part: 'summary' | 'Symptoms' | 'Diagnosis' | 'Fixes' | null = null;
	let summaryLines: string[] = [];
	let item: string[] | null = null;
	let inFence = false;

	const flushItem = () => {
		if (!section || !item) return;
		const text = item.join(' ').replace(/\s+/g, ' ').trim();
		item = null;
		if (part === 'Symptoms') section.symptoms.push(text);
		else if (part === 'Diagnosis') section.diagnosis.push(parseStep(text));
		else if (part === 'Fixes') section.fixes.push(parseFix(text));
	};
	const finishSection = () => {
		flushItem();
		if (!section) return;
		section.summary = summaryLines.join(' ').replace(/\s+/g, ' ').trim();
		for (const name of ['symptoms', 'diagnosis', 'fixes'] as const) if (section[name].length === 0) errors.push(`section ${section.id}: no ${name}`);
		sections.push(section);
	};

	for (const rawLine of markdown.split(/\r?\n/)) {
		if (/^\s*```/.test(rawLine)) inFence = !inFence;
		if (inFence) {
			item?.push(rawLine.trim());
			continue;
		}
		const heading = sectionHeading.exec(rawLine);
		if (heading) {
			finishSection();
			const id = heading[2]!;
			if (sections.some(s => s.id === id)) errors.push(`duplicate section id ${id}`);
			section = {id, title: heading[1]!, summary: '', symptoms: [], diagnosis: [], fixes: []};
			part = 'summary';
			summaryLines = [];
			continue;
		}
		if (/^## /.test(rawLine)) {
			finishSection();
			section = null;
			errors.push(`section without an {#id}: ${rawLine.trim()}`);
			continue;
		}
		if (!section) continue;
		const sub = subHeading.exec(rawLine);
		if (sub) {
			flushItem();
			part = sub[1] as 'Symptoms' | 'Diagnosis' | 'Fixes';
			continue;
		}
		if (/^### /.test(rawLine)) {
			errors.push(`section ${section.id}: unknown sub-heading ${rawLine.trim()}`);
			continue;
		}
		if (part === 'summary') {
			if (rawLine.trim()) summaryLines.push(rawLine.trim());
			continue;
		}
		const listItem = /^(?:\d+\.|-)\s+(.*)$/.exec(rawLine);
		if (listItem) {
			flushItem();
			item = [listItem[1]!];
		} else if (item && /^\s+\S/.test(rawLine)) {
			item.push(rawLine.trim());
		} else if (!rawLine.trim()) {
			flushItem();
		}
	}
	finishSection();
	return {sections, errors};
}

function parseStep(text: string): PlaybookStep {
	const checkIds = [...text.matchAll(/`check:\s*([a-z0-9-]+)`/g)].map(m => m[1]!);
	return {text: text.replace(/\s*`check:\s*[a-z0-9-]+`/g, '').trim(), checkIds};
}

function parseFix(text: string): PlaybookFix {
	const run = /^Run:\s*`([^`]+)`\s*(?:—\s*)?(.*)$/.exec(text);
	if (run) return {kind: 'command', command: run[1]!, text: run[2]!.trim(), action: actionOf(run[1]!)};
	const eco = /^Ecosystem:\s*`([^`]+)`\s*(?:—\s*)?(.*)$/.exec(text);
	if (eco) return {kind: 'ecosystem', snippet: eco[1]!, text: eco[2]!.trim(), setting: /^([a-z_]+)\s*:/.exec(eco[1]!)?.[1] ?? null};
	return {kind: 'advice', text};
}

/** `pm2 restart <name>` → 'restart': only single-process actions the store can run. */
function actionOf(command: string): ProcessAction | null {
	const match = /^pm2 (restart|reload|stop|start) <name>$/.exec(command.trim());
	return match ? (match[1] as ProcessAction) : null;
}

/** Every `check:` id the playbook references, with the section that references it. */
export function referencedCheckIds(playbook: Playbook): Array<{sectionId: string; checkId: string}> {
	return playbook.sections.flatMap(section => section.diagnosis.flatMap(step => step.checkIds.map(checkId => ({sectionId: section.id, checkId}))));
}

/** docs/TROUBLESHOOTING.md of this package (works from source/ under tsx/vitest and from dist/source/). */
export function defaultPlaybookPath(): string {
	let folder = path.dirname(fileURLToPath(import.meta.url));
	for (let i = 0; i < 5; i++) {
		const candidate = path.join(folder, 'docs', 'TROUBLESHOOTING.md');
		if (fs.existsSync(candidate)) return candidate;
		folder = path.dirname(folder);
	}
	return path.resolve('docs', 'TROUBLESHOOTING.md');
}

/** Reads and parses the playbook; a missing file gives an empty playbook with an error. */
export function readPlaybook(file = defaultPlaybookPath()): Playbook {
	try {
		return parsePlaybook(fs.readFileSync(file, 'utf8'));
	} catch (error) {
		return {sections: [], errors: [`cannot read ${file}: ${(error as Error).message}`]};
	}
}

/** A playbook ecosystem fix as a structured edit: `min_uptime: '10s'` → {key: 'min_uptime', value: '10s'}. */
export type EcosystemChange = {appName: string | null; key: string; value: unknown; description: string};

/**
 * Turns an `Ecosystem:` fix into an edit the ecosystem editor can apply (its applyConfigEdit takes this shape),
 * with `<name>` filled in. Null when the snippet is not a single `key: literal` pair.
 */
export function ecosystemChangeOf(fix: PlaybookFix, appName: string | null): EcosystemChange | null {
	if (fix.kind !== 'ecosystem') return null;
	const match = /^([a-z_]+)\s*:\s*(.+)$/s.exec(fix.snippet.trim());
	if (!match) return null;
	const literal = appName === null ? match[2]! : match[2]!.replaceAll('<name>', appName);
	let value: unknown;
	try {
		// The snippets are JS literals with single quotes; JSON is enough once the quotes are swapped.
		value = JSON.parse(literal.replace(/'((?:[^'\\]|\\.)*)'/g, (_, body: string) => JSON.stringify(body.replace(/\\\\/g, '\\'))));
	} catch {
		return null;
	}
	return {appName, key: match[1]!, value, description: fix.text};
}
