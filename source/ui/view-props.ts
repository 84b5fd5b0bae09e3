// What every pluggable view receives (docs/ui-contract.md §3).
import type {ConfigEdit} from '../ecosystem/edit-config.js';
import type {ProcessSnapshot} from '../model/types.js';
import type {ActionsService} from '../services/actions.js';
import type {LiveStore, StoreState} from '../services/store/store-types.js';

export type FlashKind = 'info' | 'error';

export type ConfirmRequest = {
	/** Short title, e.g. "Restart". */
	title: string;
	/** The question, naming the process, e.g. 'Restart "api" (id 3)?'. */
	message: string;
	onConfirm(): void | Promise<void>;
	/** Called when the answer is no. */
	onCancel?(): void;
};

export type ViewProps = {
	store: LiveStore;
	state: StoreState;
	/** The process selected in the table (kept by pm_id), null when there is none. */
	selected: ProcessSnapshot | null;
	/** The one way to change PM2 state (plans, confirmation texts, results); absent in views mounted on their own. */
	actions?: ActionsService;
	/** Columns the view may use. */
	width: number;
	/** Lines the view may use: render no more, the frame must stay within rows − 1. */
	height: number;
	/** The view owns the keyboard: pass it as isActive to useCommand / useRawInput. */
	focused: boolean;
	noColor: boolean;
	readOnly: boolean;
	/** The --ecosystem FILE given on the command line; undefined when not given (the editor then locates it). */
	ecosystemFile?: string | null;
	/** Shows a one-line message in the status line. */
	flash(message: string, kind?: FlashKind): void;
	/** Asks a y/n question before a PM2 action; actions run only from its onConfirm. */
	confirm(request: ConfirmRequest): void;
	/** Full-screen views: go back to the main screen. */
	close(): void;
	/** Opens the ecosystem editor, with a suggested change already in its buffer when given (doctor fixes). */
	openEditor?(suggestedEdit: ConfigEdit | null): void;
};
