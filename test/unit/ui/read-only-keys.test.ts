import {describe, expect, it} from 'vitest';
import {readOnlyRefusal} from '../../../source/ui/read-only-keys.js';

describe('read-only keys', () => {
	it('r/R/x/s say read-only instead of doing nothing; other keys are left alone', () => {
		const scopes = ['table', 'main', 'global'] as const;
		for (const key of ['r', 'R', 'x', 's'])
			expect(readOnlyRefusal(key, scopes, true)).toMatch(/^read-only: .* is not available \(pm2-doctor runs with --read-only\)\.$/);
		expect(readOnlyRefusal('r', scopes, true)).toContain('restart the selected process');
		expect(readOnlyRefusal('j', scopes, true)).toBeNull();
		expect(readOnlyRefusal('r', scopes, false)).toBeNull();
		expect(readOnlyRefusal('f', ['doctor', 'global'], true)).toContain('run the selected fix');
	});
});
