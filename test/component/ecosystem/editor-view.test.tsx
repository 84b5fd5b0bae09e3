// The editor view with a real file on disk: open (found from the selected process), lint markers on lines,
// search + edit, ctrl+s → validation and diff → y → saved atomically with a backup, and the apply offer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Text} from 'ink';
import React from 'react';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {ConfigEdit} from '../../../source/ecosystem/edit-config.js';
import type {ProcessSnapshot} from '../../../source/model/types.js';
import {createDefaultEditorEffects} from '../../../source/services/editor/editor-effects.js';
import {createEditorService} from '../../../source/services/editor/editor-service.js';
import {createFixLoop} from '../../../source/services/editor/fix-loop.js';
import {EditorServicesProvider, editorScopes, useEditorMode, type EditorServices} from '../../../source/ui/ecosystem/editor-service-context.js';
import {EditorView, type EditorViewProps} from '../../../source/ui/ecosystem/editor-view.js';
import {InputRouter} from '../../../source/ui/input-router.js';
import {footerHints} from '../../../source/ui/keymap-resolve.js';
import type {ConfirmRequest} from '../../../source/ui/view-props.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {ctrl} from '../../helpers/ctrl-key.js';
import {keys, renderInk, type InkHarness} from '../../helpers/render-ink.js';

let root: string;
let file: string;
let harness: InkHarness | null = null;
// Loading and validating evaluate the file in a separate node process: on a loaded 2-core machine starting one
// takes well over 10 s.
const childEvaluationWaitMs = 30_000;

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

