// The terminal streams handed to Ink are the real ones with one method swapped (write gated or rewritten,
// read split into keys): a Proxy, so everything else (columns, rows, isTTY, setRawMode, listeners) stays
// the real stream's, and its methods stay bound to it.

/** `target` with `name` answered by `replacement`; every other property is the target's own. */
export function replaceMethod<T extends object>(target: T, name: PropertyKey, replacement: (...args: unknown[]) => unknown): T {
	return new Proxy(target, {
		get(object, property) {
			if (property === name) return replacement;
			const value = Reflect.get(object, property, object) as unknown;
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
		},
	});
}
