// Everything with an effect that the interactive UI needs, created once at start-up (by the terminal session)
// and handed to the UI, which reads through subscriptions and sends commands:
// - the log-session registry (open log files, shared between views);
// - the one diagnosis schedule (row badges and the doctor view);
// - the ecosystem editor's session and the doctor's fix loop, which outlive the views that show them;
// - the doctor's playbook, read from its file the first time the doctor view asks;
// - the process actions (restart, reload, …), sent through the daemon client the store polls with, and recorded;
// - the incident report written from the UI;
// - the heap diff of a running app (its inspector opened and closed again, the snapshots read).
// - the frame gate the screen reads the store through (figure-only changes drawn at a quiet rate).
// - the recorded history (charts, trend column and exits from before the UI attached), read after the first paint.
// The live store is created before (the first paint needs its first poll) and passed in.
import {readPlaybook, type Playbook} from '../doctor/playbook.js';
import {noActionsLog, type ActionsLog} from '../logs/actions-log.js';
import type {OpenLogsOptions} from '../logs/process-log-sources.js';
import {createActionsService, type ActionsDaemonClient, type ActionsService} from './actions.js';
import {createFrameGate, type FrameGate} from './store/frame-gate.js';
import type {LiveStore} from './store/store-types.js';
import {createDiagnosisService} from './diagnosis-service.js';
import type {DiagnosisScheduler} from './diagnosis-scheduler.js';
import {createDefaultEditorEffects, withActionsLog} from './editor/editor-effects.js';
import {createEditorService, type EditorService} from './editor/editor-service.js';
import {createFixLoop, type FixLoop} from './editor/fix-loop.js';
import {createLogSessions, defaultLogsOpener, type LogSessions} from './log-sessions.js';
import {openHistoryReader, type HistoryReader} from '../recorder/history-reader.js';
import {recorderAppName} from '../recorder/record-loop.js';
import {createRecordedHistoryService, type RecordedHistoryService} from './recorded-history.js';
import {recordedSeriesKey} from '../model/recorded-history.js';
import {createReportService, reportFileWriter, type ReportService, type ReportWriter} from './report-service.js';
import {createHeapForensics, type HeapForensics} from './heap-forensics.js';
import {defaultHeapForensicsEffects, type HeapForensicsEffects} from './heap-forensics-effects.js';
import {defaultInspectorPort} from '../inspector/open-inspector.js';

export type UiServices = {
	logSessions: LogSessions;
	diagnosis: DiagnosisScheduler;
	editor: EditorService;
	fixLoop: FixLoop;
	playbook(): Playbook;
	actions: ActionsService;
	history: RecordedHistoryService;
	/** The name the recorder runs under in PM2 (the header's indicator looks for it). */
	recorderAppName: string;
	frames: FrameGate;
	/** The report key and `:report`. */
	report: ReportService;
	heapForensics: HeapForensics;
	/** Closes what is open (log files, a heap diff's inspector); the schedules stop when their last subscriber leaves. */
	close(): Promise<void>;
};

export type UiServicesOptions = {
	/** How the log views open their sources (back-fill size, the bus fallback for /dev/null logs). */
	logs?: OpenLogsOptions;
	/** --read-only: every action is refused (the store may say so too). */
	readOnly?: boolean;
	/** The daemon client the actions are sent through; without one (a UI mounted on its own) every action is refused. */
	actionsClient?: ActionsDaemonClient;
	/** Opens the recorded history (default: the recorder's database under the store's PM2_HOME). */
	openHistoryReader?: () => HistoryReader | null;
	/** How often a screen whose only change is live figures is redrawn (0: at every poll); see store/frame-gate.ts. */
	quietFrameIntervalMs?: number;
	/** Where actions and ecosystem saves and applies are recorded (source/logs/actions-log.ts); nothing under --read-only. */
	actionsLog?: ActionsLog;
	/** How the report key writes its file (default: $PM2_HOME/pm2-doctor/reports/). */
	reportWriter?: ReportWriter;
	/** Where heap snapshots are written (the working folder by default, as for `pm2-doctor heap`), and how. */
	heap?: {outDir?: string; port?: number; effects?: HeapForensicsEffects};
};

const noActionsClient: ActionsDaemonClient = {
	isAttached: false,
	callProcess: () => Promise.reject(new Error('no daemon client')),
};

export function createUiServices(store: LiveStore, options: UiServicesOptions = {}): UiServices {
	const logSessions = createLogSessions({
		...defaultLogsOpener,
		options: {...defaultLogsOpener.options, ...options.logs},
		// A log flood is redrawn on the store's tick, so both land in one frame.
		frameClock: listener => store.subscribe(listener),
	});
	const fixLoop = createFixLoop();
	const readOnly = (options.readOnly ?? false) || store.readOnly;
	const actionsLog = readOnly ? noActionsLog : (options.actionsLog ?? noActionsLog);
	let playbook: Playbook | null = null;
	const heapForensics = createHeapForensics({
		effects: options.heap?.effects ?? defaultHeapForensicsEffects,
		readOnly,
		outDir: options.heap?.outDir ?? process.cwd(),
		port: options.heap?.port ?? defaultInspectorPort,
	});
	const history = createRecordedHistoryService({
		openReader: options.openHistoryReader ?? (() => openHistoryReader(store.home)),
		processes: () => store.getState().snapshot?.processes ?? [],
	});
	return {
		logSessions,
		// The health column judges a leak from the recorded minutes before attach too, as the trends panel does.
		diagnosis: createDiagnosisService(store, {recordedSamples: process => history.getSnapshot().bySeries.get(recordedSeriesKey(process))?.recent}),
		editor: createEditorService({effects: withActionsLog(createDefaultEditorEffects(), actionsLog), fixLoop}),
		fixLoop,
		playbook: () => (playbook ??= readPlaybook()),
		actions: createActionsService({
			client: options.actionsClient ?? noActionsClient,
			home: store.home,
			readOnly,
			connection: () => store.getState().connection,
			onActed: () => store.requestPoll(),
			log: actionsLog,
		}),
		frames: createFrameGate(store, {quietFrameIntervalMs: options.quietFrameIntervalMs}),
		report: createReportService(options.reportWriter ?? reportFileWriter(store.home)),
		heapForensics,
		history,
		recorderAppName,
		close: async () => {
			history.close();
			await Promise.all([logSessions.closeAll(), heapForensics.close()]);
		},
	};
}
