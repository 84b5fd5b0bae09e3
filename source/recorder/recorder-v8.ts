// The recorder's V8 settings: the interpreter only, no optimizing or baseline compiler.
//
// The recorder runs for weeks and its JavaScript is not hot: per interval it decodes one getMonitorData reply
// (JSON.parse, native), maps it, and hands 50 rows to SQLite (native). Measured beside 50 apps (several recorders at
// once on one daemon, 120 s after their first minute, a loaded 2-core host): with V8's defaults RSS max 67–70 MB,
// 44.3 MB of it file-backed; with these flags on node's command line 57.8–58.4 MB, 39.5 MB file-backed (the
// compilers' own code is never paged in, and no machine code is kept), and CPU no higher (0.57–0.66 % of a core
// against 0.71–0.80 %: no compile jobs on V8's threads).
// `--lite-mode` saved as much but implies `--jitless`, which disables WebAssembly and with it fetch (undici's HTTP
// parser), so webhook alerts failed.
//
// Flags set from inside a running process apply to code compiled afterwards only: `record --install` passes
// them on node's command line (PM2's node_args); the foreground `record` sets them first thing in bin.ts, which
// measured nearly the same (RSS max 59–61 MB, 40.3 MB file-backed).
import v8 from 'node:v8';

export const recorderNodeArgs: readonly string[] = ['--no-opt', '--no-sparkplug', '--optimize-for-size'];

/** Sets the recorder's flags in this process (from here on). */
export function applyRecorderV8Flags(): void {
	for (const flag of recorderNodeArgs) v8.setFlagsFromString(flag);
}
