// How long the recorder keeps what, and at which resolution. Pure: the recorder's database applies the plan.
//
// Why two tiers: the first hours after an incident are read second by second (which restart came first, how
// fast the heap climbed), a week back only the shape matters (a slow leak, a daily spike). Raw samples every
// 5 s for 6 h and one averaged sample a minute for 7 days keep 50 processes well under the size cap
// (docs/OPERATIONS.md gives the figures).

export type RetentionOptions = {
	/** Raw samples are kept this long, then folded into one per `coarseResolutionMs`. */
	fineRetentionMs: number;
	/** Everything older than this is deleted. */
	coarseRetentionMs: number;
	coarseResolutionMs: number;
	/** The database may not grow past this; the oldest data goes first. */
	maxBytes: number;
};

export const defaultRetention: RetentionOptions = {
	fineRetentionMs: 6 * 3600_000,
	coarseRetentionMs: 7 * 24 * 3600_000,
	coarseResolutionMs: 60_000,
	maxBytes: 100 * 1024 * 1024,
};

export type RetentionPlan = {
	/** Fine samples older than this are folded into coarse buckets. */
	foldFineBeforeMs: number;
	/** Bucket width of the fold (samples in [bucket, bucket + width) become one). */
	bucketMs: number;
	/** Everything older than this is deleted. */
	deleteBeforeMs: number;
};

/** Fold at a bucket boundary, so a bucket is never folded twice from two halves. */
export function planRetention(nowMs: number, options: RetentionOptions = defaultRetention): RetentionPlan {
	const bucketMs = options.coarseResolutionMs;
	return {
		foldFineBeforeMs: bucketFloorMs(nowMs - options.fineRetentionMs, bucketMs),
		bucketMs,
		deleteBeforeMs: nowMs - options.coarseRetentionMs,
	};
}

export function bucketFloorMs(atMs: number, bucketMs: number): number {
	return Math.floor(atMs / bucketMs) * bucketMs;
}

/**
 * Over the size cap: drop everything before a cut point, chosen so about `shareToDrop` of the recorded span
 * goes (oldest first), and never the last `keepNewestMs`, which an incident being investigated needs.
 * Returns null when nothing can be dropped.
 */
export function sizeCapCutMs(span: {oldestMs: number; newestMs: number}, shareToDrop: number, keepNewestMs = 3600_000): number | null {
	const latestCut = span.newestMs - keepNewestMs;
	if (latestCut <= span.oldestMs) return null;
	const cut = span.oldestMs + Math.max(1, Math.ceil((span.newestMs - span.oldestMs) * shareToDrop));
	return Math.min(cut, latestCut);
}

/** Parses a size such as "100M", "1.5G", "500k" or a number of bytes; null when it is not one. */
export function parseSizeBytes(text: string): number | null {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*$/i.exec(text);
	if (!match) return null;
	const unit = {'': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3}[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
	const bytes = Math.round(Number(match[1]) * unit);
	return bytes > 0 ? bytes : null;
}
