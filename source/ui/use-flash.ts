// A short message in the status line (an action's outcome, a refusal) that clears itself after a while.
import {useCallback, useEffect, useState} from 'react';
import type {FlashKind} from './view-props.js';

/** How long a flash message stays in the status line. */
const flashDurationMs = 6000;

export type FlashMessage = {message: string; kind: FlashKind};

/** The message showing now (null when none) and the function that shows one, replacing any before it. */
export function useFlash(): {flashMessage: FlashMessage | null; flash(message: string, kind?: FlashKind): void} {
	const [flashMessage, setFlashMessage] = useState<FlashMessage | null>(null);
	const flash = useCallback((message: string, kind: FlashKind = 'info') => setFlashMessage({message, kind}), []);
	useEffect(() => {
		if (!flashMessage) return;
		const timer = setTimeout(() => setFlashMessage(null), flashDurationMs);
		return () => clearTimeout(timer);
	}, [flashMessage]);
	return {flashMessage, flash};
}
