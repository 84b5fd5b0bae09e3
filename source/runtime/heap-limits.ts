// Keeps the V8 heap of the long-running UI small. Two run-time flags, set first thing in `runUi`:
//
// - `--semi-space-growth-factor=1`: the young generation stays at its starting size (two 1 MiB semi-spaces).
//   V8 doubles it up to 2 x 16 MiB under allocation pressure and rarely gives it back, and every frame and
//   every log line allocates. Measured with `npm run bench -- --phases compare` (A B A B, same machine): at
//   5,000 lines/s RSS 171/135 MB → 116/114 MB for +1.3 points of CPU (more scavenges); idle with 30 apps
//   RSS 116–131 → 100 MB at equal CPU. A trivial Ink app: 113 → 86 MB.
// - `--heap-growing-percent=10`: after a full GC the old generation may grow by 10 % before the next one,
//   instead of V8's dynamic factor (up to 4x for a program that spends little time in GC, which this one
//   is). Promoted log lines and poll replies die soon after promotion, so old space filled with garbage and
//   RSS rose by 50–80 MB every few minutes before a full GC. Two instances side by side on the soak load
//   (50 loggers, 1,000 lines/s, 520 s): without it RSS 85–104 MB with spikes to 145 and 149 MB; with it
//   83–95 MB and no spike, for about 3 % more CPU time (3,255 vs 3,174 ticks).
//
// `--max-semi-space-size` and `--max-old-space-size` are the usual knobs, but V8 reads them once when the
// heap is set up, so they cannot be set from inside the process, and a wrapper script or an `env -S` shebang
// breaks npx on some systems. The two flags above are read each time V8 sizes a space, so setting them at
// start-up works (passing the growth factor on node's command line did not: measured). A cap that let the
// young generation grow to 8 MiB, switched by a GC observer, overshot and cost more idle CPU (2.0 → 3.3 %).
import v8 from 'node:v8';

/** Both settings below, for the UI. */
export function keepHeapSmall(): void {
	keepYoungGenerationSmall();
	limitOldSpaceGrowth();
}

/** Stops V8 from growing the young generation from here on. */
export function keepYoungGenerationSmall(): void {
	v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/** Lets old space grow only 10 % past what the last full GC kept. */
export function limitOldSpaceGrowth(): void {
	v8.setFlagsFromString('--heap-growing-percent=10');
}

/** The young generation's current size in bytes (both semi-spaces). */
export function youngGenerationBytes(): number {
	return spaceSizeBytes('new_space');
}

/** The old generation's current size in bytes (old space, not counting large objects). */
export function oldSpaceBytes(): number {
	return spaceSizeBytes('old_space');
}

function spaceSizeBytes(spaceName: string): number {
	return v8.getHeapSpaceStatistics().find(space => space.space_name === spaceName)?.space_size ?? 0;
}
