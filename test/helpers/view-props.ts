// Props every view takes, for tests that mount a view on its own.
import type {LiveStore, StoreState} from '../../source/services/store/store-types.js';
import type {ProcessSnapshot} from '../../source/model/types.js';
import type {ViewProps} from '../../source/ui/view-props.js';

/** A focused, writable view of `width`×`height` whose flash, confirm and close do nothing. */
export function viewProps(store: LiveStore, state: StoreState, selected: ProcessSnapshot | null, overrides: Partial<ViewProps> = {}): ViewProps {
	return {store, state, selected, width: 100, height: 30, focused: true, noColor: false, readOnly: false, flash() {}, confirm() {}, close() {}, ...overrides};
}
