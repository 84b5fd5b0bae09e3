// Comparators for React.memo where the parent rebuilds a prop object on every render that is equal in
// content (a banner, a health explanation). An idle frame redraws the table's figures; the components
// around it skip their render when their props say the same as before (pure, no React).

/** True when `a` and `b` are objects with the same keys and identical values (one level deep). */
export function sameFields(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
	const aKeys = Object.keys(a);
	if (aKeys.length !== Object.keys(b).length) return false;
	return aKeys.every(key => (a as Record<string, unknown>)[key] === (b as Record<string, unknown>)[key]);
}

/** Same keys with identical values; the values of the keys in `byFields` need only have the same fields. */
export function sameProps<P extends object>(a: P, b: P, byFields: ReadonlyArray<keyof P> = []): boolean {
	const aKeys = Object.keys(a) as Array<keyof P>;
	if (aKeys.length !== Object.keys(b).length) return false;
	return aKeys.every(key => a[key] === b[key] || (byFields.includes(key) && sameFields(a[key], b[key])));
}
