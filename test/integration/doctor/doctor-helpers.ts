// Shared pieces of the doctor integration tests.
import fs from 'node:fs';
import path from 'node:path';
import {Writable} from 'node:stream';
import {demoAppsDir} from '../../helpers/pm2-sandbox.js';

/** A Writable that keeps what runCheckCommand prints. */
export function capture(): {stream: Writable; text: () => string} {
	let text = '';
	return {
		stream: new Writable({
			write(chunk, _encoding, done) {
				text += String(chunk);
				done();
			},
		}),
		text: () => text,
	};
}

/** Writes dir/file: an ecosystem file with one demo healthy-http app `name` listening on `port`. */
export function writeHttpAppEcosystem(dir: string, file: string, name: string, port: number): void {
	fs.writeFileSync(
		path.join(dir, file),
		`module.exports = {apps: [{name: '${name}', script: ${JSON.stringify(path.join(demoAppsDir, 'healthy-http.cjs'))}, env: {PORT: '${port}'}}]};\n`,
	);
}
