// pm2 ships its socket transport (a fork of axon) inside the package without types.
declare module 'pm2/modules/pm2-axon/index.js' {
	const axon: {socket(type: string): any};
	export default axon;
}
declare module 'pm2/modules/pm2-axon-rpc/index.js' {
	const rpc: {Client: new (socket: any) => {call(method: string, ...argsAndCallback: unknown[]): void}};
	export default rpc;
}
