// The single source of key bindings: the input router, the footer hints, the `?` help overlay and
// docs/keybindings.md are all generated from `keymap`. See docs/ui-contract.md for how a feature adds
// its commands (each feature edits only its own marked section below).
import {navigationKeymap} from './keymap-navigation.js';
import {ecosystemKeymap} from './keymap-ecosystem.js';

/** Where a binding is active. The app computes the active scope stack (docs/ui-contract.md §2). */
export type Scope =
	| 'global'
	| 'main'
	| 'table'
	| 'confirm'
	| 'help'
	| 'filter'
	| 'palette'
	| 'env'
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
	{command: 'trends.window-next', keys: ['w'], description: 'Next chart window (1m, 5m, 15m, 1h, 6h, 24h, 7d)', scope: 'main', footer: true, hint: 'window'},
	{command: 'trends.window-1m', keys: ['1'], description: 'Chart the last minute', scope: 'main'},
	{command: 'trends.window-5m', keys: ['2'], description: 'Chart the last 5 minutes', scope: 'main'},
	{command: 'trends.window-15m', keys: ['3'], description: 'Chart the last 15 minutes', scope: 'main'},
	{command: 'trends.window-1h', keys: ['4'], description: 'Chart the last hour', scope: 'main'},
	{command: 'trends.window-6h', keys: ['5'], description: 'Chart the last 6 hours (recorded history)', scope: 'main'},
	{command: 'trends.window-24h', keys: ['6'], description: 'Chart the last 24 hours (recorded history)', scope: 'main'},
	{command: 'trends.window-7d', keys: ['7'], description: 'Chart the last 7 days (recorded history)', scope: 'main'},
	{
		command: 'trends.window-next',
		keys: ['w'],
		description: 'Next chart window (1m, 5m, 15m, 1h, 6h, 24h, 7d)',
		scope: 'timeline',
		footer: true,
		hint: 'window',
	},
	{command: 'trends.window-1m', keys: ['1'], description: 'Chart the last minute', scope: 'timeline'},
	{command: 'trends.window-5m', keys: ['2'], description: 'Chart the last 5 minutes', scope: 'timeline'},
	{command: 'trends.window-15m', keys: ['3'], description: 'Chart the last 15 minutes', scope: 'timeline'},
	{command: 'trends.window-1h', keys: ['4'], description: 'Chart the last hour', scope: 'timeline'},
	{command: 'trends.window-6h', keys: ['5'], description: 'Chart the last 6 hours (recorded history)', scope: 'timeline'},
	{command: 'trends.window-24h', keys: ['6'], description: 'Chart the last 24 hours (recorded history)', scope: 'timeline'},
	{command: 'trends.window-7d', keys: ['7'], description: 'Chart the last 7 days (recorded history)', scope: 'timeline'},
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
		description: 'Back to the findings (from the list: close the doctor); while a heap diff runs, cancel it',
		scope: 'doctor',
		footer: true,
		hint: 'back',
	},
	{command: 'doctor.recheck', keys: ['c'], description: 'Run the checks again now', scope: 'doctor', footer: true, hint: 'recheck'},
	{command: 'doctor.apply-fix', keys: ['f'], description: 'Run the selected fix (asks first)', scope: 'doctor', dangerous: true, footer: true, hint: 'fix'},
	{
		command: 'process.heap-diff',
		keys: ['m'],
		description: 'Heap diff: what grows in the selected process (two snapshots 30 s apart, in the memory-growth flow)',
		scope: 'main',
		dangerous: true,
	},

	// --- incident report ---
	{command: 'report.write', keys: ['W'], description: 'Write the incident report (last 2 h) for the selected process', scope: 'main'},

	// --- ecosystem ---
	// Opening the editor and every binding inside it: keymap-ecosystem.ts.
	...ecosystemKeymap,
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
	env: 'Environment (full screen)',
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
