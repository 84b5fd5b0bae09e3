import {Text} from 'ink';
import React, {useState} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {useDiagnosis, type Diagnose} from '../../../source/ui/doctor/use-diagnosis.js';
import {createFakeStore} from '../../helpers/fake-store.js';
import {makeProcess} from '../../helpers/process-fixture.js';
import {renderInk, type InkHarness} from '../../helpers/render-ink.js';

const store = createFakeStore([makeProcess({pmId: 0, name: 'web'})]);

function Probe({diagnose, paused}: {diagnose: Diagnose; paused: boolean}) {
	const {diagnosis} = useDiagnosis({home: store.home, state: store.getState(), diagnose, intervalMs: 20, paused});
	return <Text>{`status ${diagnosis.status}`}</Text>;
}

/** Mounts the probe paused; the returned function sets the pause from the test. */
function mountProbe(diagnose: Diagnose): {harness: InkHarness; setPaused: (paused: boolean) => void} {
	let setPaused: (paused: boolean) => void = () => {};
	function Host() {
		const [paused, set] = useState(true);
		setPaused = set;
		return <Probe diagnose={diagnose} paused={paused} />;
	}
	return {harness: renderInk(<Host />), setPaused: paused => setPaused(paused)};
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

describe('useDiagnosis', () => {
	let harness: InkHarness | null = null;
	afterEach(() => harness?.unmount());

	it('runs no checks while paused, and checks at once when the pause is lifted', async () => {
		let calls = 0;
		const diagnose: Diagnose = async () => {
			calls++;
			return [];
		};
		const probe = mountProbe(diagnose);
		harness = probe.harness;
		await sleep(150);
		expect(calls).toBe(0);

		probe.setPaused(false);
		await harness.waitForFrame(frame => frame.includes('status done'));
		await sleep(150);
		const whileRunning = calls;
		expect(whileRunning).toBeGreaterThanOrEqual(2);

		probe.setPaused(true);
		await sleep(50);
		const atPause = calls;
		await sleep(150);
		expect(calls).toBe(atPause);
	});
});
