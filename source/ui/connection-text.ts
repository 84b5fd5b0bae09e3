// The words for the link to the PM2 daemon, shown in the header and the status line. Pure.
import {formatDuration} from '../model/format.js';
import type {ConnectionState} from '../model/types.js';
import stringWidth from 'string-width';
import {truncate} from './text-fit.js';
import {glyphs} from './theme.js';

const separator = ` ${glyphs.separator} `;

export type ConnectionBanner = {
	/** Short text for the header. */
	text: string;
	/** A shorter one for a narrow header, where it differs (no daemon pid). */
	compactText?: string;
	tone: 'info' | 'warning' | 'error';
	/** Longer explanation for the status line when nothing else is flashed; null when all is well. */
	explanation: string | null;
	/** The table shows old data. */
	stale: boolean;
};

/** Describes the connection state; `lastUpdateMs` is the time of the last successful poll. */
export function connectionBanner(connection: ConnectionState, nowMs: number, lastUpdateMs: number | null): ConnectionBanner {
	switch (connection.kind) {
		case 'connecting':
			return {text: `connecting${glyphs.ellipsis}`, tone: 'warning', explanation: null, stale: false};
		case 'attached':
			return {
				text: connection.daemonPid === null ? 'attached' : `attached (daemon pid ${connection.daemonPid})`,
				compactText: 'attached',
				tone: 'info',
				explanation: null,
				stale: false,
			};
		case 'unreachable': {
			const retry = connection.nextRetryAtMs === null ? 'retrying' : `retrying in ${Math.max(0, Math.ceil((connection.nextRetryAtMs - nowMs) / 1000))}s`;
			const age = lastUpdateMs === null ? '' : ` (last update ${formatDuration(nowMs - lastUpdateMs)} ago)`;
			return {
				text: `PM2 daemon unreachable ${glyphs.dash} ${retry}`,
				tone: 'error',
				explanation: `Data shown is stale${age}: ${connection.reason}. Actions are disabled until the daemon is back.`,
				stale: true,
			};
		}
		case 'not-answering': {
			const daemon = connection.daemonPid === null ? 'PM2 daemon' : `PM2 daemon (pid ${connection.daemonPid})`;
			const silentFor = formatDuration(Math.max(0, nowMs - connection.sinceMs));
			const age = lastUpdateMs === null ? '' : ` (last update ${formatDuration(Math.max(0, nowMs - lastUpdateMs))} ago)`;
			return {
				text: `${daemon} not answering for ${silentFor}`,
				tone: 'error',
				explanation: `Data shown is stale${age}: ${connection.reason}; the daemon is stopped or stuck. Actions are disabled until it answers.`,
				stale: true,
			};
		}
		case 'permission-denied':
			return {
				text: 'permission denied on the PM2 socket',
				tone: 'error',
				explanation: `${connection.reason} ${glyphs.dash} run pm2-doctor as the user that owns the daemon (or with --pm2-home pointing at your own).`,
				stale: true,
			};
	}
}

export type HeaderText = {
	/** "pm2-doctor · HOME · " before the banner. */
	home: string;
	/** The connection state, padded with a space each side when alarming (it is drawn inverse then). */
	banner: string;
	alarming: boolean;
	/** " · N processes[ · read-only]" after the banner. */
	suffix: string;
};

/** What the header line says: components/header.tsx and the plain first paint give the same. */
export type HeaderInput = {
	home: string;
	banner: ConnectionBanner;
	processCount: number;
	/** After the count: what the table shows of them and their health ("12 of 201 · 2 errors · 199 ok"). */
	detail?: string;
	readOnly: boolean;
	width: number;
	/** Whether history is recorded (last on the line, shortened or left out before anything else is cut). */
	history?: {text: string; compactText: string};
};

/** The header line's parts for `width` columns (components/header.tsx and the plain first paint draw them). */
export function headerText(options: HeaderInput): HeaderText {
	const {banner, processCount, readOnly, width} = options;
	const detail = options.detail ? `${separator}${options.detail}` : '';
	const suffix = `${processCount} process${processCount === 1 ? '' : 'es'}${detail}${readOnly ? `${separator}read-only` : ''}`;
	const alarming = banner.tone === 'error';
	// The connection state is the most important part: it gets its room first, the path gets the rest, down to a
	// few characters; then the daemon pid goes, so that the health counts after the process count stay on screen.
	const minimumHomeWidth = 6;
	const fixedWidthFor = (text: string) => 'pm2-doctor'.length + 3 * separator.length + text.length + suffix.length;
	const fullText = alarming ? ` ${banner.text} ` : banner.text;
	// The history indicator's short form goes before the daemon pid.
	const historyReserve = options.history ? separator.length + options.history.compactText.length : 0;
	const bannerText = banner.compactText !== undefined && width - fixedWidthFor(fullText) - historyReserve < minimumHomeWidth ? banner.compactText : fullText;
	// The history indicator only takes room the line has: the whole path first, then down to its few characters.
	const roomFor = (homeWidth: number) => width - fixedWidthFor(bannerText) - homeWidth - separator.length;
	const homeWidth = stringWidth(options.home);
	const {history} = options;
	const historyText = !history
		? ''
		: ([history.text, history.compactText].find(text => text.length <= roomFor(homeWidth)) ??
			(history.compactText.length <= roomFor(minimumHomeWidth) ? history.compactText : ''));
	const historyWidth = historyText === '' ? 0 : separator.length + historyText.length;
	const homeText = truncate(options.home, Math.max(minimumHomeWidth, width - fixedWidthFor(bannerText) - historyWidth));
	return {
		home: `${separator}${homeText}${separator}`,
		banner: bannerText,
		alarming,
		suffix: `${separator}${suffix}${historyText === '' ? '' : `${separator}${historyText}`}`,
	};
}
