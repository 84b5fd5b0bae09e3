import type {Key} from 'ink';
import {describe, expect, it} from 'vitest';
import {InputRegistry} from '../../../source/ui/input-router.js';
import type {CommandId} from '../../../source/ui/keymap.js';

const key = (overrides: Partial<Key> = {}) => ({ctrl: false, meta: false, shift: false, escape: false, ...overrides}) as Key;

describe('InputRegistry', () => {
	it('delivers a resolved command to the newest handler of its scope first; false passes it on', () => {
		const registry = new InputRegistry();
		const calls: string[] = [];
		registry.addCommandHandler('table', {current: command => void calls.push(`old:${command}`)});
		registry.addCommandHandler('table', {
			current: command => {
				calls.push(`new:${command}`);
				return false;
			},
		});
		expect(registry.handleKey('j', key(), ['table', 'main', 'global'], false)).toBe('table.down');
		expect(calls).toEqual(['new:table.down', 'old:table.down']);
	});

	it('gives raw handlers the key first, and always routes Ctrl-C to quit', () => {
		const registry = new InputRegistry();
		const typed: string[] = [];
		const commands: CommandId[] = [];
		registry.addCommandHandler('global', {current: command => void commands.push(command)});
		const remove = registry.addRawHandler({
			current: input => {
				if (input === 'q') {
					typed.push(input);
					return true;
				}
				return false;
			},
		});
		registry.handleKey('q', key(), ['global'], false);
		expect(typed).toEqual(['q']);
		expect(commands).toEqual([]);
		registry.handleKey('c', key({ctrl: true}), ['global'], false);
		expect(commands).toEqual(['app.quit']);
		remove();
		registry.handleKey('q', key(), ['global'], false);
		expect(commands).toEqual(['app.quit', 'app.quit']);
	});

	it('never delivers dangerous commands under read-only', () => {
		const registry = new InputRegistry();
		const commands: CommandId[] = [];
		registry.addCommandHandler('main', {current: command => void commands.push(command)});
		expect(registry.handleKey('r', key(), ['table', 'main', 'global'], true)).toBeNull();
		expect(commands).toEqual([]);
	});
});
