// A well-behaved HTTP service on loopback. Port from PORT (default 47180).
const http = require('node:http');
const port = Number(process.env.PORT || 47180);
const server = http.createServer((req, res) => {
	res.end('ok\n');
});
server.listen(port, '127.0.0.1', () => {
	console.log(`healthy-http listening on 127.0.0.1:${port}`);
	if (process.send) process.send('ready');
});
setInterval(() => console.log(`heartbeat ${new Date().toISOString()}`), 5000);
process.on('SIGINT', () => server.close(() => process.exit(0)));
