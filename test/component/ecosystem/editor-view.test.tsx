// The editor view with a real file on disk: open (found from the selected process), lint markers on lines,
// search + edit, ctrl+s → validation and diff → y → saved atomically with a backup, and the apply offer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {ConfigEdit} from '../../../source/ecosystem/edit-config.js';
import {EditorView} from '../../../source/ui/ecosystem/editor-view.js';
import {InputRouter} from '../../../source/ui/input-router.js';
import type {ConfirmRequest} from '../../../source/ui/view-props.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {keys, renderInk, type InkHarness} from '../../helpers/render-ink.js';

const ctrl = (letter: string) => String.fromCharCode(letter.charCodeAt(0) - 96);

let root: string;
let file: string;
let harness: InkHarness | null = null;
const original = [
	'// api service',
	'module.exports = {',
	'  apps: [{',
	"    name: 'api',",
	"    script: './app.js',",
	"    max_memory_restart: '200M', // keep",
	"    instances: 'four',",
	'  }],',
	'};',
	'',
].join('\n');

beforeEach(() => {
	root = fs.mkdtempSync(path.join(os.tmpdir(), 'eco-view-'));
	fs.mkdirSync(path.join(root, 'app'));
	fs.mkdirSync(path.join(root, 'home'));
	fs.writeFileSync(path.join(root, 'app', 'app.js'), '');
	file = path.join(root, 'app', 'ecosystem.config.js');
	fs.writeFileSync(file, original);
});
afterEach(() => {
	harness?.unmount();
	harness = null;
	fs.rmSync(root, {recursive: true, force: true});
});

function mount(readOnly = false, handoff?: {suspend(): void; resume(): void}, initialEdit?: ConfigEdit) {
	const store = createFakeStore([], {home: path.join(root, 'home'), readOnly});
	const selected = makeProcess({pmId: 0, name: 'api', cwd: path.join(root, 'app'), launchPwd: path.join(root, 'app'), scriptPath: path.join(root, 'app', 'app.js'), env: {}});
	const confirms: ConfirmRequest[] = [];
	harness = renderInk(
		<InputRouter activeScopes={['editor', 'global']} readOnly={readOnly}>
			<EditorView
				store={store}
				state={store.getState()}
				selected={selected}
				width={100}
				height={26}
				focused
				noColor
				readOnly={readOnly}
				flash={() => {}}
				confirm={request => confirms.push(request)}
				close={() => {}}
				handoff={handoff}
				initialEdit={initialEdit}
			/>
		</InputRouter>,
		{columns: 100, rows: 30},
	);
	return {harness, confirms};
}

