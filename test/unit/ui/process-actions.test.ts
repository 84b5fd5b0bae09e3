import {describe, expect, it} from 'vitest';
import {targetOfProcess} from '../../../source/ui/process-actions.js';
import {makeProcess} from '../../helpers/process-fixture.js';

const api = [0, 8, 9].map(pmId => makeProcess({pmId, name: 'api', execMode: 'cluster', instances: 3}));
const worker = makeProcess({pmId: 1, name: 'worker'});
const otherNamespaceApi = makeProcess({pmId: 5, name: 'api', namespace: 'billing'});

describe('targetOfProcess', () => {
	it('acts on the app when the process is its only instance', () => {
		expect(targetOfProcess(worker, [...api, worker])).toEqual({scope: 'app', name: 'worker', instances: [worker]});
	});

	it('acts on one instance when its app has several, and tells namespaces apart', () => {
		expect(targetOfProcess(api[1]!, [...api, worker, otherNamespaceApi])).toEqual({scope: 'instance', process: api[1]});
		expect(targetOfProcess(otherNamespaceApi, [...api, otherNamespaceApi])).toMatchObject({scope: 'app', instances: [otherNamespaceApi]});
	});

	it('has no target without a selection', () => {
		expect(targetOfProcess(null, api)).toBeNull();
	});
});
