// The single source of key bindings: the input router, the footer hints, the `?` help overlay and
// docs/keybindings.md are all generated from `keymap`. See docs/ui-contract.md for how a feature adds
// its commands (each feature edits only its own marked section below).
import {navigationKeymap} from './keymap-navigation.js';

/** Where a binding is active. The app computes the active scope stack (docs/ui-contract.md §2). */
export type Scope =
	| 'global'
	| 'main'
	| 'table'
	| 'confirm'
	| 'help'
	| 'filter'
	| 'palette'
	// --- feature scopes: add yours here ---
	| 'trends'
	| 'timeline'
	| 'logs'
	| 'logs-full'
	| 'doctor'
	| 'editor'
	| 'editor-view'
	| 'editor-search'
	| 'editor-discard'
	| 'editor-review'
	| 'editor-refused'
	| 'editor-saved'
	| 'editor-applied'
	| 'editor-overlay'
	| 'editor-unavailable';

export type KeymapEntry = {
	/** 'area.verb'. */
	command: string;
	/** Key names as produced by keyNameOf() (source/ui/key-names.ts); the first is shown in hints. */
	keys: string[];
	description: string;
	scope: Scope;
	/** Changes PM2 state: confirmation required, and absent under --read-only. */
	dangerous?: boolean;
	/** Show in the footer hints. */
	footer?: boolean;
	/** One or two words for the footer (defaults to the description's first word). */
	hint?: string;
	/** Always in the footer while its scope is active, with quit and help (the view's other hints get what is left). */
	pinned?: boolean;
};

