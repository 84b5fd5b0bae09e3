// The doctor's fix loop across views: a flow's ecosystem fix opens the editor (the doctor view unmounts), the
// editor saves and applies, and the doctor's flow reopens to re-run the check that produced the finding. This
// record is what survives in between: which flow and fix started it, and what the apply did.
import type {Finding} from '../../doctor/check-types.js';
import type {ConfigEdit} from '../../ecosystem/edit-config.js';

export type FixLoopApply = {
	ok: boolean;
	/** The apps the apply targeted (`--only`). */
	apps: string[];
	atMs: number;
	message: string;
	/** The command as run, for the record ("pm2 startOrReload … --only worker"). */
	command: string;
};

export type FixLoopRecord = {
	/** The finding whose flow offered the fix (null when browsing a section without one). */
	finding: Finding | null;
	/** The playbook section (flow) id, to reopen it. */
	flowId: string;
	fixCursor: number;
	listCursor: number;
	edit: ConfigEdit;
	apply: FixLoopApply | null;
};

export type FixLoop = {
	current(): FixLoopRecord | null;
	begin(record: Omit<FixLoopRecord, 'apply'>): void;
	recordApply(apply: FixLoopApply): void;
	clear(): void;
};

export function createFixLoop(): FixLoop {
	let record: FixLoopRecord | null = null;
	return {
		current: () => record,
		begin(next) {
			record = {...next, apply: null};
		},
		recordApply(apply) {
			if (record) record = {...record, apply};
		},
		clear() {
			record = null;
		},
	};
}
