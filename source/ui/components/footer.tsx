import {Box, Text} from 'ink';
import React from 'react';
import type {Scope} from '../keymap.js';
import {footerHints} from '../keymap-resolve.js';
import {glyphText} from '../theme.js';

type FooterProps = {activeScopes: readonly Scope[]; readOnly: boolean; width: number};

/** Key hints for the active scopes, generated from the keymap (drawn again only when they change). */
export const Footer = React.memo(function Footer({activeScopes, readOnly, width}: FooterProps) {
	return (
		<Box width={width} height={1} overflow="hidden">
			<Text dimColor wrap="truncate">
				{glyphText(footerHints(activeScopes, readOnly, width))}
			</Text>
		</Box>
	);
});
