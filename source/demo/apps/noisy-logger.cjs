// Writes LINES_PER_SECOND lines per second to stdout, and an error line now and then.
const linesPerSecond = Number(process.env.LINES_PER_SECOND || 50);
const batch = Math.max(1, Math.round(linesPerSecond / 20));
let n = 0;
setInterval(() => {
	for (let i = 0; i < batch; i++) {
		n++;
		console.log(`${new Date().toISOString()} GET /api/items/${n % 997} 200 ${n % 37}ms`);
	}
	if (n % 500 < batch) console.error(`${new Date().toISOString()} WARN slow query took ${n % 900}ms`);
}, 50);
