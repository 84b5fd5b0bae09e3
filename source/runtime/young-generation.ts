// Keeps V8's young generation at its starting size (two 1 MiB semi-spaces) in the long-running UI.
// Why: V8 doubles the young generation up to 2 x 16 MiB under allocation pressure and rarely gives it back,
// and every frame and every log line allocates. Measured with `npm run bench -- --phases compare` (A B A B,
// same machine): at 5,000 lines/s RSS 171/135 MB → 116/114 MB for +1.3 points of CPU (more scavenges);
// idle with 30 apps RSS 116–131 → 100 MB at equal CPU. A trivial Ink app: 113 → 86 MB.
// `--max-semi-space-size` is the usual knob, but V8 reads it once when the heap is set up, so it cannot be
// set from inside the process, and a wrapper script or an `env -S` shebang breaks npx on some systems. The
// growth factor is read each time V8 considers growing the space, so setting it at start-up works (passing
// it on node's command line did not: measured). A cap that let the space grow to 8 MiB, switched by a GC
// observer, overshot and cost more idle CPU (2.0 → 3.3 %), so it is simply off.
import v8 from 'node:v8';

/** Stops V8 from growing the young generation from here on. */
export function keepYoungGenerationSmall(): void {
	v8.setFlagsFromString('--semi-space-growth-factor=1');
}

/** The young generation's current size in bytes (both semi-spaces). */
export function youngGenerationBytes(): number {
	return v8.getHeapSpaceStatistics().find(space => space.space_name === 'new_space')?.space_size ?? 0;
}