describe('EditorView', () => {
	it('opens the file of the selected process with line numbers and lint markers', async () => {
		const {harness} = mount();
		const frame = await harness.waitForFrame(text => text.includes("max_memory_restart: '200M'"), {timeoutMs: 10_000, what: 'file content'});
		expect(frame).toContain('Defines an app named "api"');
		expect(frame).toMatch(/ 7 ✖ {5}instances: 'four',/); // the error marker sits on the instances line
		expect(frame).toMatch(/ 1 {3}\/\/ api service/);
	});

	it('edits, validates, shows the diff, saves atomically with a backup, then offers to apply', async () => {
		const {harness, confirms} = mount();
		await harness.waitForFrame(text => text.includes('200M'), {timeoutMs: 10_000, what: 'file content'});
		// Search "200M", replace the 2 with a 3, fix instances with the one-key fix.
		await harness.press(ctrl('f'), ...'200M', keys.enter);
		await harness.press(ctrl('d'), '3');
		await harness.waitForFrame(text => text.includes("'300M', // keep") && text.includes('[modified]'), {what: 'edited buffer'});
		await harness.press(keys.down, ctrl('x'));
		await harness.waitForFrame(text => text.includes("instances: 'max',"), {what: 'one-key fix'});
		await harness.press(ctrl('s'));
		const review = await harness.waitForFrame(text => text.includes('Changes (diff against the file on disk)'), {timeoutMs: 10_000, what: 'review'});
		expect(review).toContain("-    max_memory_restart: '200M', // keep");
		expect(review).toContain("+    max_memory_restart: '300M', // keep");
		expect(fs.readFileSync(file, 'utf8')).toBe(original); // nothing written before confirmation
		await harness.press('y');
		const saved = await harness.waitForFrame(text => text.includes('Saved '), {timeoutMs: 10_000, what: 'saved'});
		expect(saved).toContain('max_memory_restart: 200M → 300M');
		expect(saved).toContain('a apply with pm2 startOrReload');
		expect(fs.readFileSync(file, 'utf8')).toBe(original.replace('200M', '300M').replace("'four'", "'max'"));
		const backups = fs.readdirSync(path.join(root, 'home', 'pm2-doctor', 'backups'));
		expect(backups).toHaveLength(1);
		expect(fs.readdirSync(path.join(root, 'app')).sort()).toEqual(['app.js', 'ecosystem.config.js']);
		await harness.press('a');
		await harness.waitForFrame(() => confirms.length === 1, {what: 'confirm request'});
		expect(confirms).toHaveLength(1);
		expect(confirms[0]!.message).toContain('(pm2 startOrReload --only api)');
		expect(confirms[0]!.message).toContain('--only api');
		// Revert: the backup (the original) comes back into the buffer as an undoable edit.
		await harness.press(keys.escape, ctrl('r'));
		await harness.waitForFrame(text => text.includes("'200M', // keep") && text.includes('[modified]') && text.includes('Loaded'), {what: 'backup loaded'});
	});

	it('refuses to save a buffer that does not load unless forced, and undo restores it', async () => {
		const {harness} = mount();
		await harness.waitForFrame(text => text.includes('200M'), {timeoutMs: 10_000, what: 'file content'});
		await harness.press(keys.down, '{{');
		await harness.press(ctrl('s'));
		await harness.waitForFrame(text => text.includes('does NOT load'), {timeoutMs: 10_000, what: 'load failure'});
		await harness.press('y');
		await harness.waitForFrame(text => text.includes('Not saved: the file does not load'), {what: 'refusal'});
		expect(fs.readFileSync(file, 'utf8')).toBe(original);
		await harness.press(keys.escape, ctrl('z'));
		await harness.waitForFrame(text => !text.includes('[modified]') && text.includes('module.exports = {'), {what: 'undone'});
	});

	it('ctrl+o hands the buffer to $VISUAL (terminal suspended and resumed) and validates the result', async () => {
		const calls: string[] = [];
		const previous = process.env.VISUAL;
		// A scripted editor: edits the temp file it is given, like a person would.
		process.env.VISUAL = 'sed -i s/200M/400M/';
		try {
			const {harness} = mount(false, {suspend: () => void calls.push('suspend'), resume: () => void calls.push('resume')});
			await harness.waitForFrame(text => text.includes('200M'), {timeoutMs: 10_000, what: 'file content'});
			await harness.press(ctrl('o'));
			const review = await harness.waitForFrame(text => text.includes('Changes (diff against the file on disk)'), {timeoutMs: 10_000, what: 'review after $VISUAL'});
			expect(review).toContain("+    max_memory_restart: '400M', // keep");
			expect(calls).toEqual(['suspend', 'resume']);
			await harness.press('y'); // refused: the file still has an error (instances: 'four')
			await harness.waitForFrame(text => text.includes('Not saved: 1 error(s)'), {what: 'refusal'});
			expect(fs.readFileSync(file, 'utf8')).toBe(original);
			await harness.press(keys.escape, ctrl('s'));
			await harness.waitForFrame(text => text.includes('! save anyway'), {timeoutMs: 10_000, what: 'review again'});
			await harness.press('!'); // the user insists
			await harness.waitForFrame(text => text.includes('Saved '), {timeoutMs: 10_000, what: 'saved'});
			expect(fs.readFileSync(file, 'utf8')).toContain("'400M'");
		} finally {
			if (previous === undefined) delete process.env.VISUAL;
			else process.env.VISUAL = previous;
		}
	});

	it('without a terminal handoff, ctrl+o explains that the external editor is unavailable', async () => {
		const {harness} = mount();
		await harness.waitForFrame(text => text.includes('200M'), {timeoutMs: 10_000, what: 'file content'});
		await harness.press(ctrl('o'));
		await harness.waitForFrame(text => text.includes('external editor is not available'), {what: 'explanation'});
	});

	it('puts a doctor fix (initialEdit) into the buffer, comments kept, and shows it as a diff before saving', async () => {
		const {harness} = mount(false, undefined, {appName: 'api', key: 'min_uptime', value: '10s', description: 'raise min_uptime'});
		await harness.waitForFrame(text => text.includes("min_uptime: '10s',") && text.includes('Suggested change in the buffer'), {timeoutMs: 10_000, what: 'fix in buffer'});
		expect(harness.lastFrame()).toContain("max_memory_restart: '200M', // keep");
		await harness.press(ctrl('s'));
		const review = await harness.waitForFrame(text => text.includes('Changes (diff'), {timeoutMs: 10_000, what: 'review'});
		expect(review).toContain("+    min_uptime: '10s',");
		expect(fs.readFileSync(file, 'utf8')).toBe(original);
	});
});
