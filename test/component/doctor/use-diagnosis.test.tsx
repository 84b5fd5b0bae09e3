import {Text} from 'ink';
import React, {useEffect} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {emptyHostFacts, type Finding} from '../../../source/doctor/check-types.js';
import {createDiagnosisScheduler, type DiagnosisScheduler} from '../../../source/services/diagnosis-scheduler.js';
import {useDiagnosis} from '../../../source/ui/doctor/use-diagnosis.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../helpers/render-ink.js';

const store = createFakeStore([makeProcess({pmId: 0, name: 'web'})]);

let recheckFromDoctor: (() => void) | null = null;

function Probe({scheduler, label}: {scheduler: DiagnosisScheduler; label: string}) {
	const {diagnosis, recheck} = useDiagnosis(scheduler);
	useEffect(() => {
		if (label === 'doctor') recheckFromDoctor = recheck;
	}, [recheck, label]);
	return <Text>{`${label} ${diagnosis.status} ${diagnosis.findings?.map(f => f.title).join(',') ?? '-'}`}</Text>;
}

describe('useDiagnosis', () => {
	let harness: InkHarness | null = null;
	afterEach(() => harness?.unmount());

	it('shows the one schedule’s result in every view that reads it, and re-runs on recheck', async () => {
		let runs = 0;
		const scheduler = createDiagnosisScheduler({
			store,
			intervals: {tableMs: 60_000, warmUpTableMs: 60_000},
			gatherFacts: async ({home, nowMs}) => {
				runs++;
				return {nowMs, pm2Home: home, processes: [], polls: [], daemonLogLines: [], errorLogTails: {}, host: emptyHostFacts(home)};
			},
			diagnose: (): Finding[] => [{id: 'x', severity: 'warning', process: 'web', pmId: 0, title: `run ${runs}`, evidence: [], flow: 'restart-loop'}],
		});
		harness = renderInk(
			<>
				<Probe scheduler={scheduler} label="badges" />
				<Probe scheduler={scheduler} label="doctor" />
			</>,
		);
		const frame = await harness.waitForFrame(f => f.includes('badges done run 1'));
		expect(frame).toContain('doctor done run 1');
		recheckFromDoctor!();
		await harness.waitForFrame(f => f.includes('badges done run 2') && f.includes('doctor done run 2'));
		expect(runs).toBe(2);
	});
});
