import {describe, expect, it} from 'vitest';
import {toEvidenceText} from '../../../source/doctor/evidence-text.js';
import {maskSecretsInText} from '../../../source/model/mask-secrets.js';

describe('evidence text', () => {
	it('makes controls visible, masks credentials and caps length', () => {
		expect(toEvidenceText('ok\x1b]52;c;Zm9v\x07\rdone\u202e')).toBe('ok^[]52;c;Zm9v^G^Mdone<U+202E>');
		expect(maskSecretsInText('connect postgres://app:hunter2@db:5432/x failed, API_TOKEN=abc123')).toBe(
			'connect postgres://app:****@db:5432/x failed, API_TOKEN=****',
		);
		expect(toEvidenceText('node app.js --password=hunter2 --token abc123')).toBe('node app.js --password=**** --token ****');
		expect(toEvidenceText('x'.repeat(1000)).length).toBeLessThanOrEqual(301);
	});
});
