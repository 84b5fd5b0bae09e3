// The one owner of keyboard input (docs/ui-contract.md §2). Ink's useInput is called exactly once,
// here; views receive commands through useCommand, or raw keys through useRawInput. A single
// subscriber avoids double handling and the raw-mode bug when two useInput hooks swap (ink#943).
import {useInput, useStdin, type Key} from 'ink';
import React, {createContext, useCallback, useContext, useEffect, useMemo, useRef} from 'react';
import {keyNameOf} from './key-names.js';
import type {CommandId, Scope} from './keymap.js';
import {resolveCommand} from './keymap-resolve.js';

/** Returns true (or nothing) when it handled the command, false to let the next handler try. */
export type CommandHandler = (command: CommandId) => boolean | void;
/** Returns true when it consumed the key; false lets the key fall through to the keymap. */
export type RawInputHandler = (input: string, key: Key) => boolean;

type Registration<T> = {id: number; handler: {current: T}};

/** Handler registry shared by the router and the hooks; a plain object so dispatch is testable. */
export class InputRegistry {
	private nextId = 0;
	private readonly commandHandlers = new Map<Scope, Array<Registration<CommandHandler>>>();
	private rawHandlers: Array<Registration<RawInputHandler>> = [];

	addCommandHandler(scope: Scope, handler: {current: CommandHandler}): () => void {
		const registration = {id: this.nextId++, handler};
		const list = this.commandHandlers.get(scope) ?? [];
		list.push(registration);
		this.commandHandlers.set(scope, list);
		return () => {
			const current = this.commandHandlers.get(scope) ?? [];
			this.commandHandlers.set(
				scope,
				current.filter(candidate => candidate !== registration),
			);
		};
	}

	addRawHandler(handler: {current: RawInputHandler}): () => void {
		const registration = {id: this.nextId++, handler};
		this.rawHandlers.push(registration);
		return () => {
			this.rawHandlers = this.rawHandlers.filter(candidate => candidate !== registration);
		};
	}

	/** Offers the key to raw handlers, newest first; true when one consumed it. */
	dispatchRaw(input: string, key: Key): boolean {
		for (const registration of [...this.rawHandlers].reverse()) {
			if (registration.handler.current(input, key)) return true;
		}
		return false;
	}

	/** Delivers a command to the handlers of its scope, newest first; true when one handled it. */
	dispatchCommand(scope: Scope, command: CommandId): boolean {
		const list = this.commandHandlers.get(scope) ?? [];
		for (const registration of [...list].reverse()) {
			if (registration.handler.current(command) !== false) return true;
		}
		return false;
	}

	/** Routes one keypress: Ctrl-C always quits, then raw handlers, then the keymap for the active scopes. */
	handleKey(input: string, key: Key, activeScopes: readonly Scope[], readOnly: boolean): CommandId | null {
		const keyName = keyNameOf(input, key);
		if (keyName === 'ctrl+c') {
			this.dispatchCommand('global', 'app.quit');
			return 'app.quit';
		}
		if (this.dispatchRaw(input, key)) return null;
		if (keyName === null) return null;
		const resolved = resolveCommand(keyName, activeScopes, readOnly);
		if (!resolved) return null;
		this.dispatchCommand(resolved.scope, resolved.command);
		return resolved.command;
	}
}

const RegistryContext = createContext<InputRegistry | null>(null);

function useRegistry(): InputRegistry {
	const registry = useContext(RegistryContext);
	if (!registry) throw new Error('useCommand/useRawInput must be used inside <InputRouter>');
	return registry;
}

/** Subscribes `handler` to the commands of `scope` while `isActive`. */
export function useCommand(scope: Scope, handler: CommandHandler, isActive = true): void {
	const registry = useRegistry();
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	useEffect(() => {
		if (!isActive) return;
		return registry.addCommandHandler(scope, handlerRef);
	}, [registry, scope, isActive]);
}

/** Receives every key (except Ctrl-C) before the keymap while `isActive`: for text prompts and editors. */
export function useRawInput(handler: RawInputHandler, isActive = true): void {
	const registry = useRegistry();
	const handlerRef = useRef(handler);
	handlerRef.current = handler;
	useEffect(() => {
		if (!isActive) return;
		return registry.addRawHandler(handlerRef);
	}, [registry, isActive]);
}

type InputRouterProps = {
	/** Or a function called at each key, for scopes that follow state changed by the previous key before a render. */
	activeScopes: readonly Scope[] | (() => readonly Scope[]);
	readOnly: boolean;
	/** False while the terminal is lent to another program: Ink then releases stdin and raw mode. */
	isEnabled?: boolean;
	children: React.ReactNode;
};

/** Provides the registry and owns the single useInput of the app. */
export function InputRouter({activeScopes, readOnly, isEnabled = true, children}: InputRouterProps) {
	const registry = useMemo(() => new InputRegistry(), []);
	const {isRawModeSupported} = useStdin();
	const scopesRef = useRef(activeScopes);
	scopesRef.current = activeScopes;
	// A stable callback: useInput re-subscribes whenever its handler identity changes.
	const onInput = useCallback(
		(input: string, key: Key) => {
			const scopes = scopesRef.current;
			registry.handleKey(input, key, typeof scopes === 'function' ? scopes() : scopes, readOnly);
		},
		[registry, readOnly],
	);
	// Without a TTY Ink cannot enter raw mode and would throw; the CLI refuses to start then anyway.
	useInput(onInput, {isActive: isRawModeSupported && isEnabled});
	return <RegistryContext.Provider value={registry}>{children}</RegistryContext.Provider>;
}
