// The close and open-editor callbacks every view receives, the same functions on every render: views that
// are drawn only on news (the log panel, see logs/log-panel.tsx) then see equal props on an idle frame.
import {useCallback} from 'react';
import type {ConfigEdit} from '../ecosystem/edit-config.js';
import type {UiState} from './app-state.js';
import type {useFixLoop} from './ecosystem/editor-service-context.js';

export type ViewCallbackDeps = {
	uiRef: React.MutableRefObject<UiState>;
	setUi: React.Dispatch<React.SetStateAction<UiState>>;
	/** Set while the editor was opened by a doctor fix: closing it goes back to the doctor's flow. */
	fixLoop: ReturnType<typeof useFixLoop>;
	goBack(): void;
	setSuggestedEdit(edit: ConfigEdit | null): void;
};

export function useViewCallbacks({uiRef, setUi, fixLoop, goBack, setSuggestedEdit}: ViewCallbackDeps): {
	close(): void;
	openEditor(edit: ConfigEdit | null): void;
} {
	const close = useCallback(
		() => (uiRef.current.view === 'editor' && fixLoop?.current() ? setUi(current => ({...current, view: 'doctor'})) : goBack()),
		[uiRef, fixLoop, setUi, goBack],
	);
	const openEditor = useCallback(
		(edit: ConfigEdit | null) => {
			setSuggestedEdit(edit);
			setUi(current => ({...current, view: 'editor', helpOpen: false, editorStartsExternal: false}));
		},
		[setUi, setSuggestedEdit],
	);
	return {close, openEditor};
}
