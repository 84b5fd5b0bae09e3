// Services for an App mounted on its own in a test. In the product the terminal session creates them once at
// start-up and injects them; the UI never creates its own, so a test that renders <App> makes them here.
import type {LiveStore} from '../../source/services/store/store-types.js';
import {createUiServices, type UiServices, type UiServicesOptions} from '../../source/services/ui-services.js';

/** The services the terminal session would create for `store` (pass readOnly and actionsClient as it would). */
export function uiServicesFor(store: LiveStore, options: UiServicesOptions = {}): UiServices {
	return createUiServices(store, options);
}
