// The terminal size, updated on 'resize' with a debounce: dragging a window edge fires dozens of
// events, and one layout per burst is enough.
import {useStdout} from 'ink';
import {useEffect, useState} from 'react';

export type TerminalSize = {columns: number; rows: number};

/** Returns the current terminal size; re-renders at most once per `debounceMs` of resize events. */
export function useTerminalSize(debounceMs = 50): TerminalSize {
	const {stdout} = useStdout();
	const read = (): TerminalSize => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		let timer: NodeJS.Timeout | undefined;
		const onResize = () => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				const next = read();
				setSize(previous => (previous.columns === next.columns && previous.rows === next.rows ? previous : next));
			}, debounceMs);
		};
		stdout.on('resize', onResize);
		return () => {
			clearTimeout(timer);
			stdout.off('resize', onResize);
		};
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [stdout, debounceMs]);
	return size;
}

/** Returns Date.now(), refreshed every `intervalMs` while `isTicking` (for countdowns and uptimes). */
export function useNow(intervalMs: number, isTicking: boolean): number {
	// The ticks only cause renders; the time is read at each render, so the first render after ticking
	// starts does not show the time of the last tick (minutes old after a long stretch without ticking).
	const [, setTicks] = useState(0);
	useEffect(() => {
		if (!isTicking) return;
		const timer = setInterval(() => setTicks(ticks => ticks + 1), intervalMs);
		return () => clearInterval(timer);
	}, [intervalMs, isTicking]);
	return Date.now();
}
