// The main screen's vertical and horizontal budget. Every frame must stay at most rows − 1 lines:
// a frame as tall as the terminal makes Ink clear the screen on every update (flicker, ink#450/#935).

/** Smallest terminal the UI draws in; below it a "terminal too small" notice is shown. */
export const minimumColumns = 80;
export const minimumRows = 24;

/** At or above this size the detail area shows config and trends side by side. */
export const wideColumns = 120;
/** The log panel is shown when it gets at least this many lines (its title and two log lines). */
export const logPanelMinRows = 3;
/** The detail pane's lines when it sits alone: the one-line summary, the health headline and its evidence. */
export const detailSummaryRows = 3;

export type MainLayout = {
	tooSmall: boolean;
	/** Lines available for the whole frame (rows − 1). */
	frameRows: number;
	headerRows: number;
	statusRows: number;
	/** Table header line plus visible process rows. */
	tableRows: number;
	/** Visible process rows (tableRows − 1). */
	tableBodyRows: number;
	detailRows: number;
	/** 0 when the log panel is hidden. */
	logRows: number;
	footerRows: number;
	/** Rows for a full-screen view (everything between header+status and footer). */
	fullViewRows: number;
	/** Width of the config detail and of the trends panel; trendsColumns is 0 when they do not sit side by side. */
	detailColumns: number;
	trendsColumns: number;
};

/** Splits a `columns`×`rows` terminal into the main screen's areas. */
export function computeMainLayout(columns: number, rows: number, processCount: number): MainLayout {
	const tooSmall = columns < minimumColumns || rows < minimumRows;
	const frameRows = Math.max(1, rows - 1);
	const headerRows = 1;
	const statusRows = 1;
	const footerRows = 1;
	const available = Math.max(0, frameRows - headerRows - statusRows - footerRows);
	// The table takes what it needs up to about a third of the screen; the rest shows the selected process.
	const maxTableBody = Math.max(3, Math.floor(available * 0.35));
	const tableBodyRows = Math.min(Math.max(1, processCount), maxTableBody);
	const tableRows = tableBodyRows + 1;
	const rest = Math.max(0, available - tableRows);
	const sideBySide = columns >= wideColumns;
	// Beside the trends the detail area keeps room for a chart; alone it keeps to the summary and the
	// health explanation, and the most recent log lines get every other row.
	let detailRows = Math.min(rest, sideBySide ? Math.max(detailSummaryRows, Math.floor(rest * 0.6)) : detailSummaryRows);
	let logRows = rest - detailRows;
	if (logRows < logPanelMinRows) {
		detailRows = rest;
		logRows = 0;
	}
	const detailColumns = sideBySide ? Math.max(56, Math.floor(columns * 0.42)) : columns;
	const trendsColumns = sideBySide ? columns - detailColumns - 1 : 0;
	return {
		tooSmall,
		frameRows,
		headerRows,
		statusRows,
		tableRows,
		tableBodyRows,
		detailRows,
		logRows,
		footerRows,
		fullViewRows: available,
		detailColumns,
		trendsColumns,
	};
}
