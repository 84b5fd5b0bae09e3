// How views reach the editor service and the fix loop that the terminal session creates once at start-up. There
// is no fallback: a view that made a service of its own would hold file and process effects inside React.
import React, {createContext, useContext, useSyncExternalStore} from 'react';
import type {EditorService} from '../../services/editor/editor-service.js';
import type {EditorMode} from '../../services/editor/editor-state.js';
import type {FixLoop} from '../../services/editor/fix-loop.js';
import type {Playbook} from '../../doctor/playbook.js';
import {PlaybookContext} from '../doctor/use-playbook.js';
import {HeapForensicsContext} from '../doctor/use-heap-forensics.js';
import type {HeapForensics} from '../../services/heap-forensics.js';
import type {Scope} from '../keymap.js';

export const EditorServiceContext = createContext<EditorService | null>(null);
export const FixLoopContext = createContext<FixLoop | null>(null);

export function useEditorService(): EditorService {
	const provided = useContext(EditorServiceContext);
	if (!provided) throw new Error('The editor view needs the editor service (EditorServicesProvider) it is given at start-up');
	return provided;
}

export function useFixLoop(): FixLoop | null {
	return useContext(FixLoopContext);
}

/**
 * The key scopes of each editor mode, highest priority first. While text is typed (editing, search, the
 * discard question) no global scope is active: q and ? go into the file, so the footer must not offer them.
 */
export function editorScopes(mode: EditorMode, readOnly: boolean): Scope[] {
	switch (mode) {
		case 'editing':
			return [readOnly ? 'editor-view' : 'editor'];
		case 'search':
			return ['editor-search'];
		case 'discard':
			return ['editor-discard'];
		case 'reviewing':
			return ['editor-review', 'editor-overlay', 'global'];
		case 'refused':
			return ['editor-refused', 'editor-overlay', 'global'];
		case 'saved':
			return ['editor-saved', 'editor-overlay', 'global'];
		case 'applied':
		case 'failed':
			return ['editor-applied', 'editor-overlay', 'global'];
		case 'unavailable':
			return readOnly ? ['global'] : ['editor-unavailable', 'global'];
		default:
			return ['global'];
	}
}

/** Replaces the editor view's generic scope with the scopes of its current mode. */
export function withEditorMode(scopes: Scope[], mode: EditorMode, readOnly: boolean): Scope[] {
	return scopes[0] === 'editor' ? editorScopes(mode, readOnly) : scopes;
}

/** What the views reach through context: the editor, the fix loop across editor and doctor, the doctor's playbook and heap diff. */
export type EditorServices = {editor: EditorService; fixLoop: FixLoop; playbook?: () => Playbook; heapForensics?: HeapForensics};

/** Follows the editor's mode (the key scopes and the footer depend on it). */
export function useEditorMode(services: EditorServices): EditorMode {
	return useSyncExternalStore(services.editor.subscribe, () => services.editor.getState().phase.kind);
}

export function EditorServicesProvider({services, children}: {services: EditorServices; children: React.ReactNode}) {
	return React.createElement(
		EditorServiceContext.Provider,
		{value: services.editor},
		React.createElement(
			FixLoopContext.Provider,
			{value: services.fixLoop},
			React.createElement(
				PlaybookContext.Provider,
				{value: services.playbook ?? null},
				React.createElement(HeapForensicsContext.Provider, {value: services.heapForensics ?? null}, children),
			),
		),
	);
}
