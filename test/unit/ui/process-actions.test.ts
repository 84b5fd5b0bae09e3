import {describe, expect, it} from 'vitest';
import {requestProcessAction} from '../../../source/ui/process-actions.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const api = makeProcess({pmId: 3, name: 'api'});

describe('requestProcessAction', () => {
	it('asks to confirm, naming the process and its id, while attached', () => {
		expect(requestProcessAction('reload', api, {kind: 'attached', daemonPid: 10} as never)).toEqual({
			kind: 'confirm',
			pmId: 3,
			title: 'Reload',
			message: 'Reload "api" (id 3)?',
			progressMessage: 'Reloading "api"…',
		});
	});

	it('refuses while the daemon is silent or away, and without a selection', () => {
		expect(requestProcessAction('restart', api, {kind: 'not-answering'} as never)).toMatchObject({
			kind: 'refused',
			message: expect.stringMatching(/not answering/),
		});
		expect(requestProcessAction('stop', api, {kind: 'unreachable'} as never)).toMatchObject({kind: 'refused', message: expect.stringMatching(/not attached/)});
		expect(requestProcessAction('start', null, {kind: 'attached'} as never)).toEqual({kind: 'refused', message: 'Start: no process selected.'});
	});
});
