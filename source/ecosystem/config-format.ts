// Which files PM2 treats as ecosystem files, and how it evaluates each kind.
// Mirrors `Common.knonwConfigFileExtensions` / `Common.isConfigFile` of pm2 7 (lib/Common.js).

/** How PM2 turns a config file into objects. */
export type ConfigFormat = 'json' | 'yaml' | 'js' | 'mjs';

// Order matters: PM2 tests `filename.indexOf(ext)` in this order, so `app.json.config.js` counts as JSON.
const pm2Extensions: Array<[string, ConfigFormat]> = [
	['.json', 'json'],
	['.yml', 'yaml'],
	['.yaml', 'yaml'],
	['.config.js', 'js'],
	['.config.cjs', 'js'],
	['.config.mjs', 'mjs'],
];

/** Returns the format PM2 would use for this file name, or null when PM2 would not treat it as a config file at all. */
export function detectConfigFormat(fileName: string): ConfigFormat | null {
	for (const [extension, format] of pm2Extensions) {
		if (fileName.includes(extension)) return format;
	}
	return null;
}

/** Returns true for file names worth loading while searching for an app's ecosystem file. */
export function isEcosystemCandidateName(baseName: string): boolean {
	if (baseName.startsWith('.')) return false;
	if (/^(ecosystem|process|pm2)\.json5?$/.test(baseName)) return true;
	if (/^(ecosystem|pm2|process)(\.[\w-]+)?\.ya?ml$/.test(baseName)) return true;
	// `*.config.{js,cjs,mjs}`: PM2 accepts any of them; tooling configs (vite, eslint, jest…) are weeded out by
	// loading them and matching the app name, but skip the ones that are never PM2 files to save child processes.
	if (/\.config\.(c|m)?js$/.test(baseName)) return !knownToolConfigPrefixes.some(prefix => baseName.startsWith(prefix + '.'));
	return false;
}

const knownToolConfigPrefixes = [
	'vite',
	'vitest',
	'eslint',
	'jest',
	'webpack',
	'rollup',
	'babel',
	'postcss',
	'tailwind',
	'next',
	'nuxt',
	'prettier',
	'svelte',
	'astro',
	'playwright',
	'commitlint',
	'stylelint',
	'tsup',
	'esbuild',
	'karma',
	'cypress',
];

/** Preference when several candidates in one folder define the app: PM2's documented default name first. */
export function candidatePriority(baseName: string): number {
	if (/^ecosystem\.config\.(c|m)?js$/.test(baseName)) return 0;
	if (baseName === 'ecosystem.json') return 1;
	if (/^(process|pm2)\.json$/.test(baseName)) return 2;
	if (/\.ya?ml$/.test(baseName)) return 3;
	return 4;
}
