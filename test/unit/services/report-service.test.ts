import {describe, expect, it} from 'vitest';
import {createReportService} from '../../../source/services/report-service.js';

describe('the report service', () => {
	it('writes one report at a time for the named process, and says why when it cannot', async () => {
		const requests: Array<{processName: string | null; nowMs: number}> = [];
		let finish: (path: string) => void = () => {};
		const service = createReportService(
			request => {
				requests.push(request);
				return new Promise(resolve => (finish = resolve));
			},
			() => 7,
		);
		const first = service.write('api');
		expect(await service.write('api')).toEqual({ok: false, message: 'A report is already being written.'});
		finish('/home/.pm2/pm2-doctor/reports/report-api.md');
		expect(await first).toEqual({ok: true, path: '/home/.pm2/pm2-doctor/reports/report-api.md'});
		expect(requests).toEqual([{processName: 'api', nowMs: 7}]);

		const failing = createReportService(() => Promise.reject(new Error('EACCES: permission denied')));
		expect(await failing.write('api')).toEqual({ok: false, message: 'The report could not be written: EACCES: permission denied'});
		expect((await failing.write('api')).ok).toBe(false);
	});
});
