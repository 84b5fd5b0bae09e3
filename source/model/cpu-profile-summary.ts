// The functions with the most self time in a V8 CPU profile (the .cpuprofile format: a call tree whose nodes
// carry hitCount, the samples that landed in that node itself). Pure.

export type ProfileNode = {id: number; callFrame: {functionName: string; url: string; lineNumber: number}; hitCount?: number};

export type HotFunction = {functionName: string; location: string; selfMs: number; selfShare: number};

/** Same function at the same place counts once, whatever its callers; V8's bookkeeping nodes are left out. */
export function hottestFunctions(profile: {nodes: ProfileNode[]; startTime: number; endTime: number}, limit = 10): HotFunction[] {
	const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
	if (totalHits === 0) return [];
	const msPerHit = (profile.endTime - profile.startTime) / 1000 / totalHits;
	const byFunction = new Map<string, {functionName: string; location: string; hits: number}>();
	for (const node of profile.nodes) {
		const {functionName, url, lineNumber} = node.callFrame;
		if (functionName === '(root)' || functionName === '(program)' || functionName === '(idle)') continue;
		const location = url ? `${url.replace(/^file:\/\//, '')}:${lineNumber + 1}` : '(native)';
		const key = `${functionName}\u0000${location}`;
		const entry = byFunction.get(key) ?? {functionName: functionName || '(anonymous)', location, hits: 0};
		entry.hits += node.hitCount ?? 0;
		byFunction.set(key, entry);
	}
	return [...byFunction.values()]
		.filter(entry => entry.hits > 0)
		.sort((a, b) => b.hits - a.hits)
		.slice(0, limit)
		.map(entry => ({functionName: entry.functionName, location: entry.location, selfMs: Math.round(entry.hits * msPerHit), selfShare: entry.hits / totalHits}));
}

export function formatHotFunctions(functions: readonly HotFunction[]): string {
	if (functions.length === 0) return 'No JavaScript ran during the profile (the app was idle).\n';
	const lines = ['   self ms  share  function (location)'];
	for (const entry of functions)
		lines.push(`  ${String(entry.selfMs).padStart(8)}  ${`${Math.round(entry.selfShare * 100)}%`.padStart(5)}  ${entry.functionName} (${entry.location})`);
	return lines.join('\n') + '\n';
}
