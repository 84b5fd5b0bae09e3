import {Box, Text} from 'ink';
import React from 'react';
import {toSafeText} from '../../logs/sanitize-line.js';
import {headerText, type HeaderInput} from '../connection-text.js';
import {toneColor} from '../theme.js';

type HeaderProps = HeaderInput & {noColor: boolean};

/** One line: the app, the attached PM2_HOME and the connection state (loud when unreachable). */
export function Header({home, banner, processCount, detail, readOnly, width, noColor, history}: HeaderProps) {
	const text = headerText({home: toSafeText(home), banner, processCount, detail, readOnly, width, history});
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate">
				<Text bold>pm2-doctor</Text>
				{text.home}
				<Text color={toneColor(banner.tone === 'info' ? 'info' : banner.tone, noColor)} inverse={text.alarming} bold={text.alarming}>
					{text.banner}
				</Text>
				{text.suffix}
			</Text>
		</Box>
	);
}
