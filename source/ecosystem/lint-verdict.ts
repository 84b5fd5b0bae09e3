// Whether a lint report blocks a save. Its own module so the editor's service (loaded at start-up) can ask
// without loading the linter, which brings the loader, acorn and yaml.
import type {LintReport} from './lint-ecosystem.js';

/** The file does not load or has errors: saving it needs insisting ("save anyway"). */
export function hasBlockingFindings(report: Pick<LintReport, 'loaded' | 'counts'>): boolean {
	return !report.loaded || report.counts.error > 0;
}
