// A live store and the actions service on one real daemon client, wired as the terminal session wires them.
import {DaemonClient} from '../../source/pm2/daemon-client.js';
import {createActionsService, type ActionsService} from '../../source/services/actions.js';
import {createLiveStore, type LiveStoreOptions} from '../../source/services/store/live-store.js';
import type {LiveStore} from '../../source/services/store/store-types.js';

export function createLiveStoreWithActions(
	home: string,
	options: Omit<LiveStoreOptions, 'home' | 'client'> = {},
): {store: LiveStore; actions: ActionsService; client: DaemonClient} {
	const client = new DaemonClient(home);
	const store = createLiveStore({...options, home, client});
	const actions = createActionsService({
		client,
		home,
		readOnly: store.readOnly,
		connection: () => store.getState().connection,
		onActed: () => store.requestPoll(),
	});
	return {store, actions, client};
}
