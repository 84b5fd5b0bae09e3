// Requires a module that is not installed: fails at start every time.
require('a-module-that-is-not-installed');
