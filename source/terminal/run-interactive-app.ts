// The entry point cli.tsx calls for the live UI (implemented in terminal-session.ts).
export {runInteractiveApp, interactiveTerminalProblem, type InteractiveOptions} from './terminal-session.js';