const twoApps = [
	'module.exports = {',
	'  apps: [',
	"    {name: 'api', script: './app.js', env: {PORT: '3000'}, restart_delay: 1000},",
	"    {name: 'worker', script: './app.js', env: {QUEUE: 'jobs'}, restart_delay: 1000},",
	'  ],',
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

/** The editor with the app's wiring: the service from the provider, the key scopes of its current mode, a footer. */
function EditorHarness(props: EditorViewProps) {
	const [services] = React.useState<EditorServices>(() => {
		const fixLoop = createFixLoop();
		return {fixLoop, editor: createEditorService({effects: createDefaultEditorEffects(), fixLoop})};
	});
	const mode = useEditorMode(services);
	const scopes = editorScopes(mode, props.readOnly);
	return (
		<EditorServicesProvider services={services}>
			<InputRouter activeScopes={scopes} readOnly={props.readOnly}>
				<EditorView {...props} />
			</InputRouter>
			<Text>{`footer: ${footerHints(scopes, props.readOnly, props.width)}`}</Text>
		</EditorServicesProvider>
	);
}

const appProcess = (name: string, pmId: number): ProcessSnapshot =>
	makeProcess({pmId, name, cwd: path.join(root, 'app'), launchPwd: path.join(root, 'app'), scriptPath: path.join(root, 'app', 'app.js'), env: {}});

function mount(
	readOnly = false,
	handoff?: {suspend(): void; resume(): void},
	initialEdit?: ConfigEdit,
	options: {processes?: ProcessSnapshot[]; width?: number} = {},
) {
	const processes = options.processes ?? [appProcess('api', 0)];
	const store = createFakeStore(processes, {home: path.join(root, 'home'), readOnly});
	const width = options.width ?? 100;
	const confirms: ConfirmRequest[] = [];
	const flashes: string[] = [];
	const closed: string[] = [];
	harness = renderInk(
		<EditorHarness
			store={store}
			state={store.getState()}
			selected={processes[0]!}
			width={width}
			height={26}
			focused
			noColor
			readOnly={readOnly}
			flash={message => void flashes.push(message)}
			confirm={request => void confirms.push(request)}
			close={() => void closed.push('closed')}
			handoff={handoff}
			initialEdit={initialEdit}
		/>,
		{columns: width, rows: 30},
	);
	return {harness, confirms, flashes, closed};
}

describe('EditorView', () => {
	it('opens the file of the selected process with line numbers and lint markers', async () => {
		const {harness} = mount();
		const frame = await harness.waitForFrame(text => text.includes("max_memory_restart: '200M'"), {timeoutMs: childEvaluationWaitMs, what: 'file content'});
		expect(frame).toContain('Defines an app named "api"');
		expect(frame).toMatch(/ 7 ✖ {5}instances: 'four',/); // the error marker sits on the instances line
		expect(frame).toMatch(/ 1 {3}\/\/ api service/);
	});

	it('edits, validates, shows the diff, saves atomically with a backup, then offers to apply', async () => {
		const {harness, confirms} = mount();
		await harness.waitForFrame(text => text.includes('200M'), {timeoutMs: childEvaluationWaitMs, what: 'file content'});
		// Search "200M", replace the 2 with a 3, fix instances with the one-key fix.
		await harness.press(ctrl('f'), ...'200M', keys.enter);
		await harness.press(ctrl('d'), '3');
		await harness.waitForFrame(text => text.includes("'300M', // keep") && text.includes('[modified]'), {what: 'edited buffer'});
		await harness.press(keys.down, ctrl('x'));
		await harness.waitForFrame(text => text.includes("instances: 'max',"), {what: 'one-key fix'});
		await harness.press(ctrl('s'));
		const review = await harness.waitForFrame(text => text.includes('Changes (diff against the file on disk)'), {
			timeoutMs: childEvaluationWaitMs,
			what: 'review',
		});
		expect(review).toContain("-    max_memory_restart: '200M', // keep");
		expect(review).toContain("+    max_memory_restart: '300M', // keep");
		expect(fs.readFileSync(file, 'utf8')).toBe(original); // nothing written before confirmation
		await harness.press('y');
		const saved = await harness.waitForFrame(text => text.includes('Saved '), {timeoutMs: childEvaluationWaitMs, what: 'saved'});
		expect(saved).toContain('max_memory_restart: 200M → 300M');
		expect(saved).toMatch(/footer: .*a apply/);
		expect(saved).toContain('Apply now? pm2 startOrReload --only api');
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
		await harness.waitForFrame(text => text.includes('200M'), {timeoutMs: childEvaluationWaitMs, what: 'file content'});
		await harness.press(keys.down, '{{');
		await harness.press(ctrl('s'));
		await harness.waitForFrame(text => text.includes('does NOT load'), {timeoutMs: childEvaluationWaitMs, what: 'load failure'});
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
			await harness.waitForFrame(text => text.includes('200M'), {timeoutMs: childEvaluationWaitMs, what: 'file content'});
			await harness.press(ctrl('o'));
			const review = await harness.waitForFrame(text => text.includes('Changes (diff against the file on disk)'), {
				timeoutMs: childEvaluationWaitMs,
				what: 'review after $VISUAL',
			});
			expect(review).toContain("+    max_memory_restart: '400M', // keep");
			expect(calls).toEqual(['suspend', 'resume']);
			await harness.press('y'); // refused: the file still has an error (instances: 'four')
			await harness.waitForFrame(text => text.includes('Not saved: 1 error(s)'), {what: 'refusal'});
			expect(fs.readFileSync(file, 'utf8')).toBe(original);
			await harness.press(keys.escape, ctrl('s'));
			await harness.waitForFrame(text => text.includes('! save anyway'), {timeoutMs: childEvaluationWaitMs, what: 'review again'});
			await harness.press('!'); // the user insists
			await harness.waitForFrame(text => text.includes('Saved '), {timeoutMs: childEvaluationWaitMs, what: 'saved'});
			expect(fs.readFileSync(file, 'utf8')).toContain("'400M'");
		} finally {
			if (previous === undefined) delete process.env.VISUAL;
			else process.env.VISUAL = previous;
		}
	});

	it('without a terminal handoff, ctrl+o explains that the external editor is unavailable', async () => {
		const {harness} = mount();
		await harness.waitForFrame(text => text.includes('200M'), {timeoutMs: childEvaluationWaitMs, what: 'file content'});
		await harness.press(ctrl('o'));
		await harness.waitForFrame(text => text.includes('external editor is not available'), {what: 'explanation'});
	});

	it('puts a doctor fix (initialEdit) into the buffer, comments kept, and shows it as a diff before saving', async () => {
		const {harness} = mount(false, undefined, {appName: 'api', key: 'min_uptime', value: '10s', description: 'raise min_uptime'});
		await harness.waitForFrame(text => text.includes("min_uptime: '10s',") && text.includes('Suggested change in the buffer'), {
			timeoutMs: childEvaluationWaitMs,
			what: 'fix in buffer',
		});
		expect(harness.lastFrame()).toContain("max_memory_restart: '200M', // keep");
		await harness.press(ctrl('s'));
		const review = await harness.waitForFrame(text => text.includes('Changes (diff'), {timeoutMs: childEvaluationWaitMs, what: 'review'});
		expect(review).toContain("+    min_uptime: '10s',");
		expect(fs.readFileSync(file, 'utf8')).toBe(original);
	});

	it('applies a doctor fix to the app it is for, not the selected one, and the suggestion note does not outlive the save', async () => {
		fs.writeFileSync(file, twoApps);
		const {harness, confirms} = mount(
			false,
			undefined,
			{appName: 'worker', key: 'exp_backoff_restart_delay', value: 100, description: 'back off'},
			{processes: [appProcess('api', 0), appProcess('worker', 1)]},
		);
		await harness.waitForFrame(text => /Suggested change in the buffer: .*exp_backoff_restart_delay → 100/.test(text), {
			timeoutMs: childEvaluationWaitMs,
			what: 'fix in buffer',
		});
		await harness.press(ctrl('s'));
		await harness.waitForFrame(text => text.includes('Changes (diff'), {timeoutMs: childEvaluationWaitMs, what: 'review'});
		await harness.press('y');
		const saved = await harness.waitForFrame(text => text.includes('Saved '), {timeoutMs: childEvaluationWaitMs, what: 'saved'});
		expect(saved).toContain('What changed for worker:');
		expect(saved).toContain('exp_backoff_restart_delay: (unset) → 100');
		expect(saved).not.toContain('What changed for api');
		expect(saved).not.toContain('Suggested change');
		await harness.press('a');
		await harness.waitForFrame(() => confirms.length === 1, {what: 'confirm request'});
		expect(confirms[0]!.message).toBe('Apply ecosystem.config.js to "worker" (pm2 startOrReload --only worker)?');
	});

	it('shows a change past column 120 in the review (the changed segment of a long line)', async () => {
		const padding = Array.from({length: 12}, (_, index) => `VAR_${index}: 'value-${index}'`).join(', ');
		fs.writeFileSync(
			file,
			`module.exports = {apps: [{name: 'api', script: './app.js', env: {${padding}}, max_memory_restart: '200M', restart_delay: 1000}]};\n`,
		);
		const {harness} = mount(false, undefined, {appName: 'api', key: 'max_memory_restart', value: '300M', description: 'raise'});
		await harness.waitForFrame(text => text.includes('Suggested change in the buffer'), {timeoutMs: childEvaluationWaitMs, what: 'fix in buffer'});
		await harness.press(ctrl('s'));
		const review = await harness.waitForFrame(text => text.includes('Changes (diff'), {timeoutMs: childEvaluationWaitMs, what: 'review'});
		expect(review).toMatch(/^-.*max_memory_restart: '200M'/m);
		expect(review).toMatch(/^\+.*max_memory_restart: '300M'/m);
	});

	it('under --read-only opens the file read-only and says so instead of editing or saving', async () => {
		const handoffCalls: string[] = [];
		const {harness} = mount(
			true,
			{suspend: () => void handoffCalls.push('suspend'), resume: () => void handoffCalls.push('resume')},
			{appName: 'api', key: 'min_uptime', value: '10s', description: 'raise min_uptime'},
		);
		await harness.waitForFrame(text => text.includes("max_memory_restart: '200M'"), {timeoutMs: childEvaluationWaitMs, what: 'file content'});
		await harness.press('x', ctrl('s'));
		await harness.waitForFrame(text => text.includes('Read-only (--read-only)') || text.includes('Changes (diff'), {
			timeoutMs: childEvaluationWaitMs,
			what: 'ctrl+s answered',
		});
		await harness.press('!');
		const after = await harness.waitForFrame(text => text.includes('Read-only (--read-only)') || text.includes('Saved '), {
			timeoutMs: childEvaluationWaitMs,
			what: '! answered',
		});
		expect(fs.readFileSync(file, 'utf8')).toBe(original);
		expect(after).toContain('[read-only]');
		expect(after).toContain('Read-only (--read-only): the file cannot be changed or saved from here.');
		expect(after).not.toContain("min_uptime: '10s'"); // the suggested change is not put into the buffer either
		expect(after).not.toContain('[modified]');
		expect(after).toMatch(/footer: .*Esc\/q close/);
		expect(after).not.toMatch(/footer: .*save/);
		await harness.press(ctrl('l'));
		await harness.waitForFrame(text => text.includes('Lint: 1 error(s)'), {timeoutMs: childEvaluationWaitMs, what: 'lint allowed read-only'});
		await harness.press(ctrl('o'));
		await harness.waitForFrame(text => text.includes('Read-only (--read-only): the file cannot be changed'), {what: '$EDITOR refused'});
		expect(handoffCalls).toEqual([]);
	});

	it('has one truthful footer per mode: q types while editing, Esc closes after an apply, undo past a save says so', async () => {
		fs.writeFileSync(file, twoApps);
		const {harness, confirms, closed} = mount();
		const editing = await harness.waitForFrame(text => text.includes("name: 'worker'"), {timeoutMs: childEvaluationWaitMs, what: 'file content'});
		expect(editing).toMatch(/footer: .*Ctrl-C quit/);
		expect(editing).not.toMatch(/footer: .*q quit/);
		await harness.press('q');
		await harness.waitForFrame(text => /q {4}\{name: 'api'/.test(text) && text.includes('[modified]'), {what: 'q typed into the file'});
		await harness.press('\u007F', ctrl('f'), ...'3000', keys.enter, ctrl('d'), '4');
		await harness.waitForFrame(text => text.includes("PORT: '4000'"), {what: 'edited'});
		await harness.press(ctrl('s'));
		const review = await harness.waitForFrame(text => text.includes('Changes (diff'), {timeoutMs: childEvaluationWaitMs, what: 'review'});
		expect(review).toMatch(/footer: y save {2}! save anyway {2}Esc\/n edit .*q\/Ctrl-C quit/);
		await harness.press('y');
		await harness.waitForFrame(text => text.includes('Saved '), {timeoutMs: childEvaluationWaitMs, what: 'saved'});
		await harness.press(keys.escape, ctrl('z'));
		await harness.waitForFrame(text => text.includes('Undone past the last save'), {what: 'undo past the save is announced'});
		await harness.press(ctrl('y'), ctrl('f'), ...'jobs', keys.enter, ctrl('d'), 'J', ctrl('s'));
		await harness.waitForFrame(text => text.includes('Changes (diff'), {timeoutMs: childEvaluationWaitMs, what: 'review 2'});
		await harness.press('y');
		await harness.waitForFrame(text => text.includes('What changed for worker:'), {timeoutMs: childEvaluationWaitMs, what: 'saved 2'});
		await harness.press('a');
		await harness.waitForFrame(() => confirms.length === 1, {what: 'confirm request'});
		expect(confirms[0]!.message).toBe('Apply ecosystem.config.js to "worker" (pm2 startOrReload --only worker)?');
		// No daemon answers at this home: the apply fails; Esc then closes the editor instead of typing into the file.
		await confirms[0]!.onConfirm();
		const failed = await harness.waitForFrame(text => text.includes('no PM2 daemon answers'), {timeoutMs: childEvaluationWaitMs, what: 'apply refused'});
		expect(failed).toMatch(/footer: .*Esc close.*e edit/);
		await harness.press(keys.escape);
		await harness.waitForFrame(() => closed.length === 1, {what: 'editor closed'});
	});

	it('Esc with unsaved changes shows the recovery file with its whole path (wrapped, not cut), a second Esc closes', async () => {
		const {harness, closed} = mount();
		await harness.waitForFrame(text => text.includes('200M'), {timeoutMs: childEvaluationWaitMs, what: 'file content'});
		await harness.press('z');
		await harness.waitForFrame(text => text.includes('[modified]'), {what: 'modified'});
		await harness.press(keys.escape);
		const asking = await harness.waitForFrame(text => text.includes('Unsaved changes: a copy is in'), {what: 'discard question'});
		const recoveryDir = path.join(root, 'home', 'pm2-doctor', 'recovery');
		const [recovered] = fs.readdirSync(recoveryDir);
		const recoveryPath = path.join(recoveryDir, recovered!);
		expect(recoveryPath.length + 'Unsaved changes: a copy is in '.length).toBeGreaterThan(100); // longer than the line
		expect(asking.replace(/\s+/g, '')).toContain(recoveryPath); // every character on screen, over two lines
		expect(fs.readFileSync(recoveryPath, 'utf8')).toContain('z');
		await harness.press(keys.escape);
		await harness.waitForFrame(() => closed.length === 1, {what: 'closed'});
		expect(fs.readdirSync(recoveryDir)).toEqual([recovered]);
		expect(fs.readFileSync(file, 'utf8')).toBe(original);
	});
});
