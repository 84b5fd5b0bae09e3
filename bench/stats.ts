// Small statistics for the benchmark figures.

export function percentile(values: readonly number[], fraction: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	// Nearest rank: p95 of 20 values is the 19th.
	const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
	return sorted[rank - 1]!;
}

export const median = (values: readonly number[]) => {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

export const mean = (values: readonly number[]) => (values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length);

/** Least-squares slope of y over x (units of y per unit of x). */
export function slope(points: ReadonlyArray<{x: number; y: number}>): number {
	if (points.length < 2) return Number.NaN;
	const meanX = mean(points.map(p => p.x));
	const meanY = mean(points.map(p => p.y));
	let numerator = 0;
	let denominator = 0;
	for (const p of points) {
		numerator += (p.x - meanX) * (p.y - meanY);
		denominator += (p.x - meanX) ** 2;
	}
	return denominator === 0 ? Number.NaN : numerator / denominator;
}
