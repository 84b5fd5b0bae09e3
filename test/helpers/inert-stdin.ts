// A stdin that never delivers input, with the stream methods Ink calls on stdin as no-ops. The base of
// FakeStdin in render-ink.tsx, and used as is by bench/logs/render-log-panel.tsx.
import {EventEmitter} from 'node:events';

export class InertStdin extends EventEmitter {
	readonly isTTY: boolean = false;
	read(): string | null {
		return null;
	}
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}
