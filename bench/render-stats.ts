// Reads the render times pm2-doctor writes on exit when PM2_DOCTOR_RENDER_STATS=/path/file.json
// is set (source/terminal/render-app.tsx: Ink's onRender renderTime per frame, and the epoch ms of each frame).
// Also accepts the shapes another writer is likely to use: [ms, ...] or [{renderTime}, ...].
import fs from 'node:fs';

/** process.memoryUsage() at exit plus V8's heap space sizes (bytes), when the writer recorded them. */
export type MemoryAtExit = Record<string, number> & {heapSpaces?: Record<string, number>};

export type RenderStats = {renderTimesMs: number[]; atEpochMs: number[] | null; memoryAtExit?: MemoryAtExit};

export function readRenderStats(file: string): RenderStats | null {
	let data: unknown;
	try {
		data = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
	let list: unknown = data;
	let atEpochMs: number[] | null = null;
	let memoryAtExit: MemoryAtExit | undefined;
	if (!Array.isArray(list) && list && typeof list === 'object') {
		const record = list as Record<string, unknown>;
		if (record.memory && typeof record.memory === 'object') memoryAtExit = record.memory as MemoryAtExit;
		list = record.renderTimesMs ?? record.renderTimes ?? record.frames ?? null;
		if (Array.isArray(record.atEpochMs)) atEpochMs = record.atEpochMs.map(Number);
	}
	if (!Array.isArray(list)) return null;
	const renderTimesMs = list.map(item =>
		typeof item === 'number' ? item : typeof item === 'object' && item ? Number((item as any).renderTime ?? (item as any).renderTimeMs) : Number.NaN,
	);
	if (atEpochMs && atEpochMs.length !== renderTimesMs.length) atEpochMs = null;
	return {renderTimesMs, atEpochMs, ...(memoryAtExit ? {memoryAtExit} : {})};
}

/** "RSS 112 MB, heap 30/40 MB, young 2 MB, external 22 MB" from the memory recorded at exit. */
export function describeMemoryAtExit(memory: MemoryAtExit): string {
	const mb = (bytes: number | undefined) => (typeof bytes === 'number' ? (bytes / 1e6).toFixed(0) : '?');
	return `RSS ${mb(memory.rss)} MB, V8 heap ${mb(memory.heapUsed)}/${mb(memory.heapTotal)} MB, young generation ${mb(memory.heapSpaces?.new_space)} MB, external ${mb(memory.external)} MB`;
}

/** Render times of the frames drawn between two epoch times (all frames when the file has no times). */
export function framesBetween(stats: RenderStats, fromEpochMs: number, toEpochMs: number): number[] {
	if (!stats.atEpochMs) return stats.renderTimesMs.filter(Number.isFinite);
	return stats.renderTimesMs.filter((ms, i) => Number.isFinite(ms) && stats.atEpochMs![i]! >= fromEpochMs && stats.atEpochMs![i]! <= toEpochMs);
}
