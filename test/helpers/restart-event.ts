// An exit as the restart timeline records it, made by the timeline's own constructor (so a field added to
// RestartEvent needs no change here); each test gives the fields that matter to it.
import {createTimelineState, ensureProcess, newEvent, type RestartEvent} from '../../source/model/restart-timeline.js';

export function restartEvent(fields: Partial<RestartEvent> & Pick<RestartEvent, 'exitAtMs'>): RestartEvent {
	const state = createTimelineState();
	const timeline = ensureProcess(state, fields.pmId ?? 0, fields.name ?? 'app');
	return newEvent(state, timeline, {exitTimeSource: 'daemon-log', ...fields});
}
