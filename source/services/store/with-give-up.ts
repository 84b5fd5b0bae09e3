// The live store's last word on a poll: whatever the transport does, an unanswered poll is given up.

/** Rejects when `promise` has not settled within `timeoutMs`, whatever the client does. */
export function withGiveUp<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
	return new Promise((resolve, reject) => {
		const giveUpTimer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
		giveUpTimer.unref?.();
		promise.then(
			value => {
				clearTimeout(giveUpTimer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(giveUpTimer);
				reject(error);
			},
		);
	});
}
