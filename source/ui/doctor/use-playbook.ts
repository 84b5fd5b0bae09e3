// The doctor's playbook (docs/TROUBLESHOOTING.md), from the services the App was started with: reading the
// file is the services' business, the doctor view only shows it.
import {createContext, useContext} from 'react';
import type {Playbook} from '../../doctor/playbook.js';

/** Gives the playbook, read on first use and kept. */
export const PlaybookContext = createContext<(() => Playbook) | null>(null);

export function usePlaybook(): Playbook {
	const playbook = useContext(PlaybookContext);
	if (!playbook) throw new Error('no playbook: render inside <PlaybookContext.Provider>');
	return playbook();
}
