// Reads the render times pm2-doctor writes on exit when PM2_DOCTOR_RENDER_STATS=/path/file.json
// is set (Ink's onRender renderTime, one figure per frame). Accepts the shapes a writer is likely
// to use: [ms, ...], [{renderTime}, ...] or {renderTimesMs|renderTimes|frames: [...]}.
import fs from 'node:fs';

export function readRenderTimesMs(file: string): number[] | null {
	let data: unknown;
	try {
		data = JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
	let list: unknown = data;
	if (!Array.isArray(list) && list && typeof list === 'object') {
		const record = list as Record<string, unknown>;
		list = record.renderTimesMs ?? record.renderTimes ?? record.frames ?? record.renders ?? null;
	}
	if (!Array.isArray(list)) return null;
	const times = list
		.map(item => (typeof item === 'number' ? item : typeof item === 'object' && item ? Number((item as any).renderTime ?? (item as any).renderTimeMs) : NaN))
		.filter(value => Number.isFinite(value));
	return times;
}
