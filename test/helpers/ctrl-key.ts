/** The byte a terminal sends for ctrl+<letter> (ctrl('s') is 0x13), for the pseudo-terminal and the Ink harness alike. */
export const ctrl = (letter: string) => String.fromCharCode(letter.toLowerCase().charCodeAt(0) - 96);
