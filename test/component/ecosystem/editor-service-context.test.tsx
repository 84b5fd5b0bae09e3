// The editor view reaches the one editor service the terminal session created; without it there is no
// service to fall back on (a view-made service would hold file and process effects inside React).
import {Text} from 'ink';
import React from 'react';
import {afterEach, describe, expect, it, vi} from 'vitest';
import type {EditorEffects} from '../../../source/services/editor/editor-effects.js';
import {createEditorService, type EditorService} from '../../../source/services/editor/editor-service.js';
import {createFixLoop} from '../../../source/services/editor/fix-loop.js';
import {EditorServicesProvider, useEditorService} from '../../../source/ui/ecosystem/editor-service-context.js';
import {renderInk, type InkHarness} from '../../helpers/render-ink.js';

class ShowError extends React.Component<{children: React.ReactNode}, {message: string | null}> {
	override state = {message: null as string | null};
	static getDerivedStateFromError(error: Error) {
		return {message: error.message};
	}
	override render() {
		return this.state.message === null ? this.props.children : <Text>{`error: ${this.state.message}`}</Text>;
	}
}

let seen: EditorService | null = null;
function Probe() {
	seen = useEditorService();
	return <Text>has a service</Text>;
}

let harness: InkHarness | null = null;
afterEach(() => {
	harness?.unmount();
	harness = null;
	seen = null;
	vi.restoreAllMocks();
});

describe('useEditorService', () => {
	it('returns the service it is given', async () => {
		// No effect runs while the view only mounts: the effects are never called.
		const editor = createEditorService({effects: {} as EditorEffects});
		harness = renderInk(
			<EditorServicesProvider services={{editor, fixLoop: createFixLoop()}}>
				<Probe />
			</EditorServicesProvider>,
		);
		await harness.waitForFrame(frame => frame.includes('has a service'));
		expect(seen).toBe(editor);
	});

	it('refuses to make a service of its own when none is given', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => undefined); // React reports the caught error
		harness = renderInk(
			<ShowError>
				<Probe />
			</ShowError>,
		);
		const frame = await harness.waitForFrame(text => text.includes('error:'), {what: 'the refusal'});
		expect(frame).toContain('needs the editor service');
		expect(seen).toBeNull();
	});
});