export const keymap = [
	// --- global (every screen) ---
	{command: 'app.quit', keys: ['q', 'ctrl+c'], description: 'Quit pm2-doctor', scope: 'global', footer: true},
	{command: 'app.help', keys: ['?'], description: 'Show or hide this help', scope: 'global', footer: true, hint: 'help'},
	{command: 'app.back', keys: ['escape'], description: 'Close the current view or dialog', scope: 'global'},

	// --- main screen (whatever panel is focused) ---
	{command: 'main.focus-next', keys: ['tab'], description: 'Focus the next panel', scope: 'main'},
	{command: 'main.focus-prev', keys: ['shift+tab'], description: 'Focus the previous panel', scope: 'main'},
	{
		command: 'process.restart',
		keys: ['r'],
		description: 'Restart the selected process',
		scope: 'main',
		dangerous: true,
		footer: true,
	},
	{
		command: 'process.reload',
		keys: ['R'],
		description: 'Reload the selected process (graceful, cluster mode)',
		scope: 'main',
		dangerous: true,
	},
	{command: 'process.stop', keys: ['x'], description: 'Stop the selected process', scope: 'main', dangerous: true, footer: true},
	{command: 'process.start', keys: ['s'], description: 'Start the selected process', scope: 'main', dangerous: true},

	// --- process table ---
	{command: 'table.up', keys: ['up', 'k'], description: 'Select the previous process', scope: 'table', footer: true, hint: 'up'},
	{command: 'table.down', keys: ['down', 'j'], description: 'Select the next process', scope: 'table', footer: true, hint: 'down'},
	{command: 'table.top', keys: ['g', 'home'], description: 'Select the first process', scope: 'table'},
	{command: 'table.bottom', keys: ['G', 'end'], description: 'Select the last process', scope: 'table'},
	{command: 'table.page-up', keys: ['pageup'], description: 'Move the selection one page up', scope: 'table'},
	{command: 'table.page-down', keys: ['pagedown'], description: 'Move the selection one page down', scope: 'table'},
	// Filter, sort, groups, the palette and the triage actions: keymap-navigation.ts.
	...navigationKeymap,

	// --- confirm dialog ---
	{command: 'confirm.yes', keys: ['y'], description: 'Confirm the action', scope: 'confirm', footer: true, hint: 'yes'},
	{command: 'confirm.no', keys: ['n', 'escape'], description: 'Cancel the action', scope: 'confirm', footer: true, hint: 'no'},

	// --- help overlay ---
	{command: 'help.up', keys: ['up', 'k'], description: 'Scroll the help up', scope: 'help'},
	{command: 'help.down', keys: ['down', 'j'], description: 'Scroll the help down', scope: 'help'},

	// --- trends ---
	{command: 'trends.open-timeline', keys: ['h'], description: 'Open the restart and memory timeline', scope: 'main'},
	{command: 'trends.window-next', keys: ['w'], description: 'Next chart window (1m, 5m, 15m, 1h)', scope: 'main', footer: true, hint: 'window'},
	{command: 'trends.window-1m', keys: ['1'], description: 'Chart the last minute', scope: 'main'},
	{command: 'trends.window-5m', keys: ['2'], description: 'Chart the last 5 minutes', scope: 'main'},
	{command: 'trends.window-15m', keys: ['3'], description: 'Chart the last 15 minutes', scope: 'main'},
	{command: 'trends.window-1h', keys: ['4'], description: 'Chart the last hour', scope: 'main'},
	{command: 'trends.window-next', keys: ['w'], description: 'Next chart window (1m, 5m, 15m, 1h)', scope: 'timeline', footer: true, hint: 'window'},
	{command: 'trends.window-1m', keys: ['1'], description: 'Chart the last minute', scope: 'timeline'},
	{command: 'trends.window-5m', keys: ['2'], description: 'Chart the last 5 minutes', scope: 'timeline'},
	{command: 'trends.window-15m', keys: ['3'], description: 'Chart the last 15 minutes', scope: 'timeline'},
	{command: 'trends.window-1h', keys: ['4'], description: 'Chart the last hour', scope: 'timeline'},
	{command: 'timeline.down', keys: ['down', 'j'], description: 'Scroll the restart list down', scope: 'timeline', footer: true, hint: 'scroll'},
	{command: 'timeline.up', keys: ['up', 'k'], description: 'Scroll the restart list up', scope: 'timeline'},
	{command: 'timeline.page-down', keys: ['pagedown'], description: 'Scroll the restart list one page down', scope: 'timeline'},
	{command: 'timeline.page-up', keys: ['pageup'], description: 'Scroll the restart list one page up', scope: 'timeline'},

	// --- logs ---
	{command: 'logs.open-full', keys: ['L'], description: 'Open the logs full screen', scope: 'main'},
	{command: 'logs.focus', keys: ['l'], description: 'Focus the log panel', scope: 'main', footer: true, hint: 'logs'},
	{command: 'logs.scroll-up', keys: ['up', 'k'], description: 'Scroll up one line (pauses following)', scope: 'logs'},
	{command: 'logs.scroll-down', keys: ['down', 'j'], description: 'Scroll down one line', scope: 'logs'},
	{command: 'logs.page-up', keys: ['pageup', 'ctrl+b'], description: 'Scroll up one page (pauses following)', scope: 'logs'},
	{command: 'logs.page-down', keys: ['pagedown', 'ctrl+f'], description: 'Scroll down one page', scope: 'logs'},
	{command: 'logs.top', keys: ['g', 'home'], description: 'Go to the oldest line (pauses following)', scope: 'logs'},
	{command: 'logs.bottom', keys: ['G', 'end'], description: 'Go to the newest line (stays paused)', scope: 'logs'},
	{command: 'logs.toggle-follow', keys: ['s', 'F'], description: 'Follow new lines (resume) or pause', scope: 'logs', footer: true, hint: 'follow'},
	{command: 'logs.search', keys: ['/'], description: 'Search (regex, case-insensitive; Esc clears)', scope: 'logs', footer: true, hint: 'search'},
	{command: 'logs.next-match', keys: ['n'], description: 'Next (newer) match', scope: 'logs'},
	{command: 'logs.prev-match', keys: ['N'], description: 'Previous (older) match', scope: 'logs'},
	{command: 'logs.filter', keys: ['&'], description: 'Show only matching lines (start with ! to hide them)', scope: 'logs'},
	{command: 'logs.invert-filter', keys: ['v'], description: 'Invert the filter', scope: 'logs'},
	{command: 'logs.toggle-err-only', keys: ['e'], description: 'Show only stderr lines', scope: 'logs'},
	{command: 'logs.clear', keys: ['c'], description: 'Clear the search and the filter', scope: 'logs'},
	{command: 'logs.toggle-wrap', keys: ['w'], description: 'Wrap long lines', scope: 'logs'},
	{command: 'logs.toggle-timestamps', keys: ['t'], description: "Timestamps: off, arrival time, the app's own", scope: 'logs'},
	{command: 'logs.show-all', keys: ['a'], description: 'Show all processes merged (again: the selected one)', scope: 'logs'},
	{command: 'logs.show-daemon', keys: ['p'], description: 'Show the PM2 daemon log (again: the selected process)', scope: 'logs'},
	{command: 'logs.scroll-up', keys: ['up', 'k'], description: 'Scroll up one line (pauses following)', scope: 'logs-full'},
	{command: 'logs.scroll-down', keys: ['down', 'j'], description: 'Scroll down one line', scope: 'logs-full'},
	{command: 'logs.page-up', keys: ['pageup', 'ctrl+b'], description: 'Scroll up one page (pauses following)', scope: 'logs-full', footer: true, hint: 'scroll'},
	{command: 'logs.page-down', keys: ['pagedown', 'ctrl+f'], description: 'Scroll down one page', scope: 'logs-full'},
	{command: 'logs.top', keys: ['g', 'home'], description: 'Go to the oldest line (pauses following)', scope: 'logs-full'},
	{command: 'logs.bottom', keys: ['G', 'end'], description: 'Go to the newest line (stays paused)', scope: 'logs-full'},
	{command: 'logs.toggle-follow', keys: ['s', 'F'], description: 'Follow new lines (resume) or pause', scope: 'logs-full', footer: true, hint: 'follow'},
	{command: 'logs.search', keys: ['/'], description: 'Search (regex, case-insensitive; Esc clears)', scope: 'logs-full', footer: true, hint: 'search'},
	{command: 'logs.next-match', keys: ['n'], description: 'Next (newer) match', scope: 'logs-full'},
	{command: 'logs.prev-match', keys: ['N'], description: 'Previous (older) match', scope: 'logs-full'},
	{command: 'logs.filter', keys: ['&'], description: 'Show only matching lines (start with ! to hide them)', scope: 'logs-full', footer: true, hint: 'filter'},
	{command: 'logs.invert-filter', keys: ['v'], description: 'Invert the filter', scope: 'logs-full'},
	{command: 'logs.toggle-err-only', keys: ['e'], description: 'Show only stderr lines', scope: 'logs-full', footer: true, hint: 'stderr only'},
	{command: 'logs.clear', keys: ['c'], description: 'Clear the search and the filter', scope: 'logs-full'},
	{command: 'logs.toggle-wrap', keys: ['w'], description: 'Wrap long lines', scope: 'logs-full', footer: true, hint: 'wrap'},
	{command: 'logs.toggle-timestamps', keys: ['t'], description: "Timestamps: off, arrival time, the app's own", scope: 'logs-full', footer: true, hint: 'time'},
	{command: 'logs.show-all', keys: ['a'], description: 'Show all processes merged (again: the selected one)', scope: 'logs-full'},
	{command: 'logs.show-daemon', keys: ['p'], description: 'Show the PM2 daemon log (again: the selected process)', scope: 'logs-full'},
	{command: 'logs.close-full', keys: ['L', 'f'], description: 'Back to the main screen', scope: 'logs-full', footer: true, hint: 'back'},

	// --- doctor ---
	{
		command: 'doctor.open',
		keys: ['t', 'd'],
		description: 'Troubleshoot: findings and guided flows, the selected process first',
		scope: 'main',
		footer: true,
		hint: 'troubleshoot',
		pinned: true,
	},
	{command: 'doctor.up', keys: ['up', 'k'], description: 'Previous finding, or previous fix in a flow', scope: 'doctor', footer: true, hint: 'up'},
	{command: 'doctor.down', keys: ['down', 'j'], description: 'Next finding, or next fix in a flow', scope: 'doctor', footer: true, hint: 'down'},
	{
		command: 'doctor.open-flow',
		keys: ['return'],
		description: 'Open the troubleshooting flow of the selected finding',
		scope: 'doctor',
		footer: true,
		hint: 'flow',
	},
	{
		command: 'doctor.back',
		keys: ['escape'],
		description: 'Back to the findings (from the list: close the doctor)',
		scope: 'doctor',
		footer: true,
		hint: 'back',
	},
	{command: 'doctor.recheck', keys: ['c'], description: 'Run the checks again now', scope: 'doctor', footer: true, hint: 'recheck'},
	{command: 'doctor.apply-fix', keys: ['f'], description: 'Run the selected fix (asks first)', scope: 'doctor', dangerous: true, footer: true, hint: 'fix'},

	// --- ecosystem ---
	{command: 'ecosystem.open', keys: ['e'], description: 'Edit the ecosystem file', scope: 'main'},
	{command: 'ecosystem.open-external', keys: ['E'], description: 'Edit the ecosystem file in $VISUAL/$EDITOR', scope: 'main'},
	{
		command: 'ecosystem.close',
		keys: ['escape'],
		description: 'Close the editor (asks first when there are unsaved changes)',
		scope: 'editor',
		footer: true,
		hint: 'close',
	},
	// Typed keys go into the file while editing (q, ?, …): only Ctrl-C quits. The way out comes first, so the footer always has room for it.
	{command: 'app.quit', keys: ['ctrl+c'], description: 'Quit pm2-doctor (unsaved changes go to a recovery file)', scope: 'editor', footer: true, hint: 'quit'},
	{command: 'ecosystem.save', keys: ['ctrl+s'], description: 'Validate, review the diff, save', scope: 'editor', footer: true, hint: 'save'},
	{command: 'ecosystem.undo', keys: ['ctrl+z'], description: 'Undo', scope: 'editor', footer: true, hint: 'undo'},
	{command: 'ecosystem.redo', keys: ['ctrl+y'], description: 'Redo', scope: 'editor'},
	{command: 'ecosystem.search', keys: ['ctrl+f'], description: 'Search', scope: 'editor', footer: true, hint: 'search'},
	{command: 'ecosystem.search-next', keys: ['ctrl+g'], description: 'Next search match', scope: 'editor'},
	{command: 'ecosystem.next-finding', keys: ['ctrl+n'], description: 'Jump to the next lint finding', scope: 'editor', footer: true, hint: 'next finding'},
	{command: 'ecosystem.lint', keys: ['ctrl+l'], description: 'Lint the buffer now', scope: 'editor'},
	{command: 'ecosystem.fix', keys: ['ctrl+x'], description: 'Apply the suggested fix of the finding on this line', scope: 'editor', footer: true, hint: 'fix'},
	{command: 'ecosystem.delete-line', keys: ['ctrl+k'], description: 'Delete the current line', scope: 'editor'},
	{command: 'ecosystem.delete-forward', keys: ['ctrl+d'], description: 'Delete the character under the cursor', scope: 'editor'},
	{command: 'ecosystem.external-editor', keys: ['ctrl+o'], description: 'Edit the buffer in $VISUAL/$EDITOR', scope: 'editor', footer: true, hint: '$EDITOR'},
	{command: 'ecosystem.revert', keys: ['ctrl+r'], description: 'Load the latest backup into the buffer (undoable)', scope: 'editor'},
	// Text editing: handled by the editor view itself (typed text goes into the file); listed for ? and the docs.
	{command: 'ecosystem.move', keys: ['up', 'down', 'left', 'right'], description: 'Move the cursor', scope: 'editor'},
	{command: 'ecosystem.page', keys: ['pageup', 'pagedown'], description: 'Move one page up or down', scope: 'editor'},
	{command: 'ecosystem.line-ends', keys: ['home', 'end'], description: 'Go to the start or end of the line', scope: 'editor'},
	{command: 'ecosystem.newline', keys: ['return'], description: 'New line', scope: 'editor'},
	{command: 'ecosystem.delete-back', keys: ['backspace', 'delete'], description: 'Delete the character before the cursor', scope: 'editor'},
	{command: 'ecosystem.indent', keys: ['tab'], description: 'Insert two spaces', scope: 'editor'},
	{command: 'ecosystem.move', keys: ['up', 'down', 'left', 'right'], description: 'Move the cursor', scope: 'editor-view'},
	{command: 'ecosystem.page', keys: ['pageup', 'pagedown'], description: 'Move one page up or down', scope: 'editor-view'},
	{command: 'ecosystem.line-ends', keys: ['home', 'end'], description: 'Go to the start or end of the line', scope: 'editor-view'},
	// --read-only: the file can be read, searched and linted, never changed.
	{command: 'ecosystem.search', keys: ['ctrl+f'], description: 'Search', scope: 'editor-view', footer: true, hint: 'search'},
	{command: 'ecosystem.search-next', keys: ['ctrl+g'], description: 'Next search match', scope: 'editor-view'},
	{command: 'ecosystem.next-finding', keys: ['ctrl+n'], description: 'Jump to the next lint finding', scope: 'editor-view', footer: true, hint: 'next finding'},
	{command: 'ecosystem.lint', keys: ['ctrl+l'], description: 'Lint the buffer now', scope: 'editor-view'},
	{command: 'ecosystem.close', keys: ['escape', 'q'], description: 'Close the editor', scope: 'editor-view', footer: true, hint: 'close'},
	{command: 'app.quit', keys: ['ctrl+c'], description: 'Quit pm2-doctor', scope: 'editor-view', footer: true, hint: 'quit'},
	{command: 'ecosystem.search-find', keys: ['return'], description: 'Find the typed text', scope: 'editor-search', footer: true, hint: 'find'},
	{
		command: 'ecosystem.search-cancel',
		keys: ['escape'],
		description: 'Back to editing without searching',
		scope: 'editor-search',
		footer: true,
		hint: 'cancel',
	},
	{
		command: 'ecosystem.discard',
		keys: ['escape'],
		description: 'Close without saving (the buffer goes to a recovery file)',
		scope: 'editor-discard',
		footer: true,
		hint: 'close',
	},
	{
		command: 'ecosystem.keep-editing',
		keys: ['return'],
		description: 'Keep editing (any other key too)',
		scope: 'editor-discard',
		footer: true,
		hint: 'keep editing',
	},
	{
		command: 'ecosystem.confirm-save',
		keys: ['y'],
		description: 'Save the reviewed changes (refused while the file has errors)',
		scope: 'editor-review',
		footer: true,
		hint: 'save',
	},
	{
		command: 'ecosystem.save-anyway',
		keys: ['!'],
		description: 'Save although the file has errors or does not load',
		scope: 'editor-review',
		footer: true,
		hint: 'save anyway',
	},
	{command: 'ecosystem.back-to-editing', keys: ['escape', 'n'], description: 'Back to editing', scope: 'editor-review', footer: true, hint: 'edit'},
	{
		command: 'ecosystem.write-in-place',
		keys: ['i'],
		description: 'Write in place when the folder is read-only (verified, backup kept, not crash-safe)',
		scope: 'editor-refused',
	},
	{command: 'ecosystem.back-to-editing', keys: ['escape', 'n'], description: 'Back to editing', scope: 'editor-refused', footer: true, hint: 'edit'},
	{
		command: 'ecosystem.apply',
		keys: ['a'],
		description: 'Apply the saved file to the apps whose entries changed (pm2 startOrReload --only)',
		scope: 'editor-saved',
		dangerous: true,
		footer: true,
		hint: 'apply',
	},
	{
		command: 'ecosystem.apply-env',
		keys: ['A'],
		description: 'Apply with --env <name> (when an env_<name> block changed; the saved screen names it)',
		scope: 'editor-saved',
		dangerous: true,
	},
	{command: 'ecosystem.back-to-editing', keys: ['escape', 'e'], description: 'Back to editing', scope: 'editor-saved', footer: true, hint: 'edit'},
	{
		command: 'ecosystem.close',
		keys: ['escape'],
		description: "Close the editor (back to the doctor's flow when a fix opened it)",
		scope: 'editor-applied',
		footer: true,
		hint: 'close',
	},
	{command: 'ecosystem.back-to-editing', keys: ['e'], description: 'Edit the file again', scope: 'editor-applied', footer: true, hint: 'edit'},
	{command: 'ecosystem.scroll-up', keys: ['up', 'k'], description: 'Scroll up', scope: 'editor-overlay', footer: true, hint: 'scroll'},
	{command: 'ecosystem.scroll-down', keys: ['down', 'j'], description: 'Scroll down', scope: 'editor-overlay'},
	{command: 'ecosystem.page-up', keys: ['pageup'], description: 'Scroll up one page', scope: 'editor-overlay'},
	{command: 'ecosystem.page-down', keys: ['pagedown'], description: 'Scroll down one page', scope: 'editor-overlay'},
	{
		command: 'ecosystem.create-starter',
		keys: ['i'],
		description: "Create a best-practice ecosystem.config.js in the app's folder",
		scope: 'editor-unavailable',
		footer: true,
		hint: 'create',
	},
	{command: 'ecosystem.close', keys: ['escape'], description: 'Close the editor', scope: 'editor-unavailable', footer: true, hint: 'close'},
] as const satisfies readonly KeymapEntry[];

/** Every command id that appears in the keymap. */
export type CommandId = (typeof keymap)[number]['command'];

/** Human-readable title of each scope, for the help overlay and the docs. */
export const scopeTitles: Record<Scope, string> = {
	global: 'Everywhere',
	main: 'Main screen',
	table: 'Process table',
	confirm: 'Confirmation dialog',
	help: 'Help',
	filter: 'Filter prompt (/)',
	palette: 'Command palette (:)',
	trends: 'Trends panel',
	timeline: 'Timeline',
	logs: 'Log panel',
	'logs-full': 'Logs (full screen)',
	doctor: 'Doctor',
	editor: 'Ecosystem editor',
	'editor-view': 'Ecosystem editor (--read-only)',
	'editor-search': 'Ecosystem editor: search',
	'editor-discard': 'Ecosystem editor: unsaved changes on close',
	'editor-review': 'Ecosystem editor: review before saving',
	'editor-refused': 'Ecosystem editor: save refused',
	'editor-saved': 'Ecosystem editor: saved',
	'editor-applied': 'Ecosystem editor: applied',
	'editor-overlay': 'Ecosystem editor: review, saved and applied screens',
	'editor-unavailable': 'Ecosystem editor: no file found',
};
