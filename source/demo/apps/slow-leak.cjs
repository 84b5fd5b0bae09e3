// Retains LEAK_KB_PER_TICK kilobytes every LEAK_TICK_MS, like a cache that never evicts.
const kbPerTick = Number(process.env.LEAK_KB_PER_TICK || 256);
const tickMs = Number(process.env.LEAK_TICK_MS || 200);
const retained = [];
setInterval(() => {
	retained.push('x'.repeat(kbPerTick * 1024).split(''));
	if (retained.length % 50 === 0) console.log(`cache entries: ${retained.length}`);
}, tickMs);
