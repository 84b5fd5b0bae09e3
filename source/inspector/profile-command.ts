// `pm2-doctor profile <name|id> [--seconds N] [--out DIR] [--json]`: a CPU profile through the same inspector
// session as `heap`, written as a .cpuprofile (Chrome DevTools opens it) with the ten functions with the most
// self time printed.
import fs from 'node:fs/promises';
import path from 'node:path';
import {toSafeJson, toSafeText} from '../logs/sanitize-line.js';
import {formatHotFunctions, hottestFunctions} from '../model/cpu-profile-summary.js';
import {recordCpuProfile, writePrivateFile} from './capture.js';
import {describeSessionFailure, findInspectableProcess, outputFileName} from './inspect-target.js';
import {defaultInspectorPort, InspectRefusal, isPortAnswering, openInspector, portTakenMessage, type Signaller} from './open-inspector.js';

export type ProfileCommandOptions = {
	home: string;
	target: string | undefined;
	outDir?: string;
	seconds?: number;
	json: boolean;
	readOnly: boolean;
	signal?: Signaller;
	port?: number;
};

export async function runProfileCommand(options: ProfileCommandOptions): Promise<number> {
	const refuse = (message: string) => {
		process.stderr.write(`pm2-doctor: ${message}\n`);
		if (options.json) process.stdout.write(toSafeJson({error: message}) + '\n');
		return 2;
	};
	if (!options.target) return refuse('profile needs a process: pm2-doctor profile <name|id>');
	const seconds = options.seconds ?? 10;
	if (!(Number.isFinite(seconds) && seconds >= 1 && seconds <= 600)) return refuse('--seconds must be a number from 1 to 600');
	const outDir = path.resolve(options.outDir ?? '.');
	try {
		await fs.access(outDir, fs.constants.W_OK);
	} catch {
		return refuse(`cannot write to ${toSafeText(outDir)}`);
	}
	const found = await findInspectableProcess(options.home, options.target, options.readOnly);
	if (!found.ok) return refuse(found.message);
	const {process: target, label} = found;
	const port = options.port ?? defaultInspectorPort;
	// Said before the notice: a refusal is the only line printed.
	if (await isPortAnswering(port)) return refuse(portTakenMessage(port));
	process.stderr.write(
		`pm2-doctor: ${label}: a ${seconds} s CPU profile (the app runs on, a little slower); its inspector listens on 127.0.0.1:${port} meanwhile (closed afterwards); written 0600 in ${toSafeText(outDir)}\n`,
	);
	let inspector;
	try {
		inspector = await openInspector(target.pid, {signal: options.signal, port});
	} catch (error) {
		return refuse(error instanceof InspectRefusal ? error.message : describeSessionFailure(target.pid, error));
	}
	let profile;
	try {
		profile = await recordCpuProfile(inspector.session, seconds * 1000);
	} catch (error) {
		return refuse(describeSessionFailure(target.pid, error));
	} finally {
		await inspector.close();
	}
	const file = path.join(outDir, outputFileName(target, 'cpuprofile'));
	writePrivateFile(file, JSON.stringify(profile));
	const hot = hottestFunctions(profile);
	process.stderr.write(`pm2-doctor: wrote ${toSafeText(file)}\n`);
	if (options.json) process.stdout.write(toSafeJson({target: {name: target.name, pmId: target.pmId, pid: target.pid}, file, hottest: hot}) + '\n');
	else
		process.stdout.write(
			formatHotFunctions(hot)
				.split('\n')
				.map(line => toSafeText(line))
				.join('\n'),
		);
	return 0;
}
