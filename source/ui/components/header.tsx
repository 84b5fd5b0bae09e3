import {Box, Text} from 'ink';
import React from 'react';
import type {ConnectionBanner} from '../connection-text.js';
import {toneColor} from '../theme.js';
import {truncate} from '../text-fit.js';

type HeaderProps = {home: string; banner: ConnectionBanner; processCount: number; readOnly: boolean; width: number; noColor: boolean};

/** One line: the app, the attached PM2_HOME and the connection state (loud when unreachable). */
export function Header({home, banner, processCount, readOnly, width, noColor}: HeaderProps) {
	const suffix = `${processCount} process${processCount === 1 ? '' : 'es'}${readOnly ? ' · read-only' : ''}`;
	const alarming = banner.tone === 'error';
	// The connection state is the most important part: it gets its room first, the path gets the rest.
	const bannerText = alarming ? ` ${banner.text} ` : banner.text;
	const fixedWidth = 'pm2-doctor · '.length + ' · '.length + bannerText.length + ' · '.length + suffix.length;
	const homeText = truncate(home, Math.max(8, width - fixedWidth));
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text wrap="truncate">
				<Text bold>pm2-doctor</Text>
				{` · ${homeText} · `}
				<Text color={toneColor(banner.tone === 'info' ? 'info' : banner.tone, noColor)} inverse={alarming} bold={alarming}>
					{bannerText}
				</Text>
				{` · ${suffix}`}
			</Text>
		</Box>
	);
}
