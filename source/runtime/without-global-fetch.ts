// Ink's layout engine, yoga-layout, carries its WebAssembly inline as a data: URL, and its Emscripten loader
// reads that URL with fetch() whenever a global fetch exists. In Node the first fetch() loads undici, and with
// it http, http2, tls, zlib and web streams, for the rest of the session: +7.8 MB RSS and +4.5 MB heap to
// import yoga-layout (16.8 → 9.0 MB), for a string the same loader decodes in place when fetch is absent (its
// path for Node before 18). So the UI imports Ink with the global hidden, and puts it back as soon as the import
// settles. Nothing in the UI fetches during start-up; the inspector's fetch() calls come later, on a key.
// test/unit/runtime/without-global-fetch.test.ts fails when yoga-layout's loader stops taking the fetch-less path.

/** Runs `load` with `globalThis.fetch` removed, and restores it (as it was) when `load` settles. */
export async function withoutGlobalFetch<T>(load: () => Promise<T>): Promise<T> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (!descriptor?.configurable) return load();
	Reflect.deleteProperty(globalThis, 'fetch');
	try {
		return await load();
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
