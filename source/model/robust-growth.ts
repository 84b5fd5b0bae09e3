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
	return values.length === 0 ? Number.NaN : medianInPlace(Float64Array.from(values));
}

/**
 * Median of the slopes between every pair of points (Theil–Sen). The pairs grow with the square of the
 * points (7,000 for 120), and the recorder runs this for every process on each check with V8's optimizing
 * compilers off (source/recorder/recorder-v8.ts): times and values are read into flat arrays once and the
 * slopes written into one preallocated array sorted in place, with no object read or array growth per pair.
 */
function theilSenSlope(points: readonly Point[]): number {
	const count = points.length;
	const times = new Float64Array(count);
	const values = new Float64Array(count);
	for (let i = 0; i < count; i++) {
		times[i] = points[i]!.tMs;
		values[i] = points[i]!.value;
	}
	const slopes = new Float64Array((count * (count - 1)) / 2);
	let slopeCount = 0;
	for (let i = 0; i < count; i++) {
		const ti = times[i]!;
		const vi = values[i]!;
		for (let j = i + 1; j < count; j++) {
			const dt = times[j]! - ti;
			if (dt > 0) slopes[slopeCount++] = (values[j]! - vi) / dt;
		}
	}
	return slopeCount ? medianInPlace(slopes.subarray(0, slopeCount)) : 0;
}

/** The median of a non-empty typed array, which it sorts. */
function medianInPlace(values: Float64Array): number {
	values.sort();
	const mid = values.length >> 1;
	return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
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
