import {Box, Text} from 'ink';
import React from 'react';
import {toSafeText} from '../../logs/sanitize-line.js';
import {headerText, type HeaderInput} from '../connection-text.js';
import {sameProps} from '../same-props.js';
import {healthTone, toneColor} from '../theme.js';

/** The health counts in the header's suffix ("2 errors", "1 warning", "198 ok"), each in its level's colour. */
const countPattern = /(\d+ errors?|\d+ warnings?|\d+ ok)(?= |$)/;

function coloredCounts(suffix: string, noColor: boolean): React.ReactNode[] {
	const parts: React.ReactNode[] = [];
	let rest = suffix;
	for (let match = countPattern.exec(rest); match; match = countPattern.exec(rest)) {
		const text = match[0];
		const level = text.endsWith('ok') ? 'ok' : text.includes('warning') ? 'warning' : 'error';
		parts.push(rest.slice(0, match.index));
		parts.push(
			<Text key={parts.length} color={toneColor(healthTone(level), noColor)} dimColor={level === 'ok'}>
				{text}
			</Text>,
		);
		rest = rest.slice(match.index + text.length);
		if (level === 'ok') break; // the counts end with ok; what follows (a filter) is the user's text
	}
	parts.push(rest);
	return parts;
}

type HeaderProps = HeaderInput & {noColor: boolean};

/** One line: the app, the attached PM2_HOME and the connection state (loud when unreachable). */
export const Header = React.memo(HeaderLine, (before, after) => sameProps(before, after, ['banner', 'history']));

function HeaderLine({home, banner, processCount, detail, readOnly, width, noColor, history}: HeaderProps) {
	const text = headerText({home: toSafeText(home), banner, processCount, detail, readOnly, width, history});
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate">
				<Text bold>pm2-doctor</Text>
				{text.home}
				<Text color={toneColor(banner.tone === 'info' ? 'info' : banner.tone, noColor)} inverse={text.alarming} bold={text.alarming}>
					{text.banner}
				</Text>
				{coloredCounts(text.suffix, noColor)}
			</Text>
		</Box>
	);
}
