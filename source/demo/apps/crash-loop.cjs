// Crashes with an uncaught exception after CRASH_AFTER_MS (default 1500 ms).
const delayMs = Number(process.env.CRASH_AFTER_MS || 1500);
console.log('crash-loop worker starting');
setTimeout(() => {
	console.error('about to fail: database connection refused');
	throw new Error('ECONNREFUSED 127.0.0.1:5432 (simulated)');
}, delayMs);
