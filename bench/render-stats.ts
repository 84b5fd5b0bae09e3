// Reads the render times pm2-doctor writes on exit when PM2_DOCTOR_RENDER_STATS=/path/file.json
// is set (source/ui/render-app.tsx: Ink's onRender renderTime per frame, and the epoch ms of each frame).
// Also accepts the shapes another writer is likely to use: [ms, ...] or [{renderTime}, ...].
import fs from 'node:fs';

export type RenderStats = {renderTimesMs: number[]; atEpochMs: number[] | null};

export function readRenderStats(file: string): RenderStats | null {
	let data: unknown;
	try {
		data = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
	let list: unknown = data;
	let atEpochMs: number[] | null = null;
	if (!Array.isArray(list) && list && typeof list === 'object') {
		const record = list as Record<string, unknown>;
		list = record.renderTimesMs ?? record.renderTimes ?? record.frames ?? null;
		if (Array.isArray(record.atEpochMs)) atEpochMs = record.atEpochMs.map(Number);
	}
	if (!Array.isArray(list)) return null;
	const renderTimesMs = list.map(item =>
		typeof item === 'number' ? item : typeof item === 'object' && item ? Number((item as any).renderTime ?? (item as any).renderTimeMs) : Number.NaN,
	);
	if (atEpochMs && atEpochMs.length !== renderTimesMs.length) atEpochMs = null;
	return {renderTimesMs, atEpochMs};
}

/** Render times of the frames drawn between two epoch times (all frames when the file has no times). */
export function framesBetween(stats: RenderStats, fromEpochMs: number, toEpochMs: number): number[] {
	if (!stats.atEpochMs) return stats.renderTimesMs.filter(Number.isFinite);
	return stats.renderTimesMs.filter((ms, i) => Number.isFinite(ms) && stats.atEpochMs![i]! >= fromEpochMs && stats.atEpochMs![i]! <= toEpochMs);
}
