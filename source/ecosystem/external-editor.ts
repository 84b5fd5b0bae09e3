// Hands the buffer to $VISUAL/$EDITOR and takes the result back. The text goes through a private temp file
// (mode 0600, a folder of its own, same base name so the editor picks the right syntax), never the real file:
// the result comes back into the buffer and is saved through the same validate → diff → atomic-write path.
// The UI must give the terminal away while the editor runs (see TerminalHandoff) — k9s#1314/#1913 show
// what goes wrong otherwise (input frozen or an extra keystroke needed after returning).
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the UI does around the editor: suspend = stop polling, leave raw mode and the alternate screen; resume = the reverse and a full redraw. */
export type TerminalHandoff = {
	suspend(): void | Promise<void>;
	resume(): void | Promise<void>;
};

export type ExternalEditResult = {ok: true; text: string; changed: boolean; editor: string} | {ok: false; message: string};

/** Returns the editor command line to use: $VISUAL, then $EDITOR, then vi. */
export function chooseEditor(env: NodeJS.ProcessEnv = process.env): string {
	return env.VISUAL?.trim() || env.EDITOR?.trim() || 'vi';
}

/**
 * Opens `text` in the external editor and resolves with the edited text. `editorCommand` may contain
 * arguments ("code --wait"); it runs through `sh -c` with the file as "$1", so the path is never re-split.
 */
export async function editInExternalEditor(
	text: string,
	options: {fileName: string; handoff: TerminalHandoff; editorCommand?: string; env?: NodeJS.ProcessEnv; stdio?: 'inherit' | 'ignore'},
): Promise<ExternalEditResult> {
	const editor = options.editorCommand ?? chooseEditor(options.env);
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pm2-doctor-edit-'));
	const tempFile = path.join(folder, path.basename(options.fileName));
	fs.writeFileSync(tempFile, text, {mode: 0o600});
	await options.handoff.suspend();
	let exit: {code: number | null; error: string | null};
	try {
		exit = await new Promise(resolve => {
			const child = spawn('/bin/sh', ['-c', `${editor} "$1"`, 'pm2-doctor-editor', tempFile], {
				stdio: options.stdio ?? 'inherit',
				env: options.env ?? process.env,
			});
			child.on('error', error => resolve({code: null, error: error.message}));
			child.on('exit', code => resolve({code, error: null}));
		});
	} finally {
		await options.handoff.resume();
	}
	try {
		if (exit.error !== null) return {ok: false, message: `Could not start the editor "${editor}": ${exit.error}`};
		if (exit.code !== 0) return {ok: false, message: `The editor "${editor}" exited with code ${String(exit.code)}; the buffer is unchanged.`};
		const edited = fs.readFileSync(tempFile, 'utf8');
		return {ok: true, text: edited, changed: edited !== text, editor};
	} finally {
		fs.rmSync(folder, {recursive: true, force: true});
	}
}
