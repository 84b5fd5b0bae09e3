import {describe, expect, it} from 'vitest';
import {completePaletteLine, parsePaletteLine} from '../../../source/ui/palette.js';

const context = {processNames: ['api', 'svc-137', 'svc-138', 'svc-2', 'worker'], namespaces: ['default', 'billing']};

describe('the palette', () => {
	it('parses every command', () => {
		expect(parsePaletteLine('restart svc-137')).toEqual({kind: 'action', action: {kind: 'restart'}, name: 'svc-137'});
		expect(parsePaletteLine(' reload  api ')).toEqual({kind: 'action', action: {kind: 'reload'}, name: 'api'});
		expect(parsePaletteLine('flush 3')).toEqual({kind: 'action', action: {kind: 'flush'}, name: '3'});
		expect(parsePaletteLine('scale api 4')).toEqual({kind: 'action', action: {kind: 'scale', instances: 4}, name: 'api'});
		expect(parsePaletteLine('signal api usr2')).toEqual({kind: 'action', action: {kind: 'signal', signal: 'SIGUSR2'}, name: 'api'});
		expect(parsePaletteLine('logs worker')).toEqual({kind: 'logs', name: 'worker'});
		expect(parsePaletteLine('ns billing')).toEqual({kind: 'namespace', namespace: 'billing'});
		expect(parsePaletteLine('ns')).toEqual({kind: 'namespace', namespace: null});
		expect(parsePaletteLine('sort mem')).toEqual({kind: 'sort', key: 'memory'});
		expect(parsePaletteLine('doctor')).toEqual({kind: 'doctor'});
		expect(parsePaletteLine('q')).toEqual({kind: 'quit'});
		expect(parsePaletteLine('quit')).toEqual({kind: 'quit'});
	});

	it('says what is wrong with a line', () => {
		expect(parsePaletteLine('restart')).toMatchObject({kind: 'error', message: ':restart needs a process name or id.'});
		expect(parsePaletteLine('scale api lots')).toMatchObject({kind: 'error'});
		expect(parsePaletteLine('signal api SIGFOO')).toMatchObject({kind: 'error'});
		expect(parsePaletteLine('explode')).toMatchObject({kind: 'error', message: 'Unknown command :explode (Tab completes).'});
	});

	it('completes commands, then names, signals and sort keys', () => {
		expect(completePaletteLine('rest', context)).toEqual({line: 'restart ', candidates: ['restart']});
		expect(completePaletteLine('res', context)).toEqual({line: 'res', candidates: ['reset', 'restart']});
		expect(completePaletteLine('re', context)).toEqual({line: 're', candidates: ['reload', 'report', 'reset', 'restart']});
		expect(completePaletteLine('restart svc-1', context)).toEqual({line: 'restart svc-13', candidates: ['svc-137', 'svc-138']});
		expect(completePaletteLine('restart svc-137', context).line).toBe('restart svc-137 ');
		expect(completePaletteLine('restart 137', context)).toEqual({line: 'restart svc-137 ', candidates: ['svc-137']});
		expect(completePaletteLine('signal api SIGU', context).candidates).toEqual(['SIGUSR1', 'SIGUSR2']);
		expect(completePaletteLine('ns b', context).line).toBe('ns billing ');
		expect(completePaletteLine('sort h', context).line).toBe('sort health ');
		expect(completePaletteLine('restart zzz', context)).toEqual({line: 'restart zzz', candidates: []});
	});

	it(':report writes the report for a named process, or without a name for the selected one', () => {
		expect(parsePaletteLine('report')).toEqual({kind: 'report', name: null});
		expect(parsePaletteLine('report svc-137')).toEqual({kind: 'report', name: 'svc-137'});
		expect(completePaletteLine('repo', context).line).toBe('report ');
		expect(completePaletteLine('report 137', context).line).toBe('report svc-137 ');
	});
});
