// Types for the parts of ink-swap.mjs the tests use.
export declare const testedInkVersion: string;
export declare const inkReplacements: Record<string, string>;
export declare function assertTestedInk(root?: string): void;
/** Bundles Ink's swapped modules as the shipped bundle does; resolves to the output file's path. */
export declare function buildInkSwapProbe(outdir: string, root?: string): Promise<string>;
