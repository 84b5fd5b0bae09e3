import {describe, expect, it} from 'vitest';
import {flowIds} from '../../../source/doctor/check-types.js';
import {allChecks} from '../../../source/doctor/checks.js';
import {parsePlaybook, readPlaybook, referencedCheckIds} from '../../../source/doctor/playbook.js';

describe('docs/TROUBLESHOOTING.md against the checks', () => {
	const playbook = readPlaybook();
	const sectionIds = playbook.sections.map(s => s.id);
	const checkIds = new Set(allChecks.map(c => c.id));

	it('parses without structural errors', () => {
		expect(playbook.errors).toEqual([]);
		expect(playbook.sections.length).toBeGreaterThanOrEqual(flowIds.length);
	});

	it('has a section with symptoms, diagnosis and fixes for every flow id', () => {
		for (const id of flowIds) {
			const section = playbook.sections.find(s => s.id === id);
			expect(section, `section {#${id}}`).toBeDefined();
			expect(section!.symptoms.length, id).toBeGreaterThan(0);
			expect(section!.diagnosis.length, id).toBeGreaterThan(0);
			expect(section!.fixes.filter(f => f.kind !== 'advice').length, `${id} concrete fixes`).toBeGreaterThan(0);
		}
	});

	it('references only checks that exist in code', () => {
		for (const {sectionId, checkId} of referencedCheckIds(playbook)) expect(checkIds.has(checkId), `${sectionId} → check: ${checkId}`).toBe(true);
	});

	it("points every check's flows at playbook sections, and every check is referenced by its own section", () => {
		const references = referencedCheckIds(playbook);
		for (const check of allChecks) {
			for (const flow of check.flows) expect(sectionIds, `${check.id} flow ${flow}`).toContain(flow);
			const referencingSections = references.filter(r => r.checkId === check.id).map(r => r.sectionId);
			expect(referencingSections.length, `check ${check.id} is referenced`).toBeGreaterThan(0);
			for (const section of referencingSections) expect(check.flows, `${check.id} referenced from ${section}`).toContain(section);
		}
	});

	it('automates at least one diagnosis step in every section', () => {
		for (const section of playbook.sections)
			expect(
				section.diagnosis.some(step => step.checkIds.length > 0),
				section.id,
			).toBe(true);
	});
});

describe('parsePlaybook', () => {
	const markdown = [
		'# Title',
		'',
		'- intro `check: ignored-outside-sections`',
		'',
		'## Something broke {#broke}',
		'',
		'A summary line',
		'on two lines.',
		'',
		'### Symptoms',
		'',
		'- it fails',
		'',
		'### Diagnosis',
		'',
		'1. Look at the thing, and',
		'   the other thing. `check: thing-check`',
		'2. Read the manual.',
		'',
		'### Fixes',
		'',
		'- Run: `pm2 restart <name>` — once fixed.',
		'- Run: `pm2 save` — persist.',
		"- Ecosystem: `min_uptime: '10s'` — longer runs.",
		'- Be careful.',
		'',
		'## No id here',
	].join('\n');

	it('reads sections, multi-line steps, check ids and typed fixes', () => {
		const playbook = parsePlaybook(markdown);
		expect(playbook.sections).toHaveLength(1);
		const [section] = playbook.sections;
		expect(section!.id).toBe('broke');
		expect(section!.summary).toBe('A summary line on two lines.');
		expect(section!.symptoms).toEqual(['it fails']);
		expect(section!.diagnosis).toEqual([
			{text: 'Look at the thing, and the other thing.', checkIds: ['thing-check']},
			{text: 'Read the manual.', checkIds: []},
		]);
		expect(section!.fixes).toEqual([
			{kind: 'command', command: 'pm2 restart <name>', text: 'once fixed.', action: 'restart'},
			{kind: 'command', command: 'pm2 save', text: 'persist.', action: null},
			{kind: 'ecosystem', snippet: "min_uptime: '10s'", text: 'longer runs.', setting: 'min_uptime'},
			{kind: 'advice', text: 'Be careful.'},
		]);
		expect(playbook.errors).toEqual(['section without an {#id}: ## No id here']);
	});

	it('reports missing sub-sections and duplicate ids', () => {
		const playbook = parsePlaybook('## A {#a}\n\n### Symptoms\n\n- x\n\n## B {#a}\n');
		expect(playbook.errors).toContain('section a: no diagnosis');
		expect(playbook.errors).toContain('duplicate section id a');
	});
});

describe('ecosystemChangeOf', () => {
	it('turns every Ecosystem fix of the playbook into a key and a value', async () => {
		const {ecosystemChangeOf} = await import('../../../source/doctor/playbook.js');
		const fixes = readPlaybook()
			.sections.flatMap(s => s.fixes)
			.filter(f => f.kind === 'ecosystem');
		for (const fix of fixes) expect(ecosystemChangeOf(fix, 'api'), fix.kind === 'ecosystem' ? fix.snippet : '').not.toBeNull();
		const byKey = (key: string) => fixes.map(f => ecosystemChangeOf(f, 'api')).find(c => c?.key === key);
		expect(byKey('min_uptime')?.value).toBe('10s');
		expect(byKey('stop_exit_codes')?.value).toEqual([0]);
		expect(byKey('exp_backoff_restart_delay')?.value).toBe(100);
		expect(byKey('watch')?.value === false || Array.isArray(byKey('watch')?.value)).toBe(true);
		expect(byKey('ignore_watch')?.value).toEqual(['node_modules', '\\.git', 'logs', 'uploads', '*.log']);
		expect(byKey('out_file')?.value).toBe('/var/log/api/out.log');
		expect(byKey('node_args')?.value).toEqual(['--max-old-space-size=400']);
	});
});
