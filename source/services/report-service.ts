// The report key and `:report`: writes the incident report for a process (source/headless/report-file.ts) and
// says where it went. One at a time: a report evaluates ecosystem files and reads logs for a few seconds.
// Allowed under --read-only: it changes nothing in PM2, its processes or the ecosystem files (docs/OPERATIONS.md).

export type ReportWriteResult = {ok: true; path: string} | {ok: false; message: string};

export type ReportService = {
	write(processName: string | null): Promise<ReportWriteResult>;
};

/** Writes the report and returns its path (the real one builds it from the daemon, the logs and the history). */
export type ReportWriter = (request: {processName: string | null; nowMs: number}) => Promise<string>;

export function createReportService(writer: ReportWriter, nowMs: () => number = Date.now): ReportService {
	let writing = false;
	return {
		async write(processName) {
			if (writing) return {ok: false, message: 'A report is already being written.'};
			writing = true;
			try {
				return {ok: true, path: await writer({processName, nowMs: nowMs()})};
			} catch (error) {
				return {ok: false, message: `The report could not be written: ${(error as Error).message}`};
			} finally {
				writing = false;
			}
		},
	};
}

/** The real writer, loaded with the first report (the report's modules are not part of the UI's start-up). */
export function reportFileWriter(pm2Home: string): ReportWriter {
	return async request => (await import('../headless/report-file.js')).writeReportFile(pm2Home, request);
}
