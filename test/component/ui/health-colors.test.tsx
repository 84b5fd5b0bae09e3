// The health column and the header's counts with colours on: errors red, warnings yellow, ok green.
// Colours only exist when chalk detects colour support, which it does not in a test worker; force it
// before Ink (and chalk) load, so the assertions can fail.
import React from 'react';
import {afterEach, describe, expect, it} from 'vitest';

process.env.FORCE_COLOR = '1';
const {ProcessTable} = await import('../../../source/ui/components/process-table.js');
const {Header} = await import('../../../source/ui/components/header.js');
const {connectionBanner} = await import('../../../source/ui/connection-text.js');
const {computeTableLayout} = await import('../../../source/ui/table-columns.js');
const {makeProcess} = await import('../../helpers/process-fixture.js');
const {renderInk} = await import('../../helpers/render-ink.js');

const red = '\u001B[31m';
const yellow = '\u001B[33m';
const green = '\u001B[32m';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

/** The SGR codes that open right before `text` in Ink's output. */
function colourBefore(output: string, text: string): string {
	const index = output.indexOf(text);
	expect(index, `${text} in ${JSON.stringify(output)}`).toBeGreaterThanOrEqual(0);
	return /(?:\u001B\[[\d;]*m)+$/.exec(output.slice(0, index))?.[0] ?? '';
}

describe('health colours', () => {
	it('draws an error label red and a warning label yellow in the health column', async () => {
		const processes = [makeProcess({pmId: 0, name: 'api'}), makeProcess({pmId: 1, name: 'worker'})];
		const extras = {
			0: {flag: 'NOSTART', level: 'error' as const, trend: ''},
			1: {flag: 'LEAK +5 MB/min', level: 'warning' as const, trend: ''},
		};
		const ui = renderInk(
			<ProcessTable
				processes={processes}
				selectedPmId={null}
				offset={0}
				bodyRows={2}
				layout={computeTableLayout(120)}
				width={120}
				nowMs={Date.now()}
				noColor={false}
				stale={false}
				isLoading={false}
				focused
				extrasOf={process => extras[process.pmId as 0 | 1]}
			/>,
			{columns: 120, rows: 6},
		);
		unmount = ui.unmount;
		await ui.waitForFrame(f => f.includes('LEAK +5 MB/min'));
		const output = ui.stdout.lastFrame() ?? '';
		// A cell's colour starts at its leading gap.
		expect(colourBefore(output, ' NOSTART')).toContain(red);
		expect(colourBefore(output, ' LEAK +5 MB/min')).toContain(yellow);
		expect(colourBefore(output, ' LEAK +5 MB/min')).not.toContain(red);
	});

	it('colours the header counts by level', async () => {
		const banner = connectionBanner({kind: 'attached', home: '/h', daemonPid: 1, sinceMs: 0}, 0, 0);
		const ui = renderInk(
			<Header home="/h" banner={banner} processCount={201} detail="2 errors · 1 warning · 198 ok" readOnly={false} width={120} noColor={false} />,
			{columns: 120, rows: 3},
		);
		unmount = ui.unmount;
		await ui.waitForFrame(f => f.includes('198 ok'));
		const output = ui.stdout.lastFrame() ?? '';
		expect(colourBefore(output, '2 errors')).toContain(red);
		expect(colourBefore(output, '1 warning')).toContain(yellow);
		expect(colourBefore(output, '198 ok')).toContain(green);
	});
});
