// The robust growth fit behind the leak verdict (trend.ts): Theil–Sen slope, goodness of fit, and whether
// the growth is sustained across the span (see trend.ts for why a median of slopes).

export type Point = {tMs: number; value: number};

export type GrowthFit = {
	/** Robust slope (Theil–Sen), bytes per millisecond. */
	slopeBytesPerMs: number;
	/** Value of the fitted line at the first point. */
	interceptBytes: number;
	/** Goodness of fit of the robust line, 1 - SSres/SStot clamped to [0, 1] (1 for a perfectly flat series). */
	fit: number;
	pointCount: number;
	spanMs: number;
	/** Median level of the first, middle and last third of the span (time-wise). */
	thirdMedians: [number, number, number];
	/** The growth is sustained: each third's median level is clearly above the previous one. */
	sustained: boolean;
};

const maxFitPoints = 120;

export function median(values: ArrayLike<number>): number {
	const sorted = Float64Array.from(values as ArrayLike<number>).sort();
	if (sorted.length === 0) return Number.NaN;
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median of the slopes between every pair of points (Theil–Sen). */
function theilSenSlope(points: readonly Point[]): number {
	const slopes: number[] = [];
	for (let i = 0; i < points.length; i++) {
		for (let j = i + 1; j < points.length; j++) {
			const dt = points[j]!.tMs - points[i]!.tMs;
			if (dt > 0) slopes.push((points[j]!.value - points[i]!.value) / dt);
		}
	}
	return slopes.length ? median(slopes) : 0;
}

/** Reduces a long series to at most `maxPoints` by keeping each time bucket's lowest point (the post-GC floor). */
export function bucketFloor(points: readonly Point[], maxPoints = maxFitPoints): Point[] {
	if (points.length <= maxPoints) return [...points];
	const t0 = points[0]!.tMs;
	const span = points.at(-1)!.tMs - t0 || 1;
	const buckets: Array<Point | undefined> = new Array(maxPoints);
	for (const point of points) {
		const index = Math.min(maxPoints - 1, Math.floor(((point.tMs - t0) / span) * maxPoints));
		const current = buckets[index];
		if (!current || point.value < current.value) buckets[index] = point;
	}
	return buckets.filter((p): p is Point => p !== undefined);
}

/** Fits a robust line through the points (oldest first). Null with fewer than 3 points or no time span. */
export function robustGrowth(input: readonly Point[]): GrowthFit | null {
	const points = bucketFloor(input.filter(p => Number.isFinite(p.value) && Number.isFinite(p.tMs)));
	if (points.length < 3) return null;
	const t0 = points[0]!.tMs;
	const spanMs = points.at(-1)!.tMs - t0;
	if (spanMs <= 0) return null;

	const slope = theilSenSlope(points);
	const intercept = median(points.map(p => p.value - slope * (p.tMs - t0)));

	const mean = points.reduce((sum, p) => sum + p.value, 0) / points.length;
	let ssTot = 0;
	let ssRes = 0;
	for (const p of points) {
		ssTot += (p.value - mean) ** 2;
		ssRes += (p.value - (intercept + slope * (p.tMs - t0))) ** 2;
	}
	const fit = ssTot === 0 ? 1 : Math.max(0, Math.min(1, 1 - ssRes / ssTot));

	const thirds: Point[][] = [[], [], []];
	for (const p of points) thirds[Math.min(2, Math.floor(((p.tMs - t0) / spanMs) * 3))]!.push(p);
	const thirdMedians = thirds.map(part => (part.length ? median(part.map(p => p.value)) : Number.NaN)) as [number, number, number];
	// Each step between thirds must carry at least a quarter of what the fitted slope predicts, and at
	// least two thirds must rise on their own: a single step rises in one third only.
	const expectedStep = (slope * spanMs) / 3;
	const risingThirds = thirds.filter(part => part.length >= 3 && theilSenSlope(part) >= 0.25 * slope).length;
	const sustained =
		slope > 0 &&
		thirdMedians.every(Number.isFinite) &&
		thirdMedians[1] - thirdMedians[0] >= 0.25 * expectedStep &&
		thirdMedians[2] - thirdMedians[1] >= 0.25 * expectedStep &&
		risingThirds >= 2;

	return {slopeBytesPerMs: slope, interceptBytes: intercept, fit, pointCount: points.length, spanMs, thirdMedians, sustained};
}
